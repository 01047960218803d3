// Two server instances on two ports share one PostgreSQL: a submission retried against either, or
// both at once, is stored exactly once. (PostgreSQL projects only: SQLite is one server's file.)
import { test, expect } from './support/fixtures';
import { OutboxServer } from './support/server';

const post = (url: string, path: string, body: unknown) =>
  fetch(`${url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

test('the same id posted to two instances concurrently, many times, is stored once', async ({ server }) => {
  const other = await OutboxServer.start('postgres', server.databaseUrl);
  try {
    const id = crypto.randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => post(i % 2 ? other.url : server.url, '/sync', { id, name: 'one submission' })),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(39);
    const names = new Set(await Promise.all(answers.map(async (a) => (await a.json()).name)));
    expect(names.size).toBe(1);
    expect(await server.records()).toHaveLength(1);
    expect(await other.records()).toHaveLength(1);
    // The same id with other data, at either instance: refused, nothing overwritten.
    for (const url of [server.url, other.url]) {
      expect((await post(url, '/sync', { id, name: 'other data' })).status).toBe(422);
    }
    expect((await server.records())[0].name).toBe('one submission');
  } finally {
    await other.stop();
  }
});

test('a batch split across two instances, with overlaps sent to both, stores each record once', async ({ server }) => {
  const other = await OutboxServer.start('postgres', server.databaseUrl);
  try {
    const items = Array.from({ length: 60 }, (_, i) => ({ id: crypto.randomUUID(), name: `item ${i}` }));
    const toA = items.slice(0, 40); // items 20..39 go to both
    const toB = items.slice(20);
    const [a, b] = await Promise.all([
      post(server.url, '/sync/batch', { submissions: toA }),
      post(other.url, '/sync/batch', { submissions: toB }),
    ]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    const results = [...(await a.json()).results, ...(await b.json()).results];
    expect(results.filter((r: any) => r.status === 201)).toHaveLength(60);
    expect(results.filter((r: any) => r.status === 200)).toHaveLength(20);
    const records = await server.records();
    expect(records).toHaveLength(60);
    expect(new Set(records.map((r) => r.id)).size).toBe(60);
  } finally {
    await other.stop();
  }
});
