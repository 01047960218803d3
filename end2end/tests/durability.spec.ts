// Acknowledged means durable: under load, the server is stopped (SIGTERM: it answers what is in
// flight, flushes and exits within 10 s; SIGKILL: it dies at once) and started again on the same
// database. Every submission it answered 2xx is there.
import { randomUUID } from 'node:crypto';
import { test, expect } from './support/fixtures';
import { OutboxServer } from './support/server';

/** Posts new submissions from `clients` loops until the server stops answering; answers the ids
 * acknowledged with a 2xx. */
async function loadUntilStopped(
  server: OutboxServer,
  clients: number,
  stopAfter: (acknowledged: string[]) => Promise<void>,
) {
  const acknowledged: string[] = [];
  let stopped = false;
  const client = async () => {
    // Bounded: a loop ends on the first failed request, and after 2,000 posts in any case.
    for (let n = 0; n < 2_000 && !stopped; n += 1) {
      const id = randomUUID();
      try {
        const response = await fetch(`${server.url}/sync`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ id, name: `load ${n}` }),
        });
        if (response.ok) acknowledged.push(id);
        else await response.arrayBuffer();
      } catch {
        return; // the server is gone
      }
    }
  };
  const loops = Array.from({ length: clients }, client);
  await stopAfter(acknowledged);
  stopped = true;
  await Promise.all(loops);
  return acknowledged;
}

for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
  test(`after a ${signal} under load, every acknowledged submission is stored`, async ({ server }) => {
    let exitMs = 0;
    const acknowledged = await loadUntilStopped(server, 16, async (soFar) => {
      // The signal comes while the load runs: once 200 submissions were acknowledged.
      await expect.poll(() => soFar.length, { intervals: [10] }).toBeGreaterThan(200);
      exitMs = await server.signal(signal);
    });
    expect(acknowledged.length).toBeGreaterThan(200);
    if (signal === 'SIGTERM') {
      expect(exitMs).toBeLessThan(10_000);
      expect(server.log.join('')).toContain('stopped');
    }
    await server.restart();
    const stored = new Set((await server.records()).map((r) => r.id));
    const lost = acknowledged.filter((id) => !stored.has(id));
    expect(lost, `${lost.length} of ${acknowledged.length} acknowledged submissions are missing`).toEqual([]);
  });
}
