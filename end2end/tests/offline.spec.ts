// Offline, the submission waits in the worker and reaches the server once the network is back.
import { test, expect, openOutbox, waitForWorkerControl, submit, statusOf, expectRecordCount, goOffline, outboxCounts, expectEachDeliveredOnce } from './support/fixtures';

test('a submission made offline is delivered once when back online', async ({ page, context, server }) => {
  await openOutbox(page, server);
  await waitForWorkerControl(page);

  await goOffline(page);
  await submit(page, 'made offline');
  await expect(statusOf(page, 'made offline')).toHaveText('saved on this device');

  // For three seconds nothing may reach the server, and the page keeps showing it queued.
  await page.waitForTimeout(3_000);
  expect(await server.records()).toHaveLength(0);
  await expect(statusOf(page, 'made offline')).toHaveText('saved on this device');

  await context.setOffline(false);
  const records = await expectRecordCount(server, 1);
  expect(records[0].name).toBe('made offline');
  await expect(statusOf(page, 'made offline')).toHaveText('sent');

  // One request carried it: nothing is left to send, and nothing was sent twice.
  await expect(outboxCounts(page)).toHaveAttribute('data-waiting', '0');
  await expectEachDeliveredOnce(server, records);
  expect(await server.records()).toHaveLength(1);
});
