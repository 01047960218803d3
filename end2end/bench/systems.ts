// The two systems the comparison runs through the same script: Outbox (its page at `/`, its Rust
// worker) and the Workbox reference (bench/workbox/, served at /peer/ by the same release server,
// posting to the same /sync and the same database). Each says how a person submits, how a long
// queue is made offline, what the browser still keeps, and how its worker is woken.
import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';
import { openOutbox, waitForWorkerControl, submit as outboxSubmit, outboxCounts } from '../tests/support/fixtures';

export interface System {
  name: 'Outbox' | 'Workbox';
  /** The worker's sync tag (for sync events dispatched by hand). */
  syncTag: string;
  /** Opens the page at `url` (the server or a proxy) and waits until the worker controls it. */
  open(page: Page, url: string): Promise<void>;
  /** Types a name and clicks sync, as a person would. */
  submit(page: Page, name: string): Promise<void>;
  /** While offline: `count` submissions named `prefix i`, each as its page sends it. */
  queueOffline(page: Page, prefix: string, count: number): Promise<void>;
  /** How many submissions the browser still keeps for sending (or for the person to act on). */
  keptInBrowser(page: Page): Promise<number>;
  /** The paths of the worker's code a first visit downloads. */
  workerFiles: string[];
}

export const OUTBOX: System = {
  name: 'Outbox',
  syncTag: 'sample_sync_event',
  async open(page, url) {
    await openOutbox(page, { url });
    await waitForWorkerControl(page);
  },
  submit: outboxSubmit,
  async queueOffline(page, prefix, count) {
    await page.evaluate(
      ({ prefix, count }) => {
        for (let i = 0; i < count; i++) {
          const msg = { id: crypto.randomUUID(), name: `${prefix} ${i}`, pressed_at: new Date().toISOString() };
          navigator.serviceWorker.controller!.postMessage(JSON.stringify({ type: 'bgsync', msg }));
        }
      },
      { prefix, count },
    );
    await expect.poll(() => OUTBOX.keptInBrowser(page), { timeout: 300_000 }).toBeGreaterThanOrEqual(count);
  },
  async keptInBrowser(page) {
    const counts = outboxCounts(page);
    const waiting = Number(await counts.getAttribute('data-waiting'));
    const failed = Number(await counts.getAttribute('data-failed'));
    return waiting + failed;
  },
  workerFiles: ['/sw.js', '/sw/outbox_sw.js', '/sw/outbox_sw_bg.wasm'],
};

/** Workbox's queue, straight from its IndexedDB (`workbox-background-sync`, store `requests`). */
async function workboxQueueLength(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('workbox-background-sync');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('requests')) return resolve(0);
          const count = db.transaction('requests').objectStore('requests').count();
          count.onsuccess = () => resolve(count.result);
          count.onerror = () => reject(count.error);
        };
      }),
  );
}

export const WORKBOX: System = {
  name: 'Workbox',
  syncTag: 'workbox-background-sync:outbox-reference',
  async open(page, url) {
    await page.goto(`${url}/peer/`);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  },
  async submit(page, name) {
    await page.locator('#input').fill(name);
    await page.locator('.J_sync_event').click();
  },
  async queueOffline(page, prefix, count) {
    // The page's own fetch for each one; each rejects once the worker has queued it.
    await page.evaluate(
      async ({ prefix, count }) => {
        const posts = [];
        for (let i = 0; i < count; i++) {
          const body = JSON.stringify({ id: crypto.randomUUID(), name: `${prefix} ${i}`, pressed_at: new Date().toISOString() });
          posts.push(fetch('/sync', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body }).catch(() => null));
        }
        await Promise.all(posts);
      },
      { prefix, count },
    );
    await expect.poll(() => workboxQueueLength(page), { timeout: 300_000 }).toBeGreaterThanOrEqual(count);
  },
  keptInBrowser: workboxQueueLength,
  workerFiles: ['/peer/sw.js'],
};

export const SYSTEMS = [OUTBOX, WORKBOX];
