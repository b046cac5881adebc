import { existsSync } from "node:fs";

/** The browser the end-to-end tests drive: Debian's Chromium unless RUNCAST_E2E_CHROMIUM names another. */
export const CHROMIUM_PATH = process.env.RUNCAST_E2E_CHROMIUM ?? "/usr/bin/chromium";

/** Why the tests cannot run in a browser here, or undefined when they can. */
export function missingBrowserReason(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  return (
    `Chromium was not found at ${CHROMIUM_PATH}. Install Debian's package ` +
    "(`apt-get install chromium`) or set RUNCAST_E2E_CHROMIUM to a Chromium binary."
  );
}
