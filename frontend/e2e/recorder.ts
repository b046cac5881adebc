import type { Page } from "@playwright/test";

/** Every distinct value the run page's live parts showed, in the order it showed them. */
export interface Seen {
  /** The run progress bar's aria-valuenow. */
  progress: number[];
  /** The status badge's text. */
  badge: string[];
  /** Each item's output text, by item index. */
  outputs: Record<string, string[]>;
}

/**
 * Watch the page from now on (across client-side navigation, not reloads)
 * and note each new value of the run progress bar, the status badge and
 * every item's output, as the DOM changes.
 */
export async function startRecording(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: Seen = { progress: [], badge: [], outputs: {} };
    const add = <T>(list: T[], value: T) => {
      if (list[list.length - 1] !== value) list.push(value);
    };
    const note = () => {
      const bar = document.querySelector('[role="progressbar"][aria-label="Run progress"]');
      if (bar) add(seen.progress, Number(bar.getAttribute("aria-valuenow")));
      const badge = document.querySelector(".run-title .badge");
      if (badge?.textContent) add(seen.badge, badge.textContent);
      for (const row of document.querySelectorAll("tr[data-item-index]")) {
        const text = row.querySelector(".items-table__output")?.textContent ?? "";
        if (text === "" || text === "—") continue;
        const index = row.getAttribute("data-item-index") ?? "";
        add((seen.outputs[index] ??= []), text);
      }
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    Object.assign(window, { __seen: seen });
    note();
  });
}

export async function recorded(page: Page): Promise<Seen> {
  return page.evaluate(() => (window as unknown as { __seen: Seen }).__seen);
}
