// The form opens with no network: the worker cached the app shell at install, so a reload, a new
// tab, or a worker started again by a navigation, all offline, show a working form.
import type { Page } from '@playwright/test';
import { test, expect, openOutbox, waitForWorkerControl, submit, statusOf, expectRecordCount, goOffline, stopWorker, expectEachDeliveredOnce } from './support/fixtures';

/** The page is hydrated, knows it is offline, and takes a submission that waits in the outbox. */
async function submitOffline(page: Page, name: string): Promise<void> {
  await expect(page.locator('html[data-hydrated="true"]')).toBeVisible();
  await expect(page.locator('.offline-badge')).toBeVisible();
  await submit(page, name);
  await expect(statusOf(page, name)).toHaveText('saved on this device');
}

test('reloaded offline, the form works, and what it took is stored once when back online', async ({ page, context, server }) => {
  await openOutbox(page, server);
  await waitForWorkerControl(page);

  await goOffline(page);
  await page.reload();
  await submitOffline(page, 'reloaded offline');
  expect(await server.records()).toHaveLength(0);

  await context.setOffline(false);
  const records = await expectRecordCount(server, 1);
  expect(records[0].name).toBe('reloaded offline');
  await expect(statusOf(page, 'reloaded offline')).toHaveText('sent');
  await expect(page.locator('.offline-badge')).toBeHidden();
  await expectEachDeliveredOnce(server, records);
});

test('a new tab opened offline shows the form and the outbox', async ({ page, context, server }) => {
  await openOutbox(page, server);
  await waitForWorkerControl(page);
  await goOffline(page);
  await submit(page, 'from the first tab');
  await expect(statusOf(page, 'from the first tab')).toHaveText('saved on this device');

  const tab = await context.newPage();
  await tab.goto(server.url);
  await submitOffline(tab, 'from the offline tab');
  // The outbox is the worker's: the new tab lists what the first one queued too.
  await expect(tab.locator('#submissions li[data-state="queued"]')).toHaveCount(2);

  await context.setOffline(false);
  const records = await expectRecordCount(server, 2);
  await expectEachDeliveredOnce(server, records);
});

test('a worker stopped while offline is started by a navigation and serves the page', async ({ page, context, server }) => {
  await openOutbox(page, server);
  await waitForWorkerControl(page);
  await goOffline(page);
  await stopWorker(page);

  await page.goto(server.url);
  await submitOffline(page, 'after a cold start');

  await context.setOffline(false);
  const records = await expectRecordCount(server, 1);
  await expectEachDeliveredOnce(server, records);
});

test('online, a navigation gets the server\'s page; the API, the owner\'s pages and what is sent are never answered from the cache', async ({ page, server }) => {
  await openOutbox(page, server);
  await waitForWorkerControl(page);
  const cached = await page.evaluate(async () => {
    const names = await caches.keys();
    const cache = await caches.open(names.find((n) => n.startsWith('outbox-sw-'))!);
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
  });
  expect(cached).toContain('/');
  expect(cached).toContain('/manifest.webmanifest');
  expect(cached.some((p) => /^\/pkg\/outbox\.[\w-]+\.wasm$/.test(p))).toBe(true);
  expect(cached.some((p) => /^\/(sync|api|admin|images)/.test(p))).toBe(false);

  // The server's page: it carries a fresh nonce on each render, the cached one does not change.
  const nonceOf = async () => {
    await page.reload();
    return page.evaluate(() => [...document.scripts].map((s) => s.nonce).find(Boolean));
  };
  const first = await nonceOf();
  expect(await nonceOf()).not.toBe(first);
});
