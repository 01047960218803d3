// Between the page's postMessage and the worker's write to IndexedDB the data lives only in the
// page: a worker stopped in that moment loses the message. The page posts it again (same id) until
// the worker acknowledges it, and says so plainly if it never does.
import { randomUUID } from 'node:crypto';
import {
  test,
  expect,
  openOutbox,
  waitForWorkerControl,
  submit,
  statusOf,
  expectRecordCount,
  expectEachDeliveredOnce,
  goOffline,
  askWorkerToDrain,
  outboxCounts,
} from './support/fixtures';
import type { Page } from '@playwright/test';

/** Makes the page's next `count` submissions vanish on their way to the worker. */
async function loseSubmissions(page: Page, count: number): Promise<void> {
  await page.evaluate((count) => {
    const post = ServiceWorker.prototype.postMessage;
    let lost = 0;
    ServiceWorker.prototype.postMessage = function (this: ServiceWorker, message: unknown, ...rest: unknown[]) {
      // The page posts a submission as an object (its photos' bytes as they are).
      const read = typeof message === 'string' ? JSON.parse(message) : (message as { type?: string });
      if (lost < count && read?.type === 'bgsync') {
        lost++;
        return;
      }
      return (post as (...args: unknown[]) => void).call(this, message, ...rest);
    } as typeof post;
  }, count);
}

test('a submission lost on its way to the worker is posted again and stored once', async ({ page, server }) => {
  await openOutbox(page, server);
  await waitForWorkerControl(page);
  await loseSubmissions(page, 1);

  await submit(page, 'posted twice');
  await expect(statusOf(page, 'posted twice')).toHaveText('saving…');
  await expect(statusOf(page, 'posted twice')).toHaveText('sent', { timeout: 20_000 });
  const records = await expectRecordCount(server, 1);
  expect(records[0].name).toBe('posted twice');
  // Posted to the worker twice, sent to the server once.
  await expectEachDeliveredOnce(server, records);
});

test('a submission the worker never takes is reported as not saved', async ({ page, server }) => {
  await openOutbox(page, server);
  await waitForWorkerControl(page);
  await loseSubmissions(page, 3);

  await submit(page, 'never taken');
  await expect(statusOf(page, 'never taken')).toHaveText(
    'not sent: this page could not hand it to the service worker (tried 3 times): it is not saved, send it again',
    { timeout: 30_000 },
  );
  expect(await server.records()).toHaveLength(0);
});

test('a submission posted again after the worker kept it (its answer lost) is kept once, answered each time, and sent once', async ({ page, server }) => {
  await openOutbox(page, server);
  await waitForWorkerControl(page);
  await goOffline(page);

  // The same submission posted twice at once: the second finds it kept (IndexedDB refuses the
  // second add of its id), and each post is answered "queued".
  const id = randomUUID();
  const answered = await page.evaluate(
    ({ text, id }) =>
      new Promise<number>((resolve) => {
        let queued = 0;
        navigator.serviceWorker.addEventListener('message', (event) => {
          const report = JSON.parse(event.data);
          if (report.type === 'queued' && report.msg?.id === id && ++queued === 2) resolve(queued);
        });
        navigator.serviceWorker.controller!.postMessage(text);
        navigator.serviceWorker.controller!.postMessage(text);
      }),
    { text: JSON.stringify({ type: 'bgsync', msg: { id, name: 'kept once' } }), id },
  );
  expect(answered).toBe(2);
  await askWorkerToDrain(page);
  await expect(outboxCounts(page)).toHaveAttribute('data-waiting', '1');

  await page.context().setOffline(false);
  await askWorkerToDrain(page);
  const records = await expectRecordCount(server, 1);
  expect(records[0]).toMatchObject({ id, name: 'kept once' });
  await expectEachDeliveredOnce(server, records);
});
