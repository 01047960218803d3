// /metrics on a real server: the owner's (token) on the site's address, and unguarded on the
// address OUTBOX_METRICS_ADDR names, for a scraper; OUTBOX_METRICS=off leaves none.
import { randomUUID } from 'node:crypto';
import { test, expect } from '@playwright/test';
import { OutboxServer, freePort } from './support/server';

const submit = (url: string) =>
  fetch(`${url}/sync`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: randomUUID(), name: 'counted' }) });

test('a scraper reads the metrics on OUTBOX_METRICS_ADDR; on the site they are the owner’s', async () => {
  const port = await freePort();
  const server = await OutboxServer.start('sqlite', undefined, { OUTBOX_METRICS_ADDR: `127.0.0.1:${port}` });
  try {
    expect((await submit(server.url)).status).toBe(201);
    const scraped = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(scraped.status).toBe(200);
    const text = await scraped.text();
    expect(text).toContain('outbox_submissions_total{outcome="stored"} 1');
    expect(text).toMatch(/outbox_open_connections \d/);
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const owner = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${server.ownerToken}` } });
    expect(owner.status).toBe(200);
  } finally {
    await server.stop();
  }
});

test('OUTBOX_METRICS=off: no metrics are kept and /metrics says so', async () => {
  const server = await OutboxServer.start('sqlite', undefined, { OUTBOX_METRICS: 'off' });
  try {
    expect((await submit(server.url)).status).toBe(201);
    const answer = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${server.ownerToken}` } });
    expect(answer.status).toBe(404);
    expect((await answer.json()).error).toContain('OUTBOX_METRICS=off');
  } finally {
    await server.stop();
  }
});
