// What Outbox adds to a page: the frontend's and the worker's wasm (and JS glue), as the release
// server serves them, raw and gzip -9.
import { gzipSync } from 'node:zlib';
import { test, expect } from '@playwright/test';
import { OutboxServer } from '../tests/support/server';
import { atMost, reported } from './figures';

const KB = 1024;

test('wasm sizes', async () => {
  const server = await OutboxServer.start('sqlite');
  try {
    const size = async (path: string) => {
      const response = await fetch(server.url + path);
      expect(response.status, path).toBe(200);
      const bytes = Buffer.from(await response.arrayBuffer());
      return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    };
    const frontend = await size('/pkg/outbox.wasm');
    const worker = await size('/sw/outbox_sw_bg.wasm');
    const frontendJs = await size('/pkg/outbox.js');
    const workerJs = await size('/sw/outbox_sw.js');
    reported('wasm size: frontend, raw', Math.round(frontend.raw / KB), 'KB');
    atMost('wasm size: frontend, gzip -9', Math.round(frontend.gzip / KB), 'KB', 150);
    reported('wasm size: worker, raw', Math.round(worker.raw / KB), 'KB');
    atMost('wasm size: worker, gzip -9', Math.round(worker.gzip / KB), 'KB', 30);
    reported('JS glue, gzip -9: frontend + worker', Math.round((frontendJs.gzip + workerJs.gzip) / KB), 'KB');
  } finally {
    await server.stop();
  }
});
