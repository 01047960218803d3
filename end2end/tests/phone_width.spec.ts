// At a phone's width (360×740): nothing wider than the screen, every control a 44 px touch target,
// the image picker offers the camera, and each submission is listed once with its state. A
// screenshot goes with the report.
import { test, expect, openOutbox, waitForWorkerControl, submit, statusOf, goOffline } from './support/fixtures';

test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

test('the page at 360 px: no horizontal scrolling, 44 px touch targets, one list', async ({ page, context, server }, testInfo) => {
  await openOutbox(page, server);
  await waitForWorkerControl(page);
  await submit(page, 'sent from a phone');
  await expect(statusOf(page, 'sent from a phone')).toHaveText('sent');
  await submit(page, 'y'.repeat(201)); // refused by the server: shown with its retry and discard
  await expect(page.locator('#submissions li[data-state="failed"] button.retry')).toBeVisible();
  await goOffline(page);
  await submit(page, 'waiting for the network');
  await expect(statusOf(page, 'waiting for the network')).toHaveText('saved on this device');
  await expect(page.locator('.offline-badge')).toBeVisible();

  // Each submission once, in one list.
  await expect(page.locator('#submissions li')).toHaveCount(3);
  await expect(page.locator('section.outbox, #received')).toHaveCount(0);

  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  const targets = page.locator('button:visible, input:visible, summary:visible, a:visible');
  const small: string[] = [];
  for (const target of await targets.all()) {
    const box = (await target.boundingBox())!;
    if (box.height < 44 || box.width < 44) small.push(`${await target.evaluate((e) => e.outerHTML.slice(0, 80))} ${box.width}×${box.height}`);
  }
  expect(small).toEqual([]);

  // The picker takes images, which on a phone offers the camera as well as the gallery.
  await expect(page.locator('#image')).toHaveAttribute('accept', 'image/*');
  // The developers' controls are folded away.
  await expect(page.locator('.J_sync_ping')).toBeHidden();

  await testInfo.attach('360x740', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
  await context.setOffline(false);
});
