// A long queue: 100 submissions made offline all arrive, each exactly once, in batches.
import { test, expect, openOutbox, waitForWorkerControl, submit, expectRecordCount, outboxCounts, goOffline, expectEachDeliveredOnce } from './support/fixtures';

test('100 submissions offline → online → exactly 100 records, each name once', async ({ page, context, server }) => {
  test.setTimeout(120_000);
  await openOutbox(page, server);
  await waitForWorkerControl(page);

  await goOffline(page);
  const names = Array.from({ length: 100 }, (_, i) => `queued-${String(i).padStart(3, '0')}`);
  for (const name of names) await submit(page, name);
  await expect(outboxCounts(page)).toHaveAttribute('data-waiting', '100', { timeout: 30_000 });
  expect(await server.records()).toHaveLength(0);

  const online = Date.now();
  await context.setOffline(false);
  const records = await expectRecordCount(server, 100, 60_000);
  test.info().annotations.push({ type: 'drain of 100 (ms)', description: String(Date.now() - online) });
  expect(records.map((r) => r.name).sort()).toEqual(names);
  await expect(outboxCounts(page)).toHaveAttribute('data-waiting', '0');
  await expectEachDeliveredOnce(server, records);
  expect(await server.records()).toHaveLength(100);
});
