// The soak (`./scripts/bench.sh --soak`: 10 minutes; the smoke run keeps it alive with 3 seconds):
// 16 clients mix new submissions, repeats, photos, bad input and the owner's list reads against one
// server. Reported: requests served, answers by status, failed requests, and the server's memory and
// open files at the start and at the end (flat means no leak). Every answer must be one the request
// deserves: 201/200 for submissions, 422/400/415 for bad input, 200 for lists; nothing else.
import { randomUUID } from 'node:crypto';
import { test, expect } from '@playwright/test';
import { OutboxServer } from '../tests/support/server';
import { SMOKE, atMost, reported, round } from './figures';

const SOAK = process.env.OUTBOX_BENCH_SOAK === '1';
const SECONDS = SOAK ? Number(process.env.OUTBOX_SOAK_SECONDS ?? 600) : 3;
const CLIENTS = 16;

// A 1×1 PNG: a real image the server checks and thumbnails.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC',
  'base64',
);

test('soak: mixed load, then the server as it was', async () => {
  test.skip(!SOAK && !SMOKE, 'the soak runs with --soak (and, for 3 seconds, in the smoke run)');
  test.setTimeout((SECONDS + 120) * 1_000);
  const server = await OutboxServer.start('sqlite');
  const byStatus = new Map<string, number>();
  const count = (key: string) => byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
  const unexpected: string[] = [];
  try {
    const repeatIds: string[] = [];
    const json = (body: unknown) => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const kinds: Array<[string, () => Promise<Response>, number[]]> = [
      // An id becomes a repeat only once the server answered it (else a repeat may store it first).
      ['new', async () => { const id = randomUUID(); const answer = await fetch(`${server.url}/sync`, json({ id, name: 'soak' })); repeatIds.push(id); return answer; }, [201]],
      ['repeat', () => fetch(`${server.url}/sync`, json({ id: repeatIds[repeatIds.length >> 1] ?? randomUUID(), name: 'soak' })), [200, 201]],
      ['photo', () => {
        const form = new FormData();
        form.append('id', randomUUID());
        form.append('name', 'soak photo');
        form.append('image', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'p.png');
        return fetch(`${server.url}/sync`, { method: 'POST', body: form });
      }, [201]],
      ['bad', () => fetch(`${server.url}/sync`, json({ id: 'not-a-uuid', name: 'x' })), [422]],
      ['list', () => fetch(`${server.url}/api/submissions?limit=50`, { headers: { Authorization: `Bearer ${server.ownerToken}` } }), [200]],
    ];
    let served = 0;
    const client = async (n: number, deadline: number) => {
      for (let i = n; Date.now() < deadline; i += 1) {
        const [kind, send, expected] = kinds[i % kinds.length];
        try {
          const response = await send();
          await response.arrayBuffer();
          served += 1;
          count(String(response.status));
          if (!expected.includes(response.status)) unexpected.push(`${kind}: ${response.status}`);
        } catch (e) {
          count('network error');
          unexpected.push(`${kind}: ${e}`);
        }
      }
    };
    const run = (seconds: number) => {
      const deadline = Date.now() + seconds * 1_000;
      return Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n, deadline)));
    };
    // A warm-up first, so the start is measured with the connections (clients' and database's) open.
    await run(Math.min(5, SECONDS / 3));
    served = 0;
    byStatus.clear();
    const start = { rss: server.memoryMb('VmRSS'), files: server.openFiles() };
    await run(SECONDS);
    const end = { rss: server.memoryMb('VmRSS'), files: server.openFiles() };

    reported(`soak (${SECONDS} s, ${CLIENTS} clients): requests served`, served, 'requests');
    for (const [status, n] of [...byStatus].sort()) reported(`soak: answered ${status}`, n, 'requests');
    atMost('soak: answers the request did not deserve', unexpected.length, 'requests', 0);
    reported('soak: server RSS at the start', round(start.rss), 'MB');
    reported('soak: server RSS at the end', round(end.rss), 'MB');
    reported('soak: open files at the start', start.files, 'files');
    atMost('soak: open files at the end, over the start', end.files - start.files, 'files', 8);
    expect(unexpected.slice(0, 10)).toEqual([]);
  } finally {
    await server.stop();
  }
});
