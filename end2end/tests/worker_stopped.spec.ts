// The browser stops the idle worker while submissions wait offline: nothing is lost.
import { test, expect, openOutbox, waitForWorkerControl, submit, statusOf, expectRecordCount, stopWorker, wakeWorker, outboxCounts, goOffline, expectEachDeliveredOnce } from './support/fixtures';

test('offline, 3 submissions survive a stopped worker and arrive exactly once', async ({ page, context, server }) => {
  await openOutbox(page, server);
  await waitForWorkerControl(page);

  await goOffline(page);
  for (const name of ['stop-1', 'stop-2', 'stop-3']) {
    await submit(page, name);
    await expect(statusOf(page, name)).toHaveText('saved on this device');
  }
  await expect(outboxCounts(page)).toHaveAttribute('data-waiting', '3');

  await stopWorker(page);
  // Wake it while still offline: it must start without the network (its wasm is cached).
  await wakeWorker(page);
  await expect(outboxCounts(page)).toHaveAttribute('data-waiting', '3');
  expect(await server.records()).toHaveLength(0);

  await context.setOffline(false);
  const records = await expectRecordCount(server, 3);
  expect(records.map((r) => r.name).sort()).toEqual(['stop-1', 'stop-2', 'stop-3']);
  await expect(outboxCounts(page)).toHaveAttribute('data-waiting', '0');
  await expectEachDeliveredOnce(server, records);
  expect(await server.records()).toHaveLength(3);
});
