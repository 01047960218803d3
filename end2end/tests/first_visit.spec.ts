// The very first visit: the worker is still installing when the person clicks.
import { test, expect, statusOf, expectRecordCount } from './support/fixtures';

test('clicking sync right after the first load delivers', async ({ page, server }) => {
  // Click the moment the page is hydrated, before the new worker can take control: the page must
  // wait for it (controllerchange) instead of dropping the data. A MutationObserver reacts before
  // the worker's registration can even finish its first network round trip.
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (!document.querySelector('html[data-hydrated="true"]')) return;
      observer.disconnect();
      const input = document.querySelector<HTMLInputElement>('#input')!;
      input.value = 'first visit';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      (window as any).uncontrolledAtClick = navigator.serviceWorker.controller === null;
      document.querySelector<HTMLButtonElement>('.J_sync_event')!.click();
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-hydrated'] });
  });
  await page.goto(server.url);

  await expect(statusOf(page, 'first visit')).toHaveText('sent');
  expect(await page.evaluate(() => (window as any).uncontrolledAtClick)).toBe(true);
  const records = await expectRecordCount(server, 1);
  expect(records[0].name).toBe('first visit');
});
