// Outbox's benchmark (scripts/bench.sh runs it; not part of the test suite). One worker, so the
// figures do not compete with each other; each spec records its figures with bench/figures.ts and
// bench/report.mjs prints the table afterwards.
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS } from './playwright.config';

export default defineConfig({
  testDir: './bench',
  testMatch: /.*\.bench\.ts/,
  timeout: 15 * 60_000,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    headless: true,
    serviceWorkers: 'allow',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
  },
});
