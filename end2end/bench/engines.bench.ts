// The same figures in each engine (Chromium, Firefox, WebKitGTK), through the drivers of the
// cross-engine suite: click → stored online, and the drain of a long queue. Reported beside each
// other, with no target yet. The queue builds while the server stalls (the gateway holds every
// request the worker sends), the same way in every engine: Firefox's and WebKit's drivers have no
// offline emulation that reaches the worker. (So this is not the Chromium-only drain figure, which
// queues offline, where the worker sends nothing until the network is back.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { OutboxServer } from '../tests/support/server';
import { launch, Engine, EngineBrowser } from '../engines/driver';
import { Gateway } from '../engines/gateway';
import { openOutbox, submit, expectStage } from '../engines/fixtures';
import { SMOKE, median, reported, round } from './figures';

const CLICKS = SMOKE ? 3 : 30;
const QUEUE = SMOKE ? 20 : 1_000;

for (const engine of ['chromium', 'firefox', 'webkit'] as Engine[]) {
  test(`[${engine}] click → stored, and a queue of ${QUEUE} drained`, async () => {
    const server = await OutboxServer.start('sqlite');
    const gateway = await Gateway.start(server.url);
    const profileDir = mkdtempSync(path.join(tmpdir(), `outbox-bench-${engine}-`));
    let browser: EngineBrowser | null = null;
    try {
      browser = await launch(engine, { profileDir });
      const tab = await browser.firstTab();
      await openOutbox(tab, gateway.url);
      for (let i = 0; i < CLICKS; i++) {
        await submit(tab, `click ${i}`);
        await expectStage(tab, `click ${i}`, /^sent$/);
      }
      const clicks = (await server.records()).map((r) => Date.parse(r.received_at) - Date.parse(r.pressed_at!));
      reported(`${engine}: click → stored via the worker, median of ${CLICKS}`, median(clicks), 'ms');

      gateway.hold();
      // Posted as a click posts each (without 1,000 clicks); counted once the worker says each is
      // stored in its outbox ("queued"), while every request it sends stalls at the gateway.
      await tab.evaluate(
        (count) =>
          new Promise<void>((resolve) => {
            const waiting = new Set<string>();
            navigator.serviceWorker.addEventListener('message', (event) => {
              const report = JSON.parse(event.data);
              if (report.type === 'queued' && waiting.delete(report.msg.id) && waiting.size === 0) resolve();
            });
            for (let i = 0; i < count; i++) {
              const msg = { id: crypto.randomUUID(), name: `queued ${i}`, pressed_at: new Date().toISOString() };
              waiting.add(msg.id);
              navigator.serviceWorker.controller!.postMessage(JSON.stringify({ type: 'bgsync', msg }));
            }
          }),
        QUEUE,
      );
      const released = Date.now();
      gateway.release();
      await expect.poll(async () => (await server.records()).length, { intervals: [100], timeout: 300_000 }).toBe(CLICKS + QUEUE);
      const last = Math.max(...(await server.records()).map((r) => Date.parse(r.received_at)));
      reported(`${engine}: ${QUEUE} submitted while the server stalls, released → all stored`, round(last - released), 'ms');
    } finally {
      await browser?.close();
      await gateway.stop();
      await server.stop();
      rmSync(profileDir, { recursive: true, force: true });
    }
  });
}
