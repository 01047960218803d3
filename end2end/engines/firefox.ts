// Firefox (Debian's firefox-esr) through WebDriver BiDi, with puppeteer-core: Playwright's Firefox
// needs a patched build of its own, which cannot be downloaded here.
import puppeteer, { Browser, Page } from 'puppeteer-core';
import type { EngineBrowser, LaunchOptions, Tab } from './driver';

const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

class FirefoxTab implements Tab {
  constructor(readonly page: Page) {}
  async goto(url: string, options: { waitForLoad?: boolean } = {}) {
    if (options.waitForLoad === false) {
      // Started, not awaited: the scenario acts while the page still loads.
      this.page.goto(url, { waitUntil: 'load', timeout: 60_000 }).catch(() => undefined);
      return;
    }
    await this.page.goto(url, { waitUntil: 'load' });
  }
  async reload() {
    await this.page.reload({ waitUntil: 'load' });
  }
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> {
    // The drivers' own types unwrap handles; the scenarios pass plain JSON only.
    return this.page.evaluate(fn as (arg: unknown) => R, arg) as Promise<R>;
  }
  async type(selector: string, text: string) {
    await this.page.type(selector, text);
  }
  async click(selector: string) {
    // The mouse at the element's centre, not `page.click`: that one keeps an element handle whose
    // release fails ("Target closed", unhandled) when the click navigates a page without script.
    const point = await this.evaluate((selector) => {
      const element = document.querySelector(selector)!;
      element.scrollIntoView({ block: 'center' });
      const box = element.getBoundingClientRect();
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    }, selector);
    await this.page.mouse.click(point.x, point.y);
  }
}

export async function launchFirefox(options: LaunchOptions): Promise<EngineBrowser> {
  const browser: Browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    userDataDir: options.profileDir,
    extraPrefsFirefox: {
      'javascript.enabled': options.pageScripts !== false,
      // Nothing from outside: this machine reaches no network but the loopback.
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
    },
  });
  return {
    engine: 'firefox',
    firstTab: async () => new FirefoxTab((await browser.pages())[0] ?? (await browser.newPage())),
    newTab: async () => new FirefoxTab(await browser.newPage()),
    // BiDi's offline emulation reaches the page, not its service worker: no offline for the outbox.
    setOffline: null,
    stopWorker: null,
    close: () => browser.close(),
  };
}
