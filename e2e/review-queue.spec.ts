import { expect, test } from "@playwright/test";
import { csrf, query, signIn } from "./support";

// The review queue (/review) with the keyboard, against the sample environments.
// It decides only the three Code_Contests environments, which no other spec
// decides on; what it stores is read back with our own SQL on the app's database
// (npm start writes its URL to <data dir>/postgres.url) and through the API.

const FILTER = "subset=Code_Contests";
const PALINDROME = "Code_Contests_5120_I__PalindromePartitionEnv"; // verifies cleanly (seed README)
const DUPLICATE = "Code_Contests_6650_I__FirstDuplicateEnv"; // allocates past 100 MB on two configurations
const FRIENDS = "Code_Contests_9051_I__FriendCirclesEnv";

interface StoredDecision {
  decision: string;
  reasonCategory: string | null;
  reason: string;
  override: boolean;
  username: string;
  reviewState: string;
}

const decisionsOf = (key: string) =>
  query<StoredDecision>(
    `SELECT d.decision::text AS decision, d."reasonCategory"::text AS "reasonCategory", d.reason, d.override, u.username, e."reviewState"::text AS "reviewState"
       FROM "ReviewDecision" d JOIN "Environment" e ON e.id = d."environmentId" JOIN "User" u ON u.id = d."userId"
      WHERE e.key = $1 ORDER BY d.id`,
    [key],
  );

/** The queue URL at `key` (the address bar's search part). */
const at = (key: string) => new RegExp(`/review\\?${FILTER}&at=${key}$`);

test("walking the queue with the keyboard: position, help, reject, approve after verifying, override, resume", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page);
  const keys = (await query<{ key: string }>(`SELECT key FROM "Environment" WHERE subset = 'Code_Contests' ORDER BY key`)).map((r) => r.key);
  expect(keys).toEqual([PALINDROME, DUPLICATE, FRIENDS]);
  expect(await query(`SELECT d.id FROM "ReviewDecision" d JOIN "Environment" e ON e.id = d."environmentId" WHERE e.subset = 'Code_Contests'`), "no other spec decides on Code_Contests").toEqual([]);

  // The queue's API says where it starts.
  const api = await page.request.get(`/api/review/queue?${FILTER}`);
  expect(await api.json()).toMatchObject({ key: PALINDROME, nextKey: DUPLICATE, position: 1, remaining: 3, done: 0, total: 3 });

  const slot = page.getByTestId("review-slot");
  const position = page.getByTestId("queue-position");
  const progress = page.getByTestId("queue-progress");
  const panel = page.getByTestId("decision-panel");

  await page.goto(`/review?${FILTER}`);
  // The address bar gets the position (written once the page is live).
  await expect(page).toHaveURL(at(PALINDROME));
  await expect(slot).toHaveAttribute("data-key", PALINDROME);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(PALINDROME);
  await expect(position).toHaveText("1 of 3");
  await expect(progress).toHaveText("0 done · 3 remaining");
  for (const label of ["next", "previous", "approve", "reject", "edit", "verify", "help"]) await expect(page.getByTestId("shortcut-strip")).toContainText(label);
  await expect(panel).toBeVisible();

  // j and k walk the queue by URL.
  await page.keyboard.press("j");
  await expect(page).toHaveURL(at(DUPLICATE));
  await expect(slot).toHaveAttribute("data-key", DUPLICATE);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(DUPLICATE);
  await expect(position).toHaveText("2 of 3");
  await page.keyboard.press("k");
  await expect(page).toHaveURL(at(PALINDROME));
  await expect(position).toHaveText("1 of 3");

  // ? shows every shortcut; Escape closes it.
  await page.keyboard.press("?");
  const help = page.getByTestId("shortcut-help");
  await expect(help).toBeVisible();
  await expect(help).toContainText("Approve the current revision");
  await expect(help).toContainText("Verify the current revision");
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();

  // Visiting the queue again without `at` resumes at the last position.
  await page.keyboard.press("j");
  await expect(slot).toHaveAttribute("data-key", DUPLICATE);
  await page.goto(`/review?${FILTER}`);
  await expect(page).toHaveURL(at(DUPLICATE));
  await expect(position).toHaveText("2 of 3");

  // r opens the reject form with the reason focused; submitting moves on and the count goes up.
  await expect(panel).toBeVisible();
  await page.keyboard.press("r");
  const form = page.getByTestId("reject-form");
  await expect(form.locator("select")).toBeFocused();
  await form.locator("select").selectOption("broken_oracle");
  await form.locator("textarea").fill("e2e review queue: solve() allocates past 100 MB");
  await page.getByTestId("reject-submit").click();
  await expect(page).toHaveURL(at(FRIENDS));
  await expect(progress).toHaveText("1 done · 2 remaining");
  await expect(position).toHaveText("2 of 2");
  expect(await decisionsOf(DUPLICATE)).toEqual([
    { decision: "reject", reasonCategory: "broken_oracle", reason: "e2e review queue: solve() allocates past 100 MB", override: false, username: "admin", reviewState: "rejected" },
  ]);
  const summary = (await (await page.request.get(`/api/environments/${DUPLICATE}/decisions`)).json()) as { reviewState: string; votes: { decision: string; reasonCategory: string }[] };
  expect(summary.reviewState).toBe("rejected");
  expect(summary.votes).toMatchObject([{ decision: "reject", reasonCategory: "broken_oracle" }]);

  // a on an unverified revision asks for the override instead of approving.
  await expect(panel).toBeVisible();
  await page.keyboard.press("a");
  await expect(panel.getByRole("alert")).toContainText("override");
  await expect(page.getByTestId("override")).toBeFocused();
  expect(await decisionsOf(FRIENDS)).toEqual([]);

  // v verifies (live progress); once verified, a approves without an override and the queue moves on.
  await page.keyboard.press("k");
  await expect(slot).toHaveAttribute("data-key", PALINDROME);
  await expect(page.getByTestId("override")).toBeVisible();
  await page.keyboard.press("v");
  // The live progress shows while the run lasts; when it ends the page catches up (the bar then goes).
  await expect(page.getByTestId("run-progress")).toBeVisible();
  await expect(page.getByTestId("env-status")).toContainText("5/5 configurations passed", { timeout: 90_000 });
  await expect(page.getByTestId("override")).toHaveCount(0);
  await page.keyboard.press("a");
  await expect(page).toHaveURL(at(FRIENDS));
  await expect(progress).toHaveText("2 done · 1 remaining");
  await expect(position).toHaveText("1 of 1");
  expect(await decisionsOf(PALINDROME)).toEqual([{ decision: "approve", reasonCategory: null, reason: "", override: false, username: "admin", reviewState: "approved" }]);
  expect(await query(`SELECT r.status::text AS status FROM "VerificationRun" r JOIN "Environment" e ON e.id = r."environmentId" WHERE e.key = $1`, [PALINDROME])).toEqual([{ status: "succeeded" }]);

  // The override, confirmed from the keyboard: a asks, space ticks it, a approves; the queue is then empty.
  await expect(panel).toBeVisible();
  await page.keyboard.press("a");
  await expect(page.getByTestId("override")).toBeFocused();
  await page.keyboard.press("Space");
  await expect(page.getByTestId("override")).toBeChecked();
  await page.keyboard.press("a");
  await expect(page.getByTestId("queue-empty")).toHaveText("Queue is empty — all 3 environments of this filter are decided.");
  expect(await decisionsOf(FRIENDS)).toEqual([{ decision: "approve", reasonCategory: null, reason: "", override: true, username: "admin", reviewState: "approved" }]);

  // No disagreements with one approval required; bad parameters are named, as on the list.
  await page.goto(`/review?${FILTER}&mode=disagreements`);
  await expect(page.getByTestId("empty-state")).toContainText("No disagreements left");
  await page.goto("/review?steps_min=lots&mode=everything");
  await expect(page.getByTestId("error-state")).toContainText("steps_min");
  await expect(page.getByTestId("error-state")).toContainText("mode");
});

test("a viewer walks the queue but is told that deciding needs the curator role", async ({ page, browser, baseURL }) => {
  await signIn(page);
  const created = await page.request.post("/api/users", { data: { username: "review-viewer", password: "review-viewer-pw", role: "viewer" }, headers: { "x-csrf-token": await csrf(page) } });
  expect([201, 409]).toContain(created.status());
  const viewer = await browser.newContext({ baseURL });
  const viewerPage = await viewer.newPage();
  await signIn(viewerPage, "review-viewer", "review-viewer-pw");
  await viewerPage.goto("/review?subset=Leetcode");
  await expect(viewerPage.getByTestId("review-slot")).toBeVisible();
  await expect(viewerPage.getByTestId("needs-curator")).toHaveText("a r e v need the curator role");
  await expect(viewerPage).toHaveURL(/at=/);
  await expect(viewerPage.getByTestId("decision-panel")).toBeVisible();
  await expect(viewerPage.getByTestId("approve")).toHaveCount(0);
  await expect(viewerPage.getByTestId("verify-button")).toHaveCount(0);
  await viewerPage.keyboard.press("a");
  await expect(viewerPage.getByTestId("queue-notice")).toHaveText("Approving needs the curator role; you are signed in as a viewer.");
  const shown = await viewerPage.getByTestId("review-slot").getAttribute("data-key");
  await viewerPage.keyboard.press("j");
  await expect(viewerPage.getByTestId("review-slot")).not.toHaveAttribute("data-key", shown!);
  await viewer.close();
});

test("with the second review on, /review walks the disagreements until the reviewers agree", async ({ page, browser, baseURL }) => {
  await signIn(page);
  const headers = { "x-csrf-token": await csrf(page) };
  const revisionOf = async (key: string) => ((await (await page.request.get(`/api/environments/${key}/decisions`)).json()) as { currentRevisionId: number }).currentRevisionId;
  // The admin approves (again: unchanged if the first test did), a second curator rejects: a split.
  const approve = await page.request.post(`/api/environments/${PALINDROME}/decisions`, { data: { revisionId: await revisionOf(PALINDROME), decision: "approve", override: true }, headers });
  expect(approve.ok()).toBe(true);
  const created = await page.request.post("/api/users", { data: { username: "review-curator", password: "review-curator-pw", role: "curator" }, headers });
  expect([201, 409]).toContain(created.status());
  const curator = await browser.newContext({ baseURL });
  const curatorPage = await curator.newPage();
  await signIn(curatorPage, "review-curator", "review-curator-pw");
  const rejected = await curatorPage.request.post(`/api/environments/${PALINDROME}/decisions`, {
    data: { revisionId: await revisionOf(PALINDROME), decision: "reject", reasonCategory: "trivial" },
    headers: { "x-csrf-token": await csrf(curatorPage) },
  });
  expect(rejected.ok()).toBe(true);
  await curator.close();

  expect((await page.request.put("/api/settings", { data: { "review.requiredApprovals": 2 }, headers })).ok()).toBe(true);
  try {
    await page.goto(`/review?${FILTER}&mode=disagreements`);
    await expect(page.getByTestId("queue-modes")).toBeVisible();
    await expect(page.getByTestId("review-slot")).toHaveAttribute("data-key", PALINDROME);
    await expect(page.getByTestId("queue-progress")).toHaveText("1 disagreement left");
    await expect(page.getByTestId("disagreement")).toBeVisible();

    // The admin changes their mind from the keyboard: both reject, the disagreement is gone.
    await page.keyboard.press("r");
    await page.getByTestId("reject-form").locator("select").selectOption("trivial");
    await page.getByTestId("reject-submit").click();
    await expect(page.getByTestId("empty-state")).toContainText("No disagreements left");
    const votes = await decisionsOf(PALINDROME);
    expect(votes.slice(-2).map((v) => [v.username, v.decision])).toEqual([
      ["review-curator", "reject"],
      ["admin", "reject"],
    ]);
    expect(votes.at(-1)!.reviewState).toBe("rejected");
  } finally {
    // One approval again for whoever comes next, whatever happened above.
    expect((await page.request.put("/api/settings", { data: { "review.requiredApprovals": 1 }, headers })).ok()).toBe(true);
  }
});
