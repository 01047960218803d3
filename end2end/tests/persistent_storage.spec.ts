// Storage the browser keeps: when the first submission waits in the outbox, the page asks for
// persistent storage, and says so when the browser answers no (headless Chromium here does: it
// grants by its own measure of how much the site is used).
import { test, expect, openOutbox, waitForWorkerControl, submit, statusOf, goOffline } from './support/fixtures';

test('the page says when the browser will not keep the outbox for sure', async ({ page, server }) => {
  await openOutbox(page, server);
  await waitForWorkerControl(page);
  await expect(page.locator('.storage-notice')).toHaveCount(0);

  await goOffline(page);
  await submit(page, 'kept for now');
  await expect(statusOf(page, 'kept for now')).toHaveText('saved on this device');

  expect(await page.evaluate(() => navigator.storage.persisted())).toBe(false);
  await expect(page.locator('.storage-notice')).toContainText('it did not grant persistent storage');
});
