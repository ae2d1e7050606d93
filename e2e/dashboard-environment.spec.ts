import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import { csrf, signIn } from "./support";

// The environment page against the sample environments. The replay needs a real
// verification: it is started through POST /api/verify as the signed-in admin and
// runs the oracle in the sandbox; nothing here writes results of its own.

const SHIP = "Codeforces_8344_I__ShipCapacityEnv";
const BRACKETS = "Leetcode_1029_I__BracketValidatorEnv";
const records = new Map(
  fs
    .readFileSync(path.join(process.cwd(), "prisma/seed/records.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { code_id: string; env_name: string; gym_env: string; docstring: string; unit_test_list: { solve_fc_round: number | null }[] })
    .map((r) => [`${r.code_id}__${r.env_name}`, r]),
);

/** Starts a verification of the current revision and waits for the run to end; returns its id. */
async function verify(page: Page, request: APIRequestContext, key: string): Promise<number> {
  const started = await request.post("/api/verify", { data: { key }, headers: { "x-csrf-token": await csrf(page) } });
  // POST /api/verify and GET /api/runs/:id belong to the verification service.
  expect(started.status(), `POST /api/verify answered ${started.status()}`).toBeLessThan(300);
  const body = (await started.json()) as { runs: { runId: number; key: string }[] };
  const runId = body.runs.find((r) => r.key === key)!.runId;
  await expect
    .poll(async () => {
      const json = (await (await request.get(`/api/runs/${runId}`)).json()) as { status?: string; run?: { status: string } };
      return (json.run ?? json).status ?? "";
    }, { timeout: 60_000 })
    .toMatch(/succeeded|failed|cancelled/);
  return runId;
}

/** 1-based line of the first line of `text` holding `needle`. */
const lineOf = (text: string, needle: RegExp) => text.split("\n").findIndex((l) => needle.test(l)) + 1;

test.beforeEach(async ({ page }) => signIn(page));

test("the header, a tool's method in the source, solve(), and the docs block as the agent sees it", async ({ page }) => {
  const record = records.get(BRACKETS)!;
  await page.goto(`/environments/${BRACKETS}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(BRACKETS);
  await expect(page.getByTestId("env-status")).toContainText(`0/${record.unit_test_list.length} configurations passed`);
  await expect(page.getByTestId("env-review")).toContainText("pending");
  await expect(page.getByTestId("env-revision")).toContainText("1 of 1");

  // The parser's findings for this environment (documented in prisma/seed/README.md).
  await expect(page.getByTestId("findings")).toContainText("no docstring");
  await expect(page.getByTestId("findings")).toContainText("undocumented argument");

  // Clicking a tool shows its method: the editor's revealed range starts at its def line.
  const editor = page.getByTestId("source-editor");
  await expect(editor.locator(".monaco-editor")).toBeVisible();
  await page.getByTestId("tools-table").getByRole("button", { name: "IsMatching", exact: true }).click();
  const start = lineOf(record.gym_env, /^\s+def IsMatching\(/);
  await expect(editor).toHaveAttribute("data-revealed", new RegExp(`^${start}-\\d+$`));
  await expect(editor.locator(".view-lines")).toContainText("def IsMatching(self");
  await expect(page).toHaveURL(/tool=IsMatching/);

  // `s` jumps to solve().
  await page.locator("h1").click();
  await page.keyboard.press("s");
  await expect(editor).toHaveAttribute("data-revealed", new RegExp(`^${lineOf(record.gym_env, /^\s+def solve\(/)}-\\d+$`));
  await expect(editor.locator(".view-lines")).toContainText("def solve(self");

  // The tool docs block, as the system prompt carries it (the record's docstring, trailing whitespace aside).
  await page.getByTestId("tab-task").click();
  await expect(page).toHaveURL(/tab=task/);
  const shown = (await page.getByTestId("docs-block").textContent()) ?? "";
  const trim = (s: string) => s.split("\n").map((l) => l.trimEnd()).join("\n").trim();
  expect(trim(shown)).toBe(trim(record.docstring));
  await expect(page.getByTestId("user-message")).toContainText("Question:");

  // An unknown key is a 404 page, not a crash.
  const missing = await page.goto("/environments/Nope_1_I__NoSuchEnv");
  expect(missing?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toBeVisible();
});

test("a verification's results, the oracle replay step by step, and the run history", async ({ page }) => {
  test.setTimeout(120_000);
  const runId = await verify(page, page.request, SHIP);

  // Configuration 3 is the one the seed's oracle gets wrong (README: days = 1, it submits 31, not 32).
  await page.goto(`/environments/${SHIP}?tab=configs`);
  await expect(page.getByTestId("config-row-3")).toContainText("wrong answer");
  await expect(page.getByTestId("config-row-0")).toContainText("passed");
  await expect(page.getByTestId("env-status")).toContainText("4/5 configurations passed");

  await page.getByTestId("replay-link-3").click();
  await expect(page).toHaveURL(/tab=replay&config=3/);
  const replay = page.getByTestId("replay");
  await expect(replay.getByTestId("replay-steps")).toHaveText("8");
  await expect(replay.getByTestId("replay-reward")).toHaveText("0");
  await expect(replay.getByTestId("replay-position")).toHaveText("Step 1 of 8");
  await expect(replay.getByTestId("replay-tool")).toHaveText("Observe");

  // Step with the keyboard (→ / j forward, ← / k back, End to the last call).
  await page.locator("h1").click();
  await page.keyboard.press("ArrowRight");
  await expect(replay.getByTestId("replay-position")).toHaveText("Step 2 of 8");
  await page.keyboard.press("j");
  await expect(replay.getByTestId("replay-position")).toHaveText("Step 3 of 8");
  await page.keyboard.press("k");
  await expect(replay.getByTestId("replay-position")).toHaveText("Step 2 of 8");
  await page.keyboard.press("End");
  await expect(replay.getByTestId("replay-position")).toHaveText("Step 8 of 8");
  await expect(replay.getByTestId("replay-tool")).toHaveText("Done");
  await expect(replay.getByTestId("replay-parameters")).toContainText('"answer": 31');
  await expect(replay.getByTestId("replay-observation")).toContainText("reward=0");

  // The shared URL reopens the same configuration.
  await page.reload();
  await expect(page.getByTestId("replay-config")).toHaveValue("3");

  await page.getByTestId("tab-history").click();
  await expect(page.getByTestId("runs-table")).toContainText(String(runId));
  await expect(page.getByTestId("runs-table")).toContainText("4/5");

  // The verify button shows the live progress of a new run and the page catches up when it ends.
  await page.getByTestId("verify-button").click();
  await expect(page.getByTestId("run-progress")).toBeVisible();
  await expect(page.getByTestId("run-progress")).toHaveAttribute("data-status", /succeeded|failed/, { timeout: 60_000 });
  await expect(page.getByTestId("runs-table").locator("tbody tr")).toHaveCount(2, { timeout: 15_000 });
});
