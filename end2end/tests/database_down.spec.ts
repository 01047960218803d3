// PostgreSQL goes down while the person submits: the server answers 503 with Retry-After, the
// worker keeps the entries (the page shows them retrying), and once PostgreSQL is back every entry
// is stored exactly once; `/ready` says 503 meanwhile and 200 again after. (PostgreSQL projects only; it stops and restarts the test database server,
// so it runs alone.)
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test, expect, openOutbox, waitForWorkerControl, submit, statusOf, detailOf, expectRecordCount, outboxCounts } from './support/fixtures';

const POSTGRES_SCRIPT = path.resolve(__dirname, '../../scripts/postgres.sh');
const postgres = (action: 'pause' | 'resume') => execFileSync('bash', [POSTGRES_SCRIPT, action]);


test('entries wait through a database outage and are stored once when it is back', async ({ page, server }) => {
  test.setTimeout(120_000);
  await openOutbox(page, server);
  await waitForWorkerControl(page);

  postgres('pause');
  try {
    const answer = await fetch(`${server.url}/sync`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ id: crypto.randomUUID(), name: 'probe' }),
    });
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('5');
    expect((await answer.json()).error).toContain('database is unavailable');
    // The probes: not ready (a load balancer sends traffic elsewhere), alive all the same.
    expect((await fetch(`${server.url}/ready`)).status).toBe(503);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);

    await submit(page, 'outage-1');
    await submit(page, 'outage-2');
    await expect(statusOf(page, 'outage-1')).toHaveText('saved on this device, sent when the server answers');
    await expect(detailOf(page, 'outage-1')).toContainText('server answered 503');
    await expect(outboxCounts(page)).toHaveAttribute('data-waiting', '2');
  } finally {
    postgres('resume');
  }

  await expect.poll(async () => (await fetch(`${server.url}/ready`)).status, { timeout: 30_000 }).toBe(200);
  const records = await expectRecordCount(server, 2, 60_000);
  expect(records.map((r) => r.name).sort()).toEqual(['outage-1', 'outage-2']);
  await expect(outboxCounts(page)).toHaveAttribute('data-waiting', '0');
  await page.waitForTimeout(2_000);
  expect(await server.records()).toHaveLength(2);
});
