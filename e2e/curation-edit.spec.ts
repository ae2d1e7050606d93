import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { csrf, signIn } from "./support";

// A curator's edit loop against the real app: Monaco, the sandboxed syntax check,
// a new revision, a real verification run and a decision; then two curators
// saving on the same revision. Each test edits its own sample environment so
// the other specs' expectations about revision 1 hold.

const EDITED = "Leetcode_3176_I__MergeIntervalsEnv";
const CONTESTED = "Leetcode_6037_I__CoinChangeEnv";

interface RevisionBody {
  revision: { id: number; number: number; sourceCode: string; taskDescription: string; current: boolean };
}

async function revision(request: APIRequestContext, key: string, number: number) {
  const r = await request.get(`/api/environments/${key}/revisions/${number}`);
  expect(r.ok(), `GET revision ${number} of ${key}: ${r.status()}`).toBe(true);
  return ((await r.json()) as RevisionBody).revision;
}

/** Opens the editor and waits until Monaco shows the source. */
async function openEditor(page: Page, key: string) {
  await page.goto(`/environments/${key}/edit`);
  await expect(page.getByTestId("edit-environment")).toBeVisible();
  await expect(page.getByTestId("edit-source").locator(".monaco-editor .view-lines")).toContainText("class");
}

/** Puts the cursor at the very end of the source. */
async function toEndOfSource(page: Page) {
  await page.getByTestId("edit-source").locator(".monaco-editor .view-lines").click();
  await page.keyboard.press("Control+End");
}

/** A second signed-in curator in a browser context of its own. */
async function secondCurator(browser: Browser, admin: Page): Promise<Page> {
  const username = `curator-${Date.now()}`;
  const password = "second-curator-password";
  const created = await admin.request.post("/api/users", { data: { username, password, role: "curator" }, headers: { "x-csrf-token": await csrf(admin) } });
  expect(created.status(), `POST /api/users answered ${created.status()}`).toBe(201);
  const page = await (await browser.newContext()).newPage();
  await signIn(page, username, password);
  return page;
}

test("a curator edits, sees the syntax marker, fixes it, saves, re-verifies and approves", async ({ page }) => {
  const requests: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  await signIn(page);
  const before = await revision(page.request, EDITED, 1);
  expect(before.current).toBe(true);

  await page.goto(`/environments/${EDITED}`);
  await page.getByTestId("env-edit-link").click();
  await expect(page).toHaveURL(new RegExp(`/environments/${EDITED}/edit$`));
  await openEditor(page, EDITED);
  await expect(page.getByTestId("syntax-status")).toHaveAttribute("data-state", "idle");

  // An unclosed parenthesis on a new last line: the sandbox's parser names that line.
  const lastLine = before.sourceCode.split("\n").length; // where Control+End lands
  await toEndOfSource(page);
  await page.keyboard.insertText("\nCURATED_BY = (\"e2e\",");
  const status = page.getByTestId("syntax-status");
  await expect(status).toHaveAttribute("data-state", "error");
  await expect(status).toContainText(`line ${lastLine + 1}`);
  await expect(status).toContainText("never closed");
  // The marker sits on that line in Monaco: a squiggle, and its message on hover.
  await expect(page.getByTestId("edit-source")).toHaveAttribute("data-marker", new RegExp(`^${lastLine + 1}:`));
  await expect(page.getByTestId("edit-source").locator(".squiggly-error")).toHaveCount(1);
  await page.screenshot({ path: "test-results/curation-edit-marker.png" });

  // Close it: the error and the marker go.
  await toEndOfSource(page);
  await page.keyboard.insertText(")");
  await expect(status).toHaveAttribute("data-state", "ok");
  await expect(page.getByTestId("edit-source").locator(".squiggly-error")).toHaveCount(0);

  await page.getByTestId("edit-message").fill("Record who curated it");
  await page.keyboard.press("Control+S");
  const saved = page.getByTestId("save-ok");
  await expect(saved).toHaveAttribute("data-revision", "2");
  const after = await revision(page.request, EDITED, 2);
  expect(after.current).toBe(true);
  expect(after.sourceCode).toBe(`${before.sourceCode}\nCURATED_BY = ("e2e",)`);

  // Verify the new revision from the same panel, with live progress.
  await saved.getByTestId("verify-button").click();
  const progress = saved.getByTestId("run-progress");
  await expect(progress).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
  await expect(progress).toContainText("5/5 configurations, 5 passed");

  await saved.getByRole("link", { name: "Open the environment" }).click();
  await expect(page.getByTestId("env-revision")).toContainText("2 of 2");
  await page.goto(`/environments/${EDITED}?tab=review`);
  const panel = page.getByTestId("decision-panel");
  await expect(panel).toHaveAttribute("data-review-state", "pending");
  await panel.getByTestId("approve").click();
  await expect(panel).toHaveAttribute("data-review-state", "approved");

  const summary = (await (await page.request.get(`/api/environments/${EDITED}/decisions`)).json()) as {
    reviewState: string;
    currentRevisionId: number;
    votes: { decision: string; revisionId: number }[];
  };
  expect(summary.reviewState).toBe("approved");
  expect(summary.currentRevisionId).toBe(after.id);
  expect(summary.votes.map((v) => [v.decision, v.revisionId])).toEqual([["approve", after.id]]);

  // A tag and a note, then the environment's timeline holds the whole story.
  await page.getByTestId("tag-input").fill("Curated");
  await page.getByTestId("tag-add").click();
  await expect(page.getByTestId("tag-curated")).toBeVisible();
  await page.getByTestId("notes-input").fill("Checked by hand: intervals touching at an end merge.");
  await page.getByTestId("notes-save").click();
  await expect(page.getByTestId("env-notes")).toContainText("Saved.");
  expect(((await (await page.request.get(`/api/environments/${EDITED}/tags`)).json()) as { tags: string[] }).tags).toEqual(["curated"]);
  await page.reload();
  const timeline = page.getByTestId("env-timeline");
  for (const action of ["revision.create", "verify.request", "verify.finish", "decision.approve", "tag.add", "note.update"]) {
    await expect(timeline.locator(`tr[data-action="${action}"]`), action).toHaveCount(1);
  }
  await expect(page.getByTestId("notes-input")).toHaveValue("Checked by hand: intervals touching at an end merge.");
  await page.screenshot({ path: "test-results/curation-review-tab.png", fullPage: true });

  // The two revisions side by side in the diff editor.
  await page.goto(`/environments/${EDITED}/revisions`);
  const compare = page.getByTestId("revisions-compare");
  await expect(compare).toHaveAttribute("data-a", "1");
  await expect(compare).toHaveAttribute("data-b", "2");
  await expect(compare.locator(".monaco-diff-editor .modified .view-lines")).toContainText("CURATED_BY");

  // Monaco's workers load from blob: URLs; every network request stays on localhost.
  expect(requests.filter((u) => /^(https?|wss?):/.test(u) && new URL(u).hostname !== "localhost")).toEqual([]);
  await page.screenshot({ path: "test-results/curation-revisions.png" });
});

test("two curators save on the same revision: the second sees both texts and keeps theirs", async ({ page, browser }) => {
  await signIn(page);
  const other = await secondCurator(browser, page);
  const base = await revision(page.request, CONTESTED, 1);

  await openEditor(page, CONTESTED);
  await openEditor(other, CONTESTED);

  // The other curator changes the source and saves first.
  await toEndOfSource(other);
  await other.keyboard.insertText("\nREVIEWED = True");
  await expect(other.getByTestId("syntax-status")).toHaveAttribute("data-state", "ok");
  await other.getByTestId("save-revision").click();
  await expect(other.getByTestId("save-ok")).toHaveAttribute("data-revision", "2");

  // Meanwhile this curator rewrites the task description, still on revision 1.
  const myTask = `${base.taskDescription}\n\nNote: amounts are positive integers.`;
  await page.getByTestId("edit-task").fill(myTask);
  await page.getByTestId("save-revision").click();

  const conflict = page.getByTestId("conflict-view");
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText("Revision 2 was saved by curator-");
  // It opens on what differs: the task description, theirs (unchanged) beside mine, my text kept.
  const diff = conflict.getByTestId("conflict-diff");
  await expect(conflict.getByRole("button", { name: /^Task description/ })).toHaveAttribute("aria-pressed", "true");
  await expect(diff.locator(".monaco-diff-editor .modified .view-lines")).toContainText("amounts are positive integers");
  await expect(diff.locator(".monaco-diff-editor .original .view-lines")).not.toContainText("amounts are positive integers");
  await page.screenshot({ path: "test-results/curation-conflict.png" });
  // Source: I did not touch it, so what I would save is theirs.
  await expect(conflict.getByRole("button", { name: /^Source/ })).toHaveText("Source (same)");

  // Nothing of mine was stored yet.
  expect((await revision(page.request, CONTESTED, 2)).taskDescription).toBe(base.taskDescription);

  await conflict.getByRole("button", { name: /Keep mine/ }).click();
  await expect(page.getByTestId("save-ok")).toHaveAttribute("data-revision", "3");
  const merged = await revision(page.request, CONTESTED, 3);
  expect(merged.sourceCode).toContain("REVIEWED = True");
  expect(merged.taskDescription).toBe(myTask);
  await other.context().close();
});
