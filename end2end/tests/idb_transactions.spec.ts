// What one online submission costs the worker in IndexedDB: its transactions counted in the
// worker itself (IDBDatabase.prototype.transaction wrapped in the service worker's scope, through
// DevTools), from the click until the page says "sent", the person's list was reported, and the
// sync the page registered is over.
import { test, expect, openOutbox, waitForWorkerControl, submit, statusOf, expectRecordCount, outboxCounts, wakeWorker } from './support/fixtures';

/** The most transactions one online submission may cost: its write, its settling, one report. */
const MOST = 3;

test('an online submission costs at most three IndexedDB transactions in the worker', async ({ page, server }) => {
  await openOutbox(page, server);
  await waitForWorkerControl(page);
  // The page's first report: the worker's work at page load is over.
  await expect(outboxCounts(page)).toHaveAttribute('data-waiting', '0');
  const worker = page.context().serviceWorkers()[0];
  await worker.evaluate(() => {
    const scope = self as any;
    scope.__transactions = [];
    const open = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = function (this: IDBDatabase, names: any, mode?: any, ...rest: any[]) {
      scope.__transactions.push(`${[].concat(names).join('+')} ${mode ?? 'readonly'}`);
      return (open as any).call(this, names, mode, ...rest);
    } as any;
  });
  const transactions = () => worker.evaluate(() => (self as any).__transactions as string[]);
  // The page's load made the worker drain and report: one more drain, answered with its report,
  // so that what the load asked for is done before the click.
  await wakeWorker(page);
  await worker.evaluate(() => ((self as any).__transactions = []));

  await submit(page, 'counted');
  await expect(statusOf(page, 'counted')).toHaveText('sent');
  await expectRecordCount(server, 1);
  // The report that follows the delivery reads the outbox and the person's list together.
  await expect.poll(async () => (await transactions()).some((t) => t === 'entries+delivered readonly')).toBe(true);
  // The sync the page registered once the worker said "queued" has run (a fired sync's tag goes).
  await expect
    .poll(() => page.evaluate(async () => ((await navigator.serviceWorker.ready) as any).sync.getTags()))
    .toEqual([]);

  const all = await transactions();
  console.log(`from the click: ${all.length} IndexedDB transactions: ${all.join(', ')}`);
  const [write, settle, report] = ['entries+images readwrite', 'entries+images+delivered readwrite', 'entries+delivered readonly'];
  // The submission's own: its write, its settling, and after that one report; no claim, no read of
  // a sync. (A report an earlier wake-up asked for may still fall between the write and the
  // settling: it is not the submission's, and it is only ever such a read.)
  expect(all.filter((t) => t !== report), all.join(', ')).toEqual([write, settle]);
  const afterSettle = all.slice(all.indexOf(settle) + 1);
  expect(afterSettle, all.join(', ')).toEqual([report]);
  const own = all.slice(all.indexOf(write)).filter((t, i, list) => t !== report || i > list.indexOf(settle));
  expect(own.length, own.join(', ')).toBeLessThanOrEqual(MOST);
});
