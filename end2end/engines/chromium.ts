// Chromium through Playwright (the system Chromium; Playwright downloads no browser here).
import { chromium, BrowserContext, Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config';
import type { EngineBrowser, LaunchOptions, Tab } from './driver';

class ChromiumTab implements Tab {
  constructor(readonly page: Page) {}
  async goto(url: string, options: { waitForLoad?: boolean } = {}) {
    await this.page.goto(url, { waitUntil: options.waitForLoad === false ? 'commit' : 'load' });
  }
  async reload() {
    await this.page.reload();
  }
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> {
    // The drivers' own types unwrap handles; the scenarios pass plain JSON only.
    return this.page.evaluate(fn as (arg: unknown) => R, arg) as Promise<R>;
  }
  async type(selector: string, text: string) {
    await this.page.locator(selector).pressSequentially(text);
  }
  async click(selector: string) {
    // No wait for the element to stop moving: on a slow first visit the stylesheet arrives late and
    // moves it, and a person presses it all the same (the other drivers do not wait either).
    await this.page.locator(selector).click({ force: true });
  }
}

export async function launchChromium(options: LaunchOptions): Promise<EngineBrowser> {
  const context: BrowserContext = await chromium.launchPersistentContext(options.profileDir, {
    headless: true,
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    javaScriptEnabled: options.pageScripts !== false,
  });
  return {
    engine: 'chromium',
    firstTab: async () => new ChromiumTab(context.pages()[0] ?? (await context.newPage())),
    newTab: async () => new ChromiumTab(await context.newPage()),
    setOffline: (offline) => context.setOffline(offline),
    stopWorker: async (tab) => {
      const cdp = await context.newCDPSession((tab as ChromiumTab).page);
      const statuses = new Map<string, string>();
      // Seen stopped at least once: the page may wake it again at once (its retry clock).
      let stopped = false;
      cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }: { versions: { versionId: string; runningStatus: string }[] }) => {
        for (const v of versions) statuses.set(v.versionId, v.runningStatus);
        stopped ||= statuses.size > 0 && [...statuses.values()].every((s) => s === 'stopped');
      });
      await cdp.send('ServiceWorker.enable');
      const until = async (done: () => boolean, what: string) => {
        for (const deadline = Date.now() + 40_000; !done(); await new Promise((r) => setTimeout(r, 50))) {
          if (Date.now() > deadline) throw new Error(`the service worker ${what} within 40 s`);
        }
      };
      await until(() => [...statuses.values()].includes('running'), 'was not seen running');
      // A worker busy with an event (a sync waiting in place for a retry) stops once it is over.
      await cdp.send('ServiceWorker.stopAllWorkers');
      await until(() => stopped, 'did not stop');
      await cdp.detach();
    },
    close: () => context.close(),
  };
}
