// Slow clients cannot hold the server: 2,000 connections that send part of their headers, or their
// headers and one byte of a promised 100-byte body, and then nothing. While they hang on, a normal
// submission is answered; after the server's timeouts (10 s without headers, 10 s without a body
// chunk) every one of them is closed.
import net from 'node:net';
import { test, expect } from './support/fixtures';

/** Opens a connection that sends `text` and then stalls; resolves once it is connected. */
function stalledConnection(port: number, text: string) {
  const socket = net.connect(port, '127.0.0.1');
  const state = { closed: false, answer: '' };
  socket.on('data', (d) => (state.answer += String(d)));
  socket.on('close', () => (state.closed = true));
  socket.on('error', () => (state.closed = true));
  const connected = new Promise<void>((resolve) => socket.once('connect', () => (socket.write(text), resolve())));
  return { socket, state, connected };
}

test('2,000 stalled connections do not hold the intake, and are closed after the timeouts', async ({ server }) => {
  test.setTimeout(90_000);
  const port = Number(new URL(server.url).port);
  const body = 'POST /sync HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{';
  const headers = 'POST /sync HTTP/1.1\r\nHost: x\r\nContent-Ty';
  const stalled = Array.from({ length: 2_000 }, (_, i) => stalledConnection(port, i % 2 ? body : headers));
  try {
    await Promise.all(stalled.map((c) => c.connected));

    // A person's submission gets through while all 2,000 still hang on.
    const id = crypto.randomUUID();
    const response = await fetch(`${server.url}/sync`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ id, name: 'among the slow' }),
    });
    expect(response.status).toBe(201);
    expect(stalled.filter((c) => c.state.closed)).toHaveLength(0);

    // The server closes every one of them after its timeouts; the stalled bodies hear a 408.
    await expect.poll(() => stalled.filter((c) => c.state.closed).length, { timeout: 45_000 }).toBe(2_000);
    const slowBodies = stalled.filter((_, i) => i % 2);
    expect(slowBodies.filter((c) => c.state.answer.startsWith('HTTP/1.1 408'))).toHaveLength(slowBodies.length);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  } finally {
    for (const c of stalled) c.socket.destroy();
  }
});
