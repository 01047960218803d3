// A person online types a name and clicks sync: the server stores it once and the page says so.
import { test, expect, openOutbox, waitForWorkerControl, submit, statusOf, expectRecordCount, outboxCounts, expectEachDeliveredOnce } from './support/fixtures';

test('a Unicode name with markup arrives exactly once and is shown as text', async ({ page, server }) => {
  const name = '张三 & <b>x</b>';
  await openOutbox(page, server);
  await waitForWorkerControl(page);

  await submit(page, name);

  await expect(statusOf(page, name)).toHaveText('sent');
  const records = await expectRecordCount(server, 1);
  expect(records[0].name).toBe(name);
  await expect(outboxCounts(page)).toHaveAttribute('data-waiting', '0');
  await expectEachDeliveredOnce(server, records);

  // The list shows the name as text: the angle brackets are visible, no <b> element made.
  const received = page.locator('#submissions li[data-state="sent"] .name').first();
  await expect(received).toHaveText(name);
  await expect(page.locator('#submissions b')).toHaveCount(0);
  // Its time reads in the person's locale; the machine-readable one stays in the attribute.
  const time = page.locator('#submissions li[data-state="sent"] time').first();
  await expect(time).toHaveAttribute('datetime', records[0].received_at);
  await expect(time).not.toHaveText(/\d{4}-\d{2}-\d{2}T/);
  expect(await time.textContent()).toBe(await page.evaluate((t) => new Date(t).toLocaleString(), records[0].received_at));
});

test('an empty name is stored once as "anonymous"', async ({ page, server }) => {
  await openOutbox(page, server);
  await waitForWorkerControl(page);

  await submit(page, '');

  await expect(statusOf(page, 'anonymous')).toHaveText('sent');
  const records = await expectRecordCount(server, 1);
  expect(records[0].name).toBe('anonymous');
});

test('several quick submissions each arrive once', async ({ page, server }) => {
  await openOutbox(page, server);
  await waitForWorkerControl(page);

  for (const name of ['one', 'two', 'three']) await submit(page, name);

  for (const name of ['one', 'two', 'three']) await expect(statusOf(page, name)).toHaveText('sent');
  const records = await expectRecordCount(server, 3);
  expect(records.map((r) => r.name).sort()).toEqual(['one', 'three', 'two']);
  await expect(outboxCounts(page)).toHaveAttribute('data-waiting', '0');
  await expectEachDeliveredOnce(server, records);
});
