import { defineConfig } from "@playwright/test";
import { CHROMIUM_PATH } from "./e2e/chromium";

/**
 * End-to-end tests against a real `runcast serve` (started by e2e/global-setup.ts
 * on a free port, serving this folder's dist/) in Debian's Chromium.
 * Set RUNCAST_E2E_BASE_URL to test a server that is already running instead.
 * Without Chromium the tests are skipped, with a message saying why; under
 * CI=true that is a failure instead.
 */
export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  globalSetup: "./e2e/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  forbidOnly: Boolean(process.env.CI),
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    browserName: "chromium",
    headless: true,
    viewport: { width: 1280, height: 900 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
});
