// The server under hostile clients (issue 28): its peak memory while 16 clients at once upload the
// largest image the limits allow (a small PNG declaring 50 million RGBA pixels: 200 MB
// decoded; the decoder's allocation limit refuses more), and a normal client's latency while 10,000 silent sockets are held open (ten times the
// connections the server allows).
import net from 'node:net';
import zlib from 'node:zlib';
import { randomUUID } from 'node:crypto';
import { test, expect } from '@playwright/test';
import { OutboxServer } from '../tests/support/server';
import { postOnNewConnection } from '../tests/support/sockets';
import { SMOKE, atMost, percentile, reported, round } from './figures';

/** A PNG of `side` × `side` transparent RGBA pixels (8 bits a channel): zeros deflate to almost
 * nothing, so a file of a few hundred KB decodes to `side`² × 4 bytes. */
function pixelBomb(side: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, no filter method, no interlace
  const raw = Buffer.alloc((1 + side * 4) * side);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

test('hostile uploads: peak memory while 16 clients upload the largest image at once', async () => {
  test.setTimeout(10 * 60_000);
  // 7,071² is the most pixels the limits take (50 million); the smoke run sends two small ones.
  const side = SMOKE ? 500 : 7_071;
  const clients = SMOKE ? 2 : 16;
  const bomb = pixelBomb(side);
  const server = await OutboxServer.start('sqlite');
  try {
    const before = server.memoryMb('VmHWM');
    const uploads = Array.from({ length: clients }, async () => {
      const form = new FormData();
      form.append('id', randomUUID());
      form.append('name', 'pixel bomb');
      form.append('image', new Blob([new Uint8Array(bomb)], { type: 'image/png' }), 'bomb.png');
      return (await fetch(`${server.url}/sync`, { method: 'POST', body: form })).status;
    });
    const statuses = await Promise.all(uploads);
    expect(statuses.every((s) => s === 201), `answers: ${statuses.join(', ')}`).toBe(true);
    reported(`hostile uploads: the image (${side}² RGBA) as sent`, round(bomb.length / 1024), 'KB');
    reported('hostile uploads: peak RSS before', round(before), 'MB');
    atMost(`hostile uploads: peak RSS while ${clients} clients upload it at once`, round(server.memoryMb('VmHWM')), 'MB', 512);
  } finally {
    await server.stop();
  }
});

test('silent sockets: a normal client while 10,000 are held open', async () => {
  test.setTimeout(5 * 60_000);
  const count = SMOKE ? 500 : 10_000;
  // Fewer connections than silent sockets (1,000), so every one is taken: a burst of 10,000 against
  // the default 10,000 overflows the kernel's accept queue before the server has accepted them all.
  const server = await OutboxServer.start('sqlite', undefined, { OUTBOX_MAX_CONNECTIONS: '1000' });
  const port = Number(new URL(server.url).port);
  const sockets: net.Socket[] = [];
  try {
    for (let i = 0; i < count; i += 500) {
      const wave = Array.from({ length: 500 }, () => net.connect(port, '127.0.0.1').on('error', () => {}));
      sockets.push(...wave);
      await Promise.all(wave.map((s) => new Promise((resolve) => s.once('connect', resolve))));
    }
    const times: number[] = [];
    for (let i = 0; i < (SMOKE ? 10 : 200); i++) {
      const started = performance.now();
      expect(await postOnNewConnection(port, JSON.stringify({ id: randomUUID(), name: 'among the silent' }))).toBe(201);
      times.push(performance.now() - started);
    }
    reported(`silent sockets: a normal client's p50 beside ${count}, a connection per request`, round(percentile(times, 50)), 'ms');
    atMost(`silent sockets: a normal client's p99 beside ${count}`, round(percentile(times, 99)), 'ms', 100);
  } finally {
    for (const s of sockets) s.destroy();
    await server.stop();
  }
});
