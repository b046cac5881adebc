import { expect, type Page } from "@playwright/test";

/** Replace GraphiQL's editor text with a named operation and run it. */
export async function runInGraphiQL(page: Page, operationName: string, operation: string): Promise<void> {
  const editor = page.locator(".graphiql-query-editor .monaco-editor").first();
  await editor.click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(operation);
  // GraphiQL picks the operation name up from the text shortly after an edit; the tab shows it.
  await expect(page.locator(".graphiql-tab").first()).toHaveText(operationName);
  await page.getByRole("button", { name: /Execute query/ }).click();
}
