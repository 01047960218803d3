// What one online submission costs the worker in IndexedDB: its transactions counted in the
// worker itself (IDBDatabase.prototype.transaction wrapped in the service worker's scope, through
// DevTools), from the click until the page says "sent", the person's list was reported, and the
// sync the page registered is over.
import { test, expect, openOutbox, waitForWorkerControl, submit, statusOf, expectRecordCount, outboxCounts } from './support/fixtures';

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

  await submit(page, 'counted');
  await expect(statusOf(page, 'counted')).toHaveText('sent');
  await expectRecordCount(server, 1);
  // The report that follows the delivery reads the outbox and the person's list together.
  await expect.poll(async () => (await transactions()).some((t) => t === 'entries+delivered readonly')).toBe(true);
  // The sync the page registered once the worker said "queued" has run (a fired sync's tag goes).
  await expect
    .poll(() => page.evaluate(async () => ((await navigator.serviceWorker.ready) as any).sync.getTags()))
    .toEqual([]);

  // From the new entry's write on (a report of the page's load may still be running at the click).
  const all = await transactions();
  const seen = all.slice(all.indexOf('entries+images readwrite'));
  console.log(`one online submission: ${seen.length} IndexedDB transactions: ${seen.join(', ')}`);
  expect(seen.length, seen.join(', ')).toBeLessThanOrEqual(MOST);
  // Exactly one write of the new entry, and one settling once the server has it.
  expect(seen.filter((t) => t === 'entries+images readwrite')).toHaveLength(1);
  expect(seen.filter((t) => t === 'entries+images+delivered readwrite')).toHaveLength(1);
});
