// The server fails (503) for the first attempts: the worker keeps the submission, retries with
// backoff, and it is stored exactly once. Runs in the "fast-retry" project (Chromium retries a
// failed sync every 2 s there instead of after 5 minutes).
import { test, expect, openOutbox, waitForWorkerControl, submit, statusOf, detailOf, expectRecordCount, expectEachDeliveredOnce } from './support/fixtures';
import { FailingProxy } from './support/proxy';

test('503 for the first attempts, then 200: exactly one record', async ({ page, server }) => {
  const proxy = await FailingProxy.start(server.url, 3);
  try {
    await openOutbox(page, { url: proxy.url });
    await waitForWorkerControl(page);

    await submit(page, 'through failures');
    await expect(statusOf(page, 'through failures')).toHaveText('saved on this device, sent when the server answers');
    await expect(detailOf(page, 'through failures')).toHaveText(/^attempt \d+, next at .+: server answered 503/);

    const records = await expectRecordCount(server, 1, 45_000);
    expect(records[0].name).toBe('through failures');
    expect(records[0].attempts).toBe(4);
    expect(proxy.refusedWith503).toBe(3);
    await expect(statusOf(page, 'through failures')).toHaveText('sent');
    // Three refusals at the proxy, then one request that reached the server: not two.
    await expectEachDeliveredOnce(server, records);
  } finally {
    await proxy.stop();
  }
});
