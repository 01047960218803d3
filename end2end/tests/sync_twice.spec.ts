// The same sync fired twice (a synthetic one over the browser's real one): no duplicate.
import { test, expect, openOutbox, waitForWorkerControl, submit, statusOf, expectRecordCount, goOffline, expectEachDeliveredOnce, outboxCounts } from './support/fixtures';

test('a sync dispatched again while the real one is pending delivers once', async ({ page, context, server }) => {
  await openOutbox(page, server);
  await waitForWorkerControl(page);
  const cdp = await context.newCDPSession(page);
  let registrationId: string | undefined;
  cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }: any) => {
    registrationId = registrations.find((r: any) => !r.isDeleted)?.registrationId ?? registrationId;
  });
  await cdp.send('ServiceWorker.enable');
  await expect.poll(() => registrationId).toBeTruthy();

  await goOffline(page);
  await submit(page, 'twice fired');
  await expect(statusOf(page, 'twice fired')).toHaveText('saved on this device');

  await context.setOffline(false);
  // The real sync fires now; fire the same tag twice more by hand while it runs.
  const origin = new URL(server.url).origin;
  await Promise.all([
    cdp.send('ServiceWorker.dispatchSyncEvent', { origin, registrationId: registrationId!, tag: 'sample_sync_event', lastChance: false }),
    cdp.send('ServiceWorker.dispatchSyncEvent', { origin, registrationId: registrationId!, tag: 'sample_sync_event', lastChance: true }),
  ]);

  const records = await expectRecordCount(server, 1);
  expect(records[0].name).toBe('twice fired');
  await expect(statusOf(page, 'twice fired')).toHaveText('sent');
  await expect(outboxCounts(page)).toHaveAttribute('data-waiting', '0');
  // Three sync events, one request: the rendezvous and the lease let only one drain send it.
  await expectEachDeliveredOnce(server, records);
  expect(await server.records()).toHaveLength(1);
});
