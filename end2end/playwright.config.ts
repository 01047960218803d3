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

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FAST_RETRY_ARGS = [
  '--force-fieldtrials=BackgroundSync/Fast',
  '--force-fieldtrial-params=BackgroundSync.Fast:initial_retry_delay_sec/2/retry_delay_factor/1/max_sync_attempts/5',
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
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    },
  },
  // Every spec runs on a server storing in SQLite and again on one storing in PostgreSQL; the
  // specs of several instances and of a database outage only make sense on PostgreSQL, and the
  // outage (it stops the shared test database server) runs alone, after everything else.
  projects: [
    ...(['sqlite', 'postgres'] as const).flatMap((database) => [
      {
        name: `chromium-${database}`,
        metadata: { database },
        testIgnore:
          database === 'sqlite'
            ? [/server_failing\.spec\.ts/, /several_instances\.spec\.ts/, /database_down\.spec\.ts/]
            : [/server_failing\.spec\.ts/, /database_down\.spec\.ts/, /wasm_budget\.spec\.ts/, /json_logs\.spec\.ts/, /metrics\.spec\.ts/],
      },
      {
        // Chromium retries a failed sync every 2 s here (5 attempts) instead of after 5 and 15 min.
        name: `fast-retry-${database}`,
        metadata: { database },
        testMatch: /server_failing\.spec\.ts/,
        use: { launchOptions: { executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...FAST_RETRY_ARGS] } },
      },
    ]),
    // The user stories described once (engines/scenarios.spec.ts) and run in each engine, on SQLite
    // (the stores are covered above): each project takes its engine's block by its title.
    ...(['chromium', 'firefox', 'webkit'] as const).map((engine) => ({
      name: `engines-${engine}`,
      testDir: './engines',
      grep: new RegExp(`\\[${engine}\\]`),
    })),
    // The example app (examples/inspection, a form of its own on the same crates), in each engine.
    ...(['chromium', 'firefox', 'webkit'] as const).map((engine) => ({
      name: `example-${engine}`,
      testDir: './examples',
      grep: new RegExp(`\\[${engine}\\]`),
    })),
    {
      name: 'outage-postgres',
      metadata: { database: 'postgres' },
      testMatch: /database_down\.spec\.ts/,
      dependencies: ['chromium-sqlite', 'fast-retry-sqlite', 'chromium-postgres', 'fast-retry-postgres'],
    },
  ],
});
