// Browsers without Background Sync (Firefox, Safari, WebViews): the API is hidden in the page and,
// through the worker's URL, in the worker. The outbox alone carries the submission.
import { test, expect, openOutbox, waitForWorkerControl, submit, statusOf, expectRecordCount, goOffline, expectEachDeliveredOnce, outboxCounts } from './support/fixtures';

test('without Background Sync, a submission made offline arrives once when back online', async ({ page, context, server }) => {
  await page.addInitScript(() => {
    delete (window as any).SyncManager;
    delete (ServiceWorkerRegistration.prototype as any).sync;
  });
  await openOutbox(page, server);
  await waitForWorkerControl(page);
  await expect(page.locator('.outbox .mode')).toHaveAttribute('data-mode', 'fallback');
  await expect(page.locator('.outbox .mode')).toContainText('no Background Sync');
  expect(await page.evaluate(() => navigator.serviceWorker.controller!.scriptURL)).toContain('background-sync=off');

  await goOffline(page);
  await submit(page, 'no sync api');
  await expect(statusOf(page, 'no sync api')).toHaveText('saved on this device');
  await expect(outboxCounts(page)).toHaveAttribute('data-waiting', '1');
  expect(await server.records()).toHaveLength(0);

  await context.setOffline(false);
  const records = await expectRecordCount(server, 1);
  expect(records[0].name).toBe('no sync api');
  await expect(statusOf(page, 'no sync api')).toHaveText('sent');
  await expect(outboxCounts(page)).toHaveAttribute('data-waiting', '0');
  await expectEachDeliveredOnce(server, records);
  expect(await server.records()).toHaveLength(1);
});
