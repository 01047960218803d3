// A long queue: 1,000 submissions queued offline in the real worker, then the network comes back,
// until all 1,000 are stored; beside it, the same 1,000 replayed one request at a time (the way
// Workbox's background sync replays its queue).
import { test, expect } from '@playwright/test';
import { OutboxServer } from '../tests/support/server';
import { openOutbox, waitForWorkerControl, goOffline, outboxCounts } from '../tests/support/fixtures';
import { SMOKE, atLeast, atMost, round } from './figures';

const QUEUE = SMOKE ? 20 : 1_000;

test(`${QUEUE} queued offline → online → all stored, and one at a time`, async ({ page, context }) => {
  const server = await OutboxServer.start('sqlite');
  try {
    await openOutbox(page, server);
    await waitForWorkerControl(page);
    await goOffline(page);
    // The page's own message for each submission (what a click posts), without 1,000 clicks.
    await page.evaluate((count) => {
      for (let i = 0; i < count; i++) {
        const msg = { id: crypto.randomUUID(), name: `queued ${i}`, pressed_at: new Date().toISOString() };
        navigator.serviceWorker.controller!.postMessage(JSON.stringify({ type: 'bgsync', msg }));
      }
    }, QUEUE);
    await expect(outboxCounts(page)).toHaveAttribute('data-waiting', String(QUEUE), { timeout: 300_000 });
    expect(await server.records()).toHaveLength(0);

    const reconnected = Date.now();
    await context.setOffline(false);
    await expect.poll(async () => (await server.records()).length, { intervals: [100], timeout: 300_000 }).toBe(QUEUE);
    const records = await server.records();
    const drainMs = Math.max(...records.map((r) => Date.parse(r.received_at))) - reconnected;
    expect(new Set(records.map((r) => r.id)).size).toBe(QUEUE);

    // The same number, one POST at a time, each awaited before the next.
    const oneByOneMs = await page.evaluate(async (count) => {
      const started = performance.now();
      for (let i = 0; i < count; i++) {
        const response = await fetch('/sync', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ id: crypto.randomUUID(), name: `one by one ${i}` }),
        });
        if (response.status !== 201) throw new Error(`POST answered ${response.status}`);
      }
      return performance.now() - started;
    }, QUEUE);
    expect(await server.records()).toHaveLength(2 * QUEUE);

    atMost(`drain after reconnect: ${QUEUE} queued → all stored`, drainMs, 'ms', 2000);
    atLeast(`drain after reconnect: speed-up over ${QUEUE} one at a time (${Math.round(oneByOneMs)} ms)`, round(oneByOneMs / Math.max(1, drainMs), 1), '×', 5);
  } finally {
    await server.stop();
  }
});
