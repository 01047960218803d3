// WebKitGTK (Safari's engine) through W3C WebDriver: Debian's WebKitWebDriver drives its
// MiniBrowser, which needs a display (Xvfb). The client is the protocol's few HTTP calls that the
// scenarios use (WebdriverIO's `webdriver` 10 needs Node 22; Debian 12 has 20).
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { EngineBrowser, LaunchOptions, Tab } from './driver';

const MINIBROWSER =
  process.env.MINIBROWSER_PATH ??
  execFileSync('sh', ['-c', 'dpkg -L libwebkit2gtk-4.1-0 | grep /MiniBrowser$'], { encoding: 'utf8' }).trim();
/** The W3C key of an element reference. */
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

class Session {
  constructor(private readonly base: string) {}

  async call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: object): Promise<T> {
    const response = await fetch(this.base + path, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = (await response.json()) as { value: T & { error?: string; message?: string } };
    if (!response.ok) throw new Error(`WebDriver ${method} ${path}: ${answer.value.error}: ${answer.value.message}`);
    return answer.value;
  }

  async element(selector: string): Promise<string> {
    const found = await this.call<Record<string, string>>('POST', '/element', { using: 'css selector', value: selector });
    return found[ELEMENT];
  }
}

class WebKitTab implements Tab {
  constructor(private readonly session: Session, private readonly handle: string) {}

  private async focus() {
    await this.session.call('POST', '/window', { handle: this.handle });
  }
  async goto(url: string, options: { waitForLoad?: boolean } = {}) {
    await this.focus();
    await this.markDocument();
    // The session's page load strategy is "none": navigating returns at once.
    await this.session.call('POST', '/url', { url });
    if (options.waitForLoad !== false) await this.waitForLoad();
  }
  async reload() {
    await this.focus();
    await this.markDocument();
    await this.session.call('POST', '/refresh', {});
    await this.waitForLoad();
  }
  /** Marks the document shown now, so `waitForLoad` can tell the next one from it (a fresh tab's
   * `about:blank` is "complete" too). */
  private async markDocument() {
    await this.evaluate(() => {
      (window as unknown as { outboxLeft?: boolean }).outboxLeft = true;
    }).catch(() => undefined);
  }
  private async waitForLoad() {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const loaded = await this.evaluate(
        () => document.readyState === 'complete' && !(window as unknown as { outboxLeft?: boolean }).outboxLeft,
      ).catch(() => false);
      if (loaded) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the page did not load within 30 s');
  }
  async evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> {
    await this.focus();
    const script = `const done = arguments[arguments.length - 1];
      Promise.resolve().then(() => (${fn.toString()})(arguments[0]))
        .then((value) => done({ value }), (e) => done({ error: String(e && e.stack || e) }));`;
    const result = await this.session.call<{ value?: R; error?: string }>('POST', '/execute/async', {
      script,
      args: [arg ?? null],
    });
    if (result.error !== undefined) throw new Error(result.error);
    return result.value as R;
  }
  async type(selector: string, text: string) {
    // Nothing to type is no keystroke (the driver refuses an empty text); a line break is the
    // Return key, as a person presses it (WebKitWebDriver drops a bare "\n").
    if (text === '') return;
    await this.focus();
    await this.session.call('POST', `/element/${await this.session.element(selector)}/value`, {
      text: text.replace(/\n/g, '\uE006'),
    });
  }
  async click(selector: string) {
    await this.focus();
    await this.session.call('POST', `/element/${await this.session.element(selector)}/click`, {});
  }
}

export async function launchWebKit(options: LaunchOptions): Promise<EngineBrowser> {
  const port = await freePort();
  // Its own process group: Xvfb, the driver and MiniBrowser go together at `close`.
  const driver: ChildProcess = spawn('xvfb-run', ['-a', 'WebKitWebDriver', `--port=${port}`], {
    detached: true,
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  const args = ['--automation'];
  if (options.pageScripts === false) args.push('--enable-javascript-markup=false');
  let created: { sessionId: string } | null = null;
  const deadline = Date.now() + 30_000;
  while (!created) {
    try {
      created = await new Session(base).call<{ sessionId: string }>('POST', '/session', {
        capabilities: {
          alwaysMatch: { pageLoadStrategy: 'none', 'webkitgtk:browserOptions': { binary: MINIBROWSER, args } },
        },
      });
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const session = new Session(`${base}/session/${created.sessionId}`);
  const stop = () => {
    try {
      process.kill(-driver.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  return {
    engine: 'webkit',
    firstTab: async () => new WebKitTab(session, await session.call<string>('GET', '/window')),
    newTab: async () => {
      const opened = await session.call<{ handle: string }>('POST', '/window/new', { type: 'tab' });
      return new WebKitTab(session, opened.handle);
    },
    setOffline: null,
    stopWorker: null,
    close: async () => {
      await session.call('DELETE', '').catch(() => undefined);
      stop();
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
