// What a first visit costs in bytes: every transfer of a fresh browser's first page load (what
// Lighthouse counts), then of the worker's install (its script, glue and wasm, and the app shell
// it caches; a file the browser's HTTP cache already holds costs nothing), by file type, compressed
// as the release server serves them (headers included). And the two wasm files, raw and gzip -9.
import { gzipSync } from 'node:zlib';
import { test, expect, type Request } from '@playwright/test';
import { OutboxServer } from '../tests/support/server';
import { pageWasmPath } from '../tests/support/fixtures';
import { atMost, reported } from './figures';

const KB = 1024;

/** A file's type, by its path. */
function kindOf(url: string): string {
  const path = new URL(url).pathname;
  if (path === '/' || path.endsWith('.html')) return 'HTML';
  const ext = path.split('.').pop()!;
  return { js: 'JS', wasm: 'wasm', css: 'CSS', png: 'images', webmanifest: 'manifest' }[ext] ?? ext;
}

test('bytes a first visit transfers, and the wasm sizes', async ({ browser }) => {
  const server = await OutboxServer.start('sqlite');
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const transfers: { kind: string; bytes: number; byWorker: boolean }[] = [];
    const finished: Promise<void>[] = [];
    const count = (request: Request) => {
      finished.push(
        request.sizes().then((sizes) => {
          const byWorker = request.serviceWorker() !== null || new URL(request.url()).pathname.startsWith('/sw');
          transfers.push({ kind: kindOf(request.url()), bytes: sizes.responseBodySize + sizes.responseHeadersSize, byWorker });
        }),
      );
    };
    context.on('requestfinished', count);

    await page.goto(server.url, { waitUntil: 'load' });
    await expect(page.locator('html[data-hydrated="true"]')).toBeVisible();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await page.waitForLoadState('networkidle');
    await Promise.all(finished);

    const sum = (list: typeof transfers) => list.reduce((total, t) => total + t.bytes, 0);
    const pageLoad = transfers.filter((t) => !t.byWorker);
    for (const kind of [...new Set(pageLoad.map((t) => t.kind))].sort()) {
      reported(`first visit, page load: ${kind}`, Math.round(sum(pageLoad.filter((t) => t.kind === kind)) / KB), 'KB');
    }
    atMost('first visit, page load: all (what Lighthouse counts)', Math.round(sum(pageLoad) / KB), 'KB', 150);
    reported('first visit, the worker\'s install (script, glue, wasm, shell)', Math.round(sum(transfers.filter((t) => t.byWorker)) / KB), 'KB');
    atMost('first visit with the worker\'s install: all', Math.round(sum(transfers) / KB), 'KB', 147);

    const size = async (path: string) => {
      const response = await fetch(server.url + path);
      expect(response.status, path).toBe(200);
      const bytes = Buffer.from(await response.arrayBuffer());
      return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    };
    const frontend = await size(await pageWasmPath(server.url));
    const worker = await size('/sw/outbox_sw_bg.wasm');
    reported('wasm size: frontend, raw', Math.round(frontend.raw / KB), 'KB');
    atMost('wasm size: frontend, gzip -9', Math.round(frontend.gzip / KB), 'KB', 91);
    reported('wasm size: worker, raw', Math.round(worker.raw / KB), 'KB');
    atMost('wasm size: worker, gzip -9', Math.round(worker.gzip / KB), 'KB', 66);
  } finally {
    await context.close();
    await server.stop();
  }
});
