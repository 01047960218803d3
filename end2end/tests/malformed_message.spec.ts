// A malformed message gets an error reply from the worker, and the worker keeps working.
import { test, expect, openOutbox, waitForWorkerControl, submit, statusOf, expectRecordCount } from './support/fixtures';

for (const [what, message] of [
  ['not JSON', 'this is not json'],
  ['an unknown type', JSON.stringify({ type: 'nope', msg: {} })],
  // (A missing id is the tutorial's page: tutorial_page.spec.ts.)
  ['an id that is not a UUID', JSON.stringify({ type: 'bgsync', msg: { id: 'not-a-uuid', name: 'x' } })],
] as const) {
  test(`a message with ${what} is answered with an error, and the next submission is delivered`, async ({ page, server }) => {
    await openOutbox(page, server);
    await waitForWorkerControl(page);

    const reply = await page.evaluate(
      (text) =>
        new Promise<string>((resolve) => {
          const listener = (event: MessageEvent) => {
            // Other reports (the outbox after the page's own drain) may come first: wait for the reply.
            if (JSON.parse(event.data).type !== 'error') return;
            navigator.serviceWorker.removeEventListener('message', listener);
            resolve(event.data);
          };
          navigator.serviceWorker.addEventListener('message', listener);
          navigator.serviceWorker.controller!.postMessage(text);
        }),
      message,
    );
    const parsed = JSON.parse(reply);
    expect(parsed.type).toBe('error');
    expect(parsed.msg.reason).toContain('malformed message');
    await expect(page.getByRole('status').locator('.notice')).toContainText('the service worker refused a message');

    await submit(page, 'right after');
    await expect(statusOf(page, 'right after')).toHaveText('sent');
    const records = await expectRecordCount(server, 1);
    expect(records[0].name).toBe('right after');
  });
}
