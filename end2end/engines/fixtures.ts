// What every cross-engine scenario starts with: the engine of its project, a fresh server (its own
// database, deliveries logged so they can be counted), a gateway in front of it that can cut it off
// or slow it down, and browsers on profiles of the test's own, closed when the test ends.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test as base, expect } from '@playwright/test';
import { OUTBOX_APP, OutboxServer, ServedApp } from '../tests/support/server';
import { CAN, Engine, EngineBrowser, launch, LaunchOptions, Tab } from './driver';
import { Gateway } from './gateway';

export { expect, CAN };
export { expectRecordCount, expectEachDeliveredOnce } from '../tests/support/deliveries';
export type { Tab, EngineBrowser };

interface Browsers {
  /** Launches the engine on `profileDir` (default: the test's own profile). */
  launch(options?: Partial<LaunchOptions>): Promise<EngineBrowser>;
  /** The test's own profile directory (a restart reopens it). */
  readonly profileDir: string;
}

export const test = base.extend<{
  engine: Engine;
  app: ServedApp;
  serverEnv: Record<string, string>;
  server: OutboxServer;
  gateway: Gateway;
  browsers: Browsers;
}>({
  // Set by each engine's `describe` in the scenarios (`test.use({ engine })`).
  engine: ['chromium', { option: true }],
  // Outbox's own app; the example's specs serve theirs (`test.use({ app: INSPECTION_APP })`).
  app: [OUTBOX_APP, { option: true }],
  // The server's own settings of a scenario (`test.use({ serverEnv: { OUTBOX_LANGUAGE: 'zh-CN' } })`).
  serverEnv: [{}, { option: true }],
  server: async ({ app, serverEnv }, use, testInfo) => {
    const env = { RUST_LOG: 'info,sqlx=warn,delivery=debug', ...serverEnv };
    const server = await OutboxServer.start('sqlite', undefined, env, app);
    await use(server);
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('server log', { body: server.log.join(''), contentType: 'text/plain' });
    }
    await server.stop();
  },
  gateway: async ({ server }, use) => {
    const gateway = await Gateway.start(server.url);
    await use(gateway);
    await gateway.stop();
  },
  browsers: async ({ engine }, use) => {
    const profileDir = mkdtempSync(path.join(tmpdir(), `outbox-${engine}-`));
    const open: EngineBrowser[] = [];
    await use({
      profileDir,
      launch: async (options = {}) => {
        const browser = await launch(engine, { profileDir, ...options });
        open.push(browser);
        return browser;
      },
    });
    for (const browser of open) await browser.close().catch(() => undefined);
    rmSync(profileDir, { recursive: true, force: true });
  },
});

/** `fn`'s answer, or null while the page cannot answer (it is navigating). */
async function safely<T>(fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch {
    return null;
  }
}

/** Polls the page until `fn` answers `expected`. */
export async function until<T, A = undefined>(tab: Tab, fn: (arg: A) => T | Promise<T>, expected: T, arg?: A, timeout = 15_000) {
  await expect.poll(() => safely(() => tab.evaluate(fn, arg)), { timeout }).toEqual(expected);
}

/** Opens the page and waits until it is hydrated and the worker controls it. */
export async function openOutbox(tab: Tab, url: string): Promise<void> {
  await tab.goto(url);
  await isHydratedAndControlled(tab);
}

export async function isHydratedAndControlled(tab: Tab, timeout = 20_000): Promise<void> {
  await until(
    tab,
    () => document.querySelector('html[data-hydrated="true"]') !== null && navigator.serviceWorker.controller !== null,
    true,
    undefined,
    timeout,
  );
}

/** Types a name and presses sync, as a person would. */
export async function submit(tab: Tab, name: string): Promise<void> {
  await tab.type('#input', name);
  await tab.click('.J_sync_event');
}

/** The stage the page shows for this page's newest submission named `name` ('' if none). */
export function stageOf(tab: Tab, name: string): Promise<string> {
  return tab.evaluate((name) => {
    const items = [...document.querySelectorAll('[role="status"] li')];
    const item = items.find((li) => li.querySelector('.name')?.textContent === name);
    return item?.querySelector('.stage')?.textContent ?? '';
  }, name);
}

/** Waits until the page shows `name` at a stage matching `stage`. */
export async function expectStage(tab: Tab, name: string, stage: RegExp, timeout = 15_000): Promise<void> {
  await expect.poll(() => safely(() => stageOf(tab, name)), { timeout }).toMatch(stage);
}

/** Picks a PNG made in the page (every driver can run a script; not every one can pick files) in
 * the form's image input, as a person picking a photo; waits for its preview. Answers its bytes. */
export async function pickPhoto(tab: Tab, fileName: string): Promise<number[]> {
  return (await pickPhotos(tab, [fileName]))[0];
}

/** Picks several photos at once (`multiple`), each drawn in the page and different from the others; answers each one's bytes, in order. */
export async function pickPhotos(tab: Tab, fileNames: string[]): Promise<number[][]> {
  const picked = await tab.evaluate(async (fileNames) => {
    const transfer = new DataTransfer();
    const bytes: number[][] = [];
    for (const [n, fileName] of fileNames.entries()) {
      const canvas = document.createElement('canvas');
      canvas.width = 320;
      canvas.height = 240;
      const context = canvas.getContext('2d')!;
      for (let i = 0; i < 200; i++) {
        context.fillStyle = `hsl(${i * 7 + n * 120}, 80%, 50%)`;
        context.fillRect((i * 37 + n * 11) % 320, (i * 53) % 240, 20, 20);
      }
      const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
      transfer.items.add(new File([blob], fileName, { type: 'image/png' }));
      bytes.push(Array.from(new Uint8Array(await blob.arrayBuffer())));
    }
    const input = document.querySelector<HTMLInputElement>('#image')!;
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    return bytes;
  }, fileNames);
  const shown = () => [...document.querySelectorAll('.image-preview .file-name')].map((e) => e.textContent).join(',');
  await until(tab, shown, fileNames.join(','));
  return picked;
}
