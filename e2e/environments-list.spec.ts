import { expect, test } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";

// The sample environments npm start loads, read independently from the seed file.
const seedKeys = fs
  .readFileSync(path.join(process.cwd(), "prisma/seed/records.jsonl"), "utf8")
  .split("\n")
  .filter(Boolean)
  .map((line) => {
    const r = JSON.parse(line) as { code_id: string; env_name: string };
    return `${r.code_id}__${r.env_name}`;
  });

// The pages need a signed-in viewer; playwright.config.ts sets the first admin's password.
test.beforeEach(async ({ page }) => {
  const login = await page.request.post("/api/auth/login", { data: { username: "admin", password: process.env.CURATOR_ADMIN_PASSWORD ?? "e2e-admin-password" } });
  expect(login.ok()).toBe(true);
});

test("the environments list shows every sample environment after npm start", async ({ page }) => {
  await page.goto("/environments");
  const table = page.getByTestId("environments-table");
  await expect(table).toBeVisible();
  for (const key of seedKeys) await expect(table.getByRole("link", { name: key, exact: true })).toBeVisible();
});

test("an environment page shows its tools", async ({ page }) => {
  await page.goto("/environments");
  await page.getByRole("link", { name: seedKeys[0], exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(seedKeys[0]!);
  await expect(page.getByTestId("tools-table").getByText("Done", { exact: true })).toBeVisible();
});
