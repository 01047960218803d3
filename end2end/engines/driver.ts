// One description of a scenario, several browsers: what a scenario may ask of a browser, whatever
// drives it (Playwright for Chromium, puppeteer-core over WebDriver BiDi for Firefox, W3C WebDriver
// for WebKitGTK). Assertions read the page through `evaluate`, so they are the same everywhere.

import { launchChromium } from './chromium';
import { launchFirefox } from './firefox';
import { launchWebKit } from './webkit';

export type Engine = 'chromium' | 'firefox' | 'webkit';

export interface LaunchOptions {
  /** A profile directory kept between launches (a browser restart reopens it). */
  profileDir: string;
  /** The page's own scripts run (false: as with JavaScript turned off). */
  pageScripts?: boolean;
}

/** One tab. */
export interface Tab {
  /** Navigates; resolves once the page has loaded (`waitForLoad: false`: once it started). */
  goto(url: string, options?: { waitForLoad?: boolean }): Promise<void>;
  reload(): Promise<void>;
  /** Runs `fn` in the page with `arg` (JSON both ways); a promise is awaited. */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** Types into the element, as a person at a keyboard. */
  type(selector: string, text: string): Promise<void>;
  /** Clicks the element, as a person would. */
  click(selector: string): Promise<void>;
}

/** One running browser on one profile. */
export interface EngineBrowser {
  readonly engine: Engine;
  /** The tab the browser opened with. */
  firstTab(): Promise<Tab>;
  newTab(): Promise<Tab>;
  /** Emulates the browser going offline (`navigator.onLine` false, requests fail); null where
   * the engine's driver cannot. */
  readonly setOffline: ((offline: boolean) => Promise<void>) | null;
  /** Stops the origin's service worker, as the browser does when idle; null where it cannot. */
  readonly stopWorker: ((tab: Tab) => Promise<void>) | null;
  close(): Promise<void>;
}

/** What each engine's driver can do here (the scenarios that need more are skipped there, with why). */
export const CAN: Record<Engine, { offline: boolean; restart: boolean; stopWorker: boolean }> = {
  chromium: { offline: true, restart: true, stopWorker: true },
  // Firefox's BiDi offline emulation reaches the page, not its service worker: not offline at all
  // for the outbox. No command stops a worker.
  firefox: { offline: false, restart: true, stopWorker: false },
  // WebKitWebDriver runs MiniBrowser in an ephemeral automation session: no profile to reopen, no
  // network emulation, no access to the worker.
  webkit: { offline: false, restart: false, stopWorker: false },
};

export async function launch(engine: Engine, options: LaunchOptions): Promise<EngineBrowser> {
  switch (engine) {
    case 'chromium':
      return launchChromium(options);
    case 'firefox':
      return launchFirefox(options);
    case 'webkit':
      return launchWebKit(options);
  }
}
