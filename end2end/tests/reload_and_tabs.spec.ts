// The outbox view comes from the worker: it survives a reload and two tabs show the same counts.
import { test, expect, openOutbox, waitForWorkerControl, submit, expectRecordCount, outboxCounts, askWorkerToDrain, expectEachDeliveredOnce } from './support/fixtures';
import { FailingProxy } from './support/proxy';

test('after a reload, and in a second tab, the outbox shows the same waiting entries', async ({ page, context, server }) => {
  // The server is unavailable for now (503 on every delivery), so entries wait in the outbox.
  const proxy = await FailingProxy.start(server.url, 1_000_000);
  try {
    await openOutbox(page, { url: proxy.url });
    await waitForWorkerControl(page);
    await submit(page, 'waits-1');
    await submit(page, 'waits-2');
    await expect(outboxCounts(page)).toHaveAttribute('data-waiting', '2');

    await page.reload();
    await expect(page.locator('html[data-hydrated="true"]')).toBeVisible();
    await expect(outboxCounts(page)).toHaveAttribute('data-waiting', '2');
    await expect(page.locator('#submissions li .name')).toHaveText(['waits-1', 'waits-2']);

    const second = await context.newPage();
    await openOutbox(second, { url: proxy.url });
    await expect(outboxCounts(second)).toHaveAttribute('data-waiting', '2');

    // A submission in one tab is counted in both.
    await submit(second, 'waits-3');
    await expect(outboxCounts(second)).toHaveAttribute('data-waiting', '3');
    await expect(outboxCounts(page)).toHaveAttribute('data-waiting', '3');

    // The server comes back: everything arrives once and both tabs see an empty outbox.
    proxy.heal();
    await askWorkerToDrain(page);
    const records = await expectRecordCount(server, 3, 30_000);
    expect(records.map((r) => r.name).sort()).toEqual(['waits-1', 'waits-2', 'waits-3']);
    // Two pages asked the worker to drain: each submission still went out once.
    await expectEachDeliveredOnce(server, records);
    await expect(outboxCounts(page)).toHaveAttribute('data-waiting', '0');
    await expect(outboxCounts(second)).toHaveAttribute('data-waiting', '0');
  } finally {
    await proxy.stop();
  }
});
