// Outbox's Playwright suite. It drives Debian's Chromium (Playwright downloads no browser here) and
// starts a fresh release server per test (see tests/support/server.ts), so each test has its own
// origin: its own service-worker registration, IndexedDB and database file.
import { defineConfig } from '@playwright/test';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
];

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: {
    headless: true,
    serviceWorkers: 'allow',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    },
  },
  projects: [
    { name: 'chromium', testIgnore: /server_failing\.spec\.ts/ },
    {
      // Chromium retries a failed sync every 2 s here (5 attempts) instead of after 5 and 15 min.
      name: 'fast-retry',
      testMatch: /server_failing\.spec\.ts/,
      use: {
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            ...CHROMIUM_ARGS,
            '--force-fieldtrials=BackgroundSync/Fast',
            '--force-fieldtrial-params=BackgroundSync.Fast:initial_retry_delay_sec/2/retry_delay_factor/1/max_sync_attempts/5',
          ],
        },
      },
    },
  ],
});
