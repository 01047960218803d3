// The very first visit: the worker is still installing when the person clicks.
import { test, expect, openOutbox, submit, statusOf, expectRecordCount } from './support/fixtures';

test('clicking sync right after the first load delivers', async ({ page, server }) => {
  await openOutbox(page, server);
  // No waiting for the worker: the page must wait for it to take control, not drop the data.
  expect(await page.evaluate(() => navigator.serviceWorker.controller)).toBeNull();

  await submit(page, 'first visit');

  await expect(statusOf(page, 'first visit')).toHaveText('sent');
  const records = await expectRecordCount(server, 1);
  expect(records[0].name).toBe('first visit');
});
