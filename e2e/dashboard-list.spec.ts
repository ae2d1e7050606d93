import { expect, request as playwrightRequest, test, type Page } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import { signIn } from "./support";

// The list against the sample environments (prisma/seed), read here independently of the app.
interface Seed {
  key: string;
  subset: string;
  configs: number;
  tools: number;
}
const toolsOf = new Map(
  (JSON.parse(fs.readFileSync(path.join(process.cwd(), "prisma/seed/outcomes.json"), "utf8")) as { environments: { key: string; tools: string[] }[] }).environments.map((e) => [e.key, e.tools.length]),
);
const seed: Seed[] = fs
  .readFileSync(path.join(process.cwd(), "prisma/seed/records.jsonl"), "utf8")
  .split("\n")
  .filter(Boolean)
  .map((line) => {
    const r = JSON.parse(line) as { code_id: string; env_name: string; unit_test_list: unknown[] };
    const key = `${r.code_id}__${r.env_name}`;
    return { key, subset: r.code_id.replace(/_\d+_I$/, ""), configs: r.unit_test_list.length, tools: toolsOf.get(key) ?? 0 };
  });

const rowKeys = (page: Page) => page.getByTestId("environments-table").locator("tbody a.row-link").allTextContents();

test.beforeEach(async ({ page }) => signIn(page));

test("filtering and sorting the list update the URL and the rows", async ({ page }) => {
  await page.goto("/environments");
  await expect(page.getByTestId("total")).toHaveText(`(${seed.length})`);

  // A subset from the dropdown: the URL says so, and exactly that subset's environments remain.
  await page.getByTestId("filter-subset").locator("summary").click();
  await page.getByTestId("filter-subset").getByLabel("Codeforces").check();
  await expect(page).toHaveURL(/[?&]subset=Codeforces(&|$)/);
  const codeforces = seed.filter((s) => s.subset === "Codeforces").map((s) => s.key).sort();
  await expect.poll(() => rowKeys(page)).toEqual(codeforces);
  await expect(page.getByTestId("total")).toHaveText(`(${codeforces.length} matching)`);

  // Sorting by tools (descending on first click), then ascending; the filter stays.
  const tools = async () => (await page.locator("tbody tr td:nth-child(3)").allTextContents()).map(Number);
  const expected = codeforces.map((k) => seed.find((s) => s.key === k)!.tools).sort((a, b) => b - a);
  await page.getByTestId("sort-toolCount").click();
  await expect(page).toHaveURL(/subset=Codeforces&sort=toolCount&dir=desc/);
  await expect.poll(tools).toEqual(expected);
  await expect(page.locator("th[aria-sort]")).toHaveAttribute("aria-sort", "descending");
  await page.getByTestId("sort-toolCount").click();
  await expect(page).toHaveURL(/sort=toolCount$/);
  await expect.poll(tools).toEqual([...expected].reverse());

  // The text search, applied with Enter; then clearing every filter keeps the sort.
  await page.getByTestId("filter-clear").click();
  await expect(page).toHaveURL(/\/environments\?sort=toolCount$/);
  await page.getByRole("searchbox").fill("shipcapacity");
  await page.getByRole("searchbox").press("Enter");
  await expect(page).toHaveURL(/q=shipcapacity/);
  await expect.poll(() => rowKeys(page)).toEqual(["Codeforces_8344_I__ShipCapacityEnv"]);

  // A reload of the shared URL shows the same view.
  await page.reload();
  await expect(page.getByRole("searchbox")).toHaveValue("shipcapacity");
  await expect.poll(() => rowKeys(page)).toEqual(["Codeforces_8344_I__ShipCapacityEnv"]);
});

test("ranges are checked before navigating, and the window and tool filters apply", async ({ page }) => {
  await page.goto("/environments");
  await page.getByLabel("Tools at least").fill("9");
  await page.getByLabel("Tools at most").fill("3");
  await page.getByTestId("filter-apply").click();
  await expect(page.locator(".filter-problems")).toContainText("tools_min");
  await expect(page).toHaveURL(/\/environments$/);

  await page.getByLabel("Tools at least").fill("10");
  await page.getByLabel("Tools at most").fill("");
  await page.getByTestId("filter-apply").click();
  await expect(page).toHaveURL(/tools_min=10/);
  await expect.poll(() => rowKeys(page)).toEqual(["Leetcode_7781_I__TrappingRainWaterEnv"]);

  await page.goto("/environments?tool=PopChar");
  await expect.poll(() => rowKeys(page)).toEqual(["Leetcode_1029_I__BracketValidatorEnv"]);
});

test("pages turn with links and keys, and j/k plus Enter open an environment", async ({ page }) => {
  await page.goto("/environments?pageSize=5");
  const keys = seed.map((s) => s.key).sort();
  await expect.poll(() => rowKeys(page)).toEqual(keys.slice(0, 5));
  await expect(page.getByTestId("range").first()).toHaveText(`1–5 of ${seed.length}`);
  await page.getByTestId("page-next").first().click();
  await expect(page).toHaveURL(/page=2/);
  await expect.poll(() => rowKeys(page)).toEqual(keys.slice(5, 10));
  await page.keyboard.press("]");
  await expect(page).toHaveURL(/page=3/);
  await expect.poll(() => rowKeys(page)).toEqual(keys.slice(10, 15));

  await page.locator("h1").click(); // focus the page, not a field
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  await expect(page.locator("tbody tr").nth(1)).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("k");
  await expect(page.locator("tbody tr").nth(0)).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/environments/${keys[10]}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(keys[10]!);
});

test("a bad filter URL shows an error state, and the API answers 400 naming the field", async ({ page, baseURL }) => {
  await page.goto("/environments?status=bogus&tools_min=abc");
  const error = page.getByTestId("error-state");
  await expect(error).toBeVisible();
  await expect(error).toContainText("status");
  await expect(error).toContainText("tools_min");
  await error.getByRole("link", { name: "Drop status, tools_min" }).click();
  await expect(page.getByTestId("environments-table")).toBeVisible();

  await page.goto("/stats?pass_min=2");
  await expect(page.getByTestId("error-state")).toContainText("pass_min");

  const bad = await page.request.get("/api/environments?sort=password&pageSize=5000");
  expect(bad.status()).toBe(400);
  const problem = await bad.json();
  expect(problem.errors.map((e: { field: string }) => e.field).sort()).toEqual(["pageSize", "sort"]);

  const good = await page.request.get("/api/environments?subset=Leetcode&sort=toolCount&dir=desc&pageSize=3");
  expect(good.status()).toBe(200);
  const body = await good.json();
  expect(body).toMatchObject({ total: seed.filter((s) => s.subset === "Leetcode").length, page: 1, pageSize: 3, totalCapped: false });
  expect(body.rows).toHaveLength(3);

  // Without a session the data API refuses.
  const anonymous = await playwrightRequest.newContext({ baseURL });
  expect((await anonymous.get("/api/environments")).status()).toBe(401);
  await anonymous.dispose();
});
