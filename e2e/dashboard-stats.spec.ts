import { expect, test, type Page } from "@playwright/test";
import { query, signIn } from "./support";

// The stats page's numbers against what the database holds, counted here with our own
// SQL on the app's database (npm start writes its URL to <data dir>/postgres.url).

/** The one row of an aggregate query. */
async function one<T>(sql: string): Promise<T> {
  const [row] = await query<T>(sql);
  if (!row) throw new Error(`no row from ${sql}`);
  return row;
}

/** The rows of a chart's "Numbers" table as [label, count] pairs. */
async function numbers(page: Page, chart: string, table: string): Promise<[string, number][]> {
  await page.getByTestId(`chart-${chart}`).locator("summary").click();
  const rows = page.getByTestId(table).locator("tbody tr");
  const out: [string, number][] = [];
  for (const row of await rows.all()) {
    const cells = await row.locator("td").allTextContents();
    out.push([cells[0]!.trim(), Number(cells[1])]);
  }
  return out;
}

const CURRENT_CONFIGS = `FROM "Environment" e JOIN "TaskConfig" c ON c."revisionId" = e."currentRevisionId"`;

test.beforeEach(async ({ page }) => signIn(page));

test("the charts count what the database holds", async ({ page }) => {
  await page.goto("/stats");
  const { envs } = await one<{ envs: number }>(`SELECT count(*)::int AS envs FROM "Environment"`);
  const { configs } = await one<{ configs: number }>(`SELECT count(*)::int AS configs ${CURRENT_CONFIGS}`);
  await expect(page.getByTestId("stats-environments")).toHaveText(String(envs));
  await expect(page.getByTestId("stats-configurations")).toHaveText(String(configs));

  // Tools per environment: one bin per count.
  const tools = await query<{ v: number; n: number }>(`SELECT "toolCount" AS v, count(*)::int AS n FROM "Environment" GROUP BY 1`);
  const shownTools = await numbers(page, "tools", "tools-table-numbers");
  for (const [label, count] of shownTools) expect(count, `tools = ${label}`).toBe(tools.find((t) => String(t.v) === label)?.n ?? 0);
  expect(shownTools.reduce((n, [, c]) => n + c, 0)).toBe(envs);
  await expect(page.getByTestId("tools-count")).toHaveText(`${envs} environments`);

  // Oracle steps per configuration, binned [1,2), [2,4), …: the latest verified count, else the recorded one.
  const steps = await query<{ s: number | null }>(`SELECT COALESCE(c."lastSteps", c."recordedSteps") AS s ${CURRENT_CONFIGS}`);
  const known = steps.map((r) => r.s).filter((s): s is number => s !== null);
  const shownSteps = await numbers(page, "steps", "steps-table-numbers");
  for (const [label, count] of shownSteps) {
    const [lo, hi] = label === "0" ? [0, 1] : (label.slice(1, -1).split(", ").map(Number) as [number, number]);
    expect(count, label).toBe(known.filter((s) => s >= lo && s < hi).length);
  }
  expect(shownSteps.reduce((n, [, c]) => n + c, 0)).toBe(known.length);
  await expect(page.getByTestId("steps-count")).toContainText(`${known.length} configurations`);
  const mean = known.reduce((a, b) => a + b, 0) / known.length;
  await expect(page.getByTestId("chart-steps")).toContainText(`mean ${Math.round(mean * 100) / 100}`);
  await expect(page.getByTestId("chart-steps")).toContainText("paper: mean 44.07");
  await expect(page.getByTestId("chart-tools")).toContainText("paper: mean 6.52");

  // Outcomes per configuration.
  const outcomes = await query<{ o: string; n: number }>(
    `SELECT CASE WHEN c."lastPassed" IS NULL THEN 'unverified' WHEN c."lastPassed" THEN 'passed' ELSE c."lastFailureKind"::text END AS o, count(*)::int AS n ${CURRENT_CONFIGS} GROUP BY 1`,
  );
  for (const [label, count] of await numbers(page, "outcomes", "outcomes-table-numbers")) {
    expect(count, label).toBe(outcomes.find((o) => o.o.replaceAll("_", " ") === label)?.n ?? 0);
  }

  // Most frequent tool names.
  const names = await query<{ name: string; n: number }>(`SELECT t.name, count(*)::int AS n FROM "Environment" e JOIN "Tool" t ON t."revisionId" = e."currentRevisionId" GROUP BY 1`);
  for (const [name, count] of await numbers(page, "tool-names", "tool-names-table-numbers")) expect(count, name).toBe(names.find((n) => n.name === name)!.n);
});

test("hovering shows the numbers, clicking a bar opens the filtered list", async ({ page }) => {
  await page.goto("/stats");
  const bars = page.getByTestId("chart-tool-names").locator(".recharts-bar-rectangle");
  await expect(bars.first()).toBeVisible();
  const { n: withDone } = await one<{ n: number }>(`SELECT count(*)::int AS n FROM "Environment" e JOIN "Tool" t ON t."revisionId" = e."currentRevisionId" WHERE t.name = 'Done'`);

  await bars.first().hover();
  await expect(page.locator(".chart-tip")).toContainText(`Done: in ${withDone} environments`);
  await bars.first().click();
  await expect(page).toHaveURL(/\/environments\?tool=Done$/);
  await expect(page.getByTestId("total")).toHaveText(`(${withDone} matching)`);
});

test("the charts follow the filter in the URL", async ({ page }) => {
  const { n } = await one<{ n: number }>(`SELECT count(*)::int AS n FROM "Environment" WHERE subset = 'Leetcode'`);
  await page.goto("/stats?subset=Leetcode");
  await expect(page.getByTestId("stats-environments")).toHaveText(String(n));
  await expect(page.getByTestId("filter-subset").locator("summary")).toContainText("Leetcode");
  await page.getByTestId("to-list").click();
  await expect(page).toHaveURL(/\/environments\?subset=Leetcode$/);
  await expect(page.getByTestId("total")).toHaveText(`(${n} matching)`);

  await page.goto("/stats?q=no-such-environment-anywhere");
  await expect(page.getByTestId("empty-state")).toBeVisible();
});
