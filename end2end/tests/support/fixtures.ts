// The fixtures every spec uses: a fresh server per test, and helpers that read like the user story.
import { test as base, chromium, expect, Page, BrowserContext } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../playwright.config';
import { OutboxServer } from './server';

export { expectRecordCount, expectEachDeliveredOnce } from './deliveries';

export { expect };

export const test = base.extend<{ server: OutboxServer; consoleLog: string[]; cspViolations: string[] }>({
  // Every test runs under the server's Content-Security-Policy: any violation the page or the worker
  // reports fails it. (A spec that provokes one on purpose empties the list after checking it.)
  cspViolations: [
    async ({ context }, use) => {
      const violations: string[] = [];
      const watch = (source: string, target: { on: (e: 'console', f: (m: { text(): string }) => void) => unknown }) =>
        target.on('console', (m) => {
          if (/Content Security Policy|securitypolicyviolation/.test(m.text())) violations.push(`${source}: ${m.text()}`);
        });
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) =>
          console.error(`securitypolicyviolation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`),
        );
      });
      context.on('page', (page) => watch('page', page));
      context.on('serviceworker', (worker) => watch('worker', worker));
      await use(violations);
      expect(violations, 'Content-Security-Policy violations during the test').toEqual([]);
    },
    { auto: true },
  ],
  // What the page and the service worker wrote to their consoles (and the page's uncaught
  // errors), attached to a failed test: the worker's warnings say why it did not act.
  consoleLog: [
    async ({ context }, use, testInfo) => {
      const lines: string[] = [];
      const at = () => new Date().toISOString().slice(11, 23);
      const watch = (source: string, worker: { on: (e: 'console', f: (m: { type(): string; text(): string }) => void) => unknown }) =>
        worker.on('console', (m) => lines.push(`${at()} ${source} ${m.type()}: ${m.text()}`));
      context.on('page', (page) => {
        watch('page', page);
        page.on('pageerror', (e) => lines.push(`${at()} page error: ${e.message}`));
      });
      context.on('serviceworker', (worker) => watch('worker', worker));
      await use(lines);
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach('console', { body: lines.join('\n'), contentType: 'text/plain' });
      }
    },
    { auto: true },
  ],
  server: async ({}, use, testInfo) => {
    const database = (testInfo.project.metadata as { database?: 'sqlite' | 'postgres' }).database ?? 'sqlite';
    // Every delivery is logged, so a test can count how many requests carried each submission.
    const server = await OutboxServer.start(database, undefined, { RUST_LOG: 'info,sqlx=warn,delivery=debug' });
    await use(server);
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('server log', { body: server.log.join(''), contentType: 'text/plain' });
    }
    await server.stop();
  },
});

/** Opens the page and waits until it is hydrated (the button does something). */
export async function openOutbox(page: Page, server: { url: string }): Promise<void> {
  await page.goto(server.url);
  await expect(page.locator('html[data-hydrated="true"]')).toBeVisible();
}

/** Waits until the service worker controls the page (after the first visit's claim). */
export async function waitForWorkerControl(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/** Types a name and clicks sync, as a person would. */
export async function submit(page: Page, name: string): Promise<void> {
  await page.locator('#input').fill(name);
  await page.locator('.J_sync_event').click();
}

/** The status line of this page's submission named `name` (the newest one with that name). */
export function statusOf(page: Page, name: string) {
  return page
    .getByRole('status')
    .locator('li')
    .filter({ has: page.locator('.name', { hasText: name }) })
    .first()
    .locator('.stage');
}

/** The smaller detail under that line's status: the attempt, the next one's time and why the last
 * did not go (shown while the worker waits to send it again). */
export function detailOf(page: Page, name: string) {
  return statusOf(page, name).locator('xpath=following-sibling::span[@class="detail"]');
}

/** The counts the outbox panel shows (read from the worker). */
export function outboxCounts(page: Page) {
  return page.locator('.outbox .counts');
}

/** Stops the service worker as the browser does when idle (CDP), and waits until it is stopped. */
export async function stopWorker(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const statuses = new Map<string, string>();
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }: any) => {
    for (const v of versions) statuses.set(v.versionId, v.runningStatus);
  });
  await cdp.send('ServiceWorker.enable');
  await expect.poll(() => [...statuses.values()].includes('running')).toBe(true);
  await cdp.send('ServiceWorker.stopAllWorkers');
  await expect.poll(() => [...statuses.values()].every((s) => s === 'stopped')).toBe(true);
  await cdp.detach();
}

/** Posts `message` to the worker and waits for its first report of type `replyType`; answers
 * the time between the two in ms (the page's clock). */
export async function replyTimeMs(page: Page, message: object, replyType: string): Promise<number> {
  return page.evaluate(
    ({ text, replyType }) =>
      new Promise<number>((resolve) => {
        const started = performance.now();
        const listener = (event: MessageEvent) => {
          if (typeof event.data === 'string' && JSON.parse(event.data).type === replyType) {
            navigator.serviceWorker.removeEventListener('message', listener);
            resolve(performance.now() - started);
          }
        };
        navigator.serviceWorker.addEventListener('message', listener);
        navigator.serviceWorker.controller!.postMessage(text);
      }),
    { text: JSON.stringify(message), replyType },
  );
}

/** Wakes the worker with a message and waits for its answer (the outbox report). */
export async function wakeWorker(page: Page): Promise<void> {
  await replyTimeMs(page, { type: 'drain' }, 'outbox');
}

/** Asks the worker to send what is due and report its outbox (as the page does on load/online). */
export async function askWorkerToDrain(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.controller!.postMessage(JSON.stringify({ type: 'drain' })));
}

/** Goes offline and waits until the worker, not only the page, sees the network down. */
export async function goOffline(page: Page): Promise<void> {
  await page.context().setOffline(true);
  await expect(async () => {
    await askWorkerToDrain(page);
    await expect(page.locator('.outbox .network')).toHaveAttribute('data-online', 'false', { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
}

/** Picks an image in the form's file input and waits until the page shows its preview. */
export async function pickImage(page: Page, file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  await page.locator('#image').setInputFiles(file);
  await expect(page.locator('.image-preview .file-name')).toHaveText(file.name);
}

/** The path of the page's wasm, named by its hash: the page's preload link says which. */
export async function pageWasmPath(serverUrl: string): Promise<string> {
  const html = await (await fetch(serverUrl)).text();
  return html.match(/href="(\/pkg\/outbox\.[\w-]+\.wasm)"/)![1];
}

/** The system Chromium on a persistent profile in `dir`: a browser that can be closed and
 * launched again with its service workers, IndexedDB and pending syncs. */
export function launchProfile(dir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(dir, {
    headless: true,
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}
