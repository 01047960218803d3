// A release keeps the queue: a new build's worker takes over at once, finds the outbox its
// predecessor left, and delivers it once; the page says a new version took over. A build whose
// shell cannot be cached whole does not take over at all.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, openOutbox, waitForWorkerControl, submit, statusOf, expectRecordCount, expectEachDeliveredOnce, goOffline } from './support/fixtures';
import { FailingProxy } from './support/proxy';
import { OutboxServer } from './support/server';

/** The worker's caches (one per version of the app shell). */
function shellCaches(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await caches.keys()).filter((name) => name.startsWith('outbox-sw-')));
}

/** Asks the browser to look for a new worker now (it would on the next navigation anyway). */
async function lookForUpdate(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    await registration.update().catch(() => undefined);
  });
}

test('submissions queued under one build are delivered once by the next', async ({ page, server }) => {
  test.setTimeout(150_000);
  // Every delivery is refused until the new build runs, so the old worker can deliver nothing.
  const proxy = await FailingProxy.start(server.url, 1_000_000);
  try {
    await openOutbox(page, { url: proxy.url });
    await waitForWorkerControl(page);
    const [oldShell] = await shellCaches(page);
    expect(oldShell).toMatch(/^outbox-sw-\w+$/);

    for (const name of ['release-1', 'release-2']) {
      await submit(page, name);
      await expect(statusOf(page, name)).toHaveText('saved on this device, sent when the server answers');
    }
    expect(await server.records()).toHaveLength(0);

    // The next build: same database, a new version stamp.
    await server.signal('SIGTERM');
    await server.restart({ OUTBOX_RELEASE_NAME: 'the next build' });
    await lookForUpdate(page);
    // The new shell, and only it, once the new worker activated.
    // (Polled until the old one is gone: right after the update call, the old shell alone is
    // still the one there.)
    await expect
      .poll(async () => (await shellCaches(page)).join())
      .toMatch(new RegExp(`^(?!${oldShell}$)outbox-sw-\\w+$`));
    await expect(page.locator('.new-version')).toContainText('A new version of this app took over');

    proxy.heal();
    // Delivered at their next attempt, which backs off with every refusal they met (up to 32 s
    // after six); one whose send the takeover cut off waits for its lease first (60 s).
    const records = await expectRecordCount(server, 2, 100_000);
    expect(records.map((r) => r.name).sort()).toEqual(['release-1', 'release-2']);
    await expectEachDeliveredOnce(server, records);
  } finally {
    await proxy.stop();
  }
});

test('a build whose shell cannot be cached whole does not replace the working worker', async ({ browser }) => {
  // A copy of the built site, so one of its files can go missing under a running server.
  const site = mkdtempSync(path.join(tmpdir(), 'outbox-site-'));
  cpSync(path.join(__dirname, '../../target/site'), site, { recursive: true });
  const server = await OutboxServer.start('sqlite', undefined, { LEPTOS_SITE_ROOT: site });
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await openOutbox(page, server);
    await waitForWorkerControl(page);
    const before = await shellCaches(page);

    await server.signal('SIGTERM');
    await server.restart({ LEPTOS_SITE_ROOT: site, OUTBOX_RELEASE_NAME: 'a broken build' });
    // Listed in the new shell, then gone: the new worker's install cannot fetch it.
    for (const suffix of ['', '.br', '.gz']) rmSync(path.join(site, 'icons/icon-512.png' + suffix));
    await lookForUpdate(page);
    await expect
      .poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.installing === null))
      .toBe(true);

    expect(await shellCaches(page)).toEqual(before);
    await expect(page.locator('.new-version')).toBeHidden();
    // The old worker still opens the page with no network.
    await goOffline(page);
    await page.reload();
    await expect(page.locator('html[data-hydrated="true"]')).toBeVisible();
  } finally {
    await context.close();
    await server.stop();
    rmSync(site, { recursive: true, force: true });
  }
});
