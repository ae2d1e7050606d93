import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import { asyncBufferFromFile, parquetReadObjects } from "hyparquet";
import { PARQUET_DECOMPRESSORS } from "../lib/import/parquet-codecs";

// The export dialog against the sample environments npm start loads (none is
// approved on a fresh install, so these exports include unapproved ones).
// Expected counts and rows are read here from prisma/seed, not from the app.

interface SeedRecord {
  code_id: string;
  env_name: string;
  unit_test_list: { unit_test: string }[];
}
const seedDir = path.join(process.cwd(), "prisma/seed");
const records = fs
  .readFileSync(path.join(seedDir, "records.jsonl"), "utf8")
  .split("\n")
  .filter(Boolean)
  .map((l) => JSON.parse(l) as SeedRecord);
const trainingRows = fs
  .readFileSync(path.join(seedDir, "training.jsonl"), "utf8")
  .split("\n")
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { ability: string; prompt: { content: string }[] });
const leetcode = records.filter((r) => r.code_id.startsWith("Leetcode_"));
const leetcodeConfigs = leetcode.reduce((n, r) => n + r.unit_test_list.length, 0);
const password = process.env.CURATOR_ADMIN_PASSWORD ?? "e2e-admin-password";

async function signIn(page: Page, username = "admin", pw = password) {
  const login = await page.request.post("/api/auth/login", { data: { username, password: pw } });
  expect(login.ok()).toBe(true);
}

async function csrf(ctx: APIRequestContext): Promise<string> {
  return (await ctx.storageState()).cookies.find((c) => c.name === "curator_csrf")?.value ?? "";
}

test("exporting a filtered selection: preview, progress, download, manifest and audit trail", async ({ page }) => {
  await signIn(page);
  await page.goto("/exports/new?subset=Leetcode&include_unapproved=1");
  const dialog = page.getByTestId("export-dialog");
  await expect(dialog.getByTestId("filter-chips")).toContainText("subset: Leetcode");
  await expect(page.getByTestId("preview-split-all").getByTestId("preview-items")).toHaveText(String(leetcodeConfigs));
  await expect(page.getByTestId("export-preview")).toContainText(`${leetcode.length} environments selected`);

  // A validation split: two files, whose counts add up; the URL carries the options.
  await page.getByTestId("val-fraction").fill("0.3");
  await page.getByTestId("seed").fill("4");
  await expect(page.getByTestId("preview-split-val")).toBeVisible();
  await expect(page).toHaveURL(/val_fraction=0\.3/);
  const train = Number(await page.getByTestId("preview-split-train").getByTestId("preview-items").textContent());
  const val = Number(await page.getByTestId("preview-split-val").getByTestId("preview-items").textContent());
  expect(train + val).toBe(leetcodeConfigs);

  // A bad value is caught in the form, naming the field, before anything is sent.
  await page.getByTestId("seed").fill("-2");
  await expect(dialog).toContainText("seed: Too small");
  await expect(page.getByTestId("start-export")).toBeDisabled();
  await page.getByTestId("seed").fill("4");

  await page.getByTestId("start-export").click();
  await expect(page.getByTestId("export-progress")).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-train").click()]);
  const file = await download.path();
  const rows = fs.readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(rows.length).toBe(train);
  for (const row of rows) {
    expect(Object.keys(row)).toEqual(["data_source", "ability", "code_id", "prompt", "reward_model", "answer", "plugin_call_max_round", "extra_info"]);
    expect(String(row.code_id)).toMatch(/^Leetcode_/);
  }
  // A row the seed has a training row for comes out as that row (nothing is verified yet).
  const known = rows.find((r) => trainingRows.some((t) => t.ability === r.ability))!;
  expect(known).toEqual(trainingRows.find((t) => t.ability === known.ability));

  // The export's own page: manifest and the audit events, download included.
  await page.getByRole("link", { name: /Details of export \d+/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Export \d+/);
  await expect(page.getByTestId("export-events")).toContainText("export.create");
  await expect(page.getByTestId("export-events")).toContainText("export.finish");
  await expect(page.getByTestId("export-events")).toContainText("export.download");
  const id = Number(page.url().split("/").pop());
  const manifest = await page.request.get(`/api/exports/${id}/download?file=codegym-verl-jsonl-${id}.manifest.json`);
  expect(manifest.ok()).toBe(true);
  const m = (await manifest.json()) as {
    filter: string;
    counts: { items: number; environments: number };
    files: { name: string; items: number }[];
    options: { valFraction: number; seed: number };
    revisions: Record<string, number>;
  };
  expect(m.filter).toBe("subset=Leetcode");
  // The file has the revision of each environment; the page shows the rest of the manifest.
  expect(Object.keys(m.revisions)).toHaveLength(m.counts.environments);
  await expect(page.getByText(`${m.counts.environments}, one per environment (listed in the manifest file)`)).toBeVisible();
  await page.getByText("The manifest, without its revision lists").click();
  await expect(page.locator("pre")).toContainText('"sha256"');
  await expect(page.locator("pre")).not.toContainText('"revisions"');
  await page.screenshot({ path: "test-results/export-detail.png", fullPage: true });
  expect(m.options).toMatchObject({ valFraction: 0.3, seed: 4 });
  expect(m.counts.items).toBe(leetcodeConfigs);
  expect(m.files.map((f) => f.items)).toEqual([train, val]);

  await page.goto("/exports");
  await expect(page.getByTestId(`export-row-${id}`)).toContainText("succeeded");
});

test("a Parquet export from the dialog, encoded by the built app's encoder thread: the rows a Parquet reader finds", async ({ page }) => {
  await signIn(page);
  await page.goto("/exports/new?subset=Leetcode&include_unapproved=1");
  await page.getByTestId("format-verl-parquet").check();
  await expect(page).toHaveURL(/format=verl-parquet/);
  await page.getByTestId("start-export").click();
  await expect(page.getByTestId("export-progress")).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-all").click()]);
  const file = await asyncBufferFromFile(await download.path());
  const rows = await parquetReadObjects({ file, compressors: PARQUET_DECOMPRESSORS });
  expect(rows.length).toBe(leetcodeConfigs);
  const known = rows.find((r) => trainingRows.some((t) => t.ability === r.ability))!;
  const seedRow = trainingRows.find((t) => t.ability === known.ability)!;
  expect(known.prompt).toEqual(seedRow.prompt);
  expect(Object.keys(known)).toEqual(["data_source", "ability", "code_id", "prompt", "reward_model", "answer", "plugin_call_max_round", "extra_info"]);
});

test("the instruction text is a setting curators edit in the dialog; the preview uses it", async ({ page }) => {
  await signIn(page);
  await page.goto("/exports/new?include_unapproved=1");
  // The preview arrives from the browser, so the form is live (hydrated) once it shows.
  await expect(page.getByTestId("export-preview")).toBeVisible();
  const text = page.getByTestId("instruction-text");
  const original = trainingRows[0]!.prompt[1]!.content.split("\n\nQuestion:\n\n")[0]!;
  await expect(text).toHaveValue(original);
  try {
    await text.fill("Use the functions to answer. (e2e)");
    await page.getByTestId("save-instruction-text").click();
    await expect(page.getByTestId("export-preview")).toContainText("Use the functions to answer. (e2e)\n\nQuestion:");
    await page.getByRole("button", { name: "Use the default" }).click();
    await expect(text).toHaveValue(original);
    await page.getByTestId("save-instruction-text").click();
    await expect(page.getByTestId("export-preview")).toContainText(`${original.slice(-40)}\n\nQuestion:`);
  } finally {
    // Put the default back for whoever comes next, whatever happened above.
    await page.request.put("/api/exports/instruction-text", { data: { text: original }, headers: { "x-csrf-token": await csrf(page.request) } });
  }
});

test("viewers may export but not change the instructions", async ({ page, baseURL }) => {
  await signIn(page);
  const created = await page.request.post("/api/users", {
    data: { username: "export-viewer", password: "export-viewer-pw", role: "viewer" },
    headers: { "x-csrf-token": await csrf(page.request) },
  });
  expect([201, 409]).toContain(created.status());
  const viewer = await playwrightRequest.newContext({ baseURL });
  expect((await viewer.post("/api/auth/login", { data: { username: "export-viewer", password: "export-viewer-pw" } })).ok()).toBe(true);
  const headers = { "x-csrf-token": await csrf(viewer) };
  const started = await viewer.post("/api/exports", { data: { format: "sources", includeUnapproved: true }, headers });
  expect(started.status()).toBe(202);
  expect((await viewer.put("/api/exports/instruction-text", { data: { text: "mine" }, headers })).status()).toBe(403);
  const bad = await viewer.post("/api/exports", { data: { format: "sources", trainingFilter: true, seed: -1 }, headers });
  expect(bad.status()).toBe(400);
  expect(((await bad.json()) as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual(["seed", "trainingFilter"]);
  await viewer.dispose();
});

test("a filter the list does not accept shows an error, not a dialog", async ({ page }) => {
  await signIn(page);
  await page.goto("/exports/new?steps_min=lots");
  await expect(page.getByTestId("error-state")).toContainText("steps_min");
});
