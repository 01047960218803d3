// Forwarding onward (OUTBOX_FORWARD_URL) through a receiver that goes down and a server killed in
// the middle of a stream of submissions: every acknowledged submission reaches the receiver, each
// request carries the submission's id as its Idempotency-Key and a valid signature, so a repeat
// is only ever the same key. A receiver's 4xx is kept as failed and shown to the owner. On SQLite
// and on PostgreSQL (the same spec in both projects).
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { test, expect } from '@playwright/test';
import { OutboxServer, freePort } from './support/server';

const SECRET = 'forwarding-secret';

/** A webhook receiver that can go down and come back on the same port. */
class Receiver {
  readonly received: { key: string; id: string; signed: boolean }[] = [];
  private server?: Server;
  constructor(readonly port: number) {}

  async up(): Promise<void> {
    this.server = createServer((request: IncomingMessage, response: ServerResponse) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        const body = Buffer.concat(chunks);
        const record = JSON.parse(body.toString()) as { id: string; name: string };
        const expected = 'sha256=' + createHmac('sha256', SECRET).update(body).digest('hex');
        this.received.push({ key: String(request.headers['idempotency-key']), id: record.id, signed: request.headers['x-outbox-signature'] === expected });
        response.statusCode = record.name === 'refuse me' ? 400 : 200;
        response.end(record.name === 'refuse me' ? 'no such customer' : 'ok');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  async down(): Promise<void> {
    const closed = new Promise((resolve) => this.server!.close(resolve));
    this.server!.closeAllConnections();
    await closed;
  }
}

test('every submission reaches the receiver through its outage and a killed server, keyed by its id', async ({}, testInfo) => {
  test.setTimeout(180_000);
  const database = (testInfo.project.metadata as { database?: 'sqlite' | 'postgres' }).database ?? 'sqlite';
  const receiver = new Receiver(await freePort());
  await receiver.up();
  const server = await OutboxServer.start(database, undefined, {
    OUTBOX_FORWARD_URL: `http://127.0.0.1:${receiver.port}/hook`,
    OUTBOX_FORWARD_SECRET: SECRET,
  });
  try {
    const acknowledged: string[] = [];
    const submit = async (name: string) => {
      const id = randomUUID();
      try {
        const answer = await fetch(`${server.url}/sync`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ id, name }),
        });
        if (answer.status === 201) acknowledged.push(id);
      } catch {
        // The server is down (killed below): not acknowledged, so the sender would send it again.
      }
    };
    const stream = async (from: number, to: number) => {
      for (let n = from; n < to; n += 3) await Promise.all([n, n + 1, n + 2].filter((i) => i < to).map((i) => submit(`s${i}`)));
    };

    await stream(0, 60);
    await expect.poll(() => receiver.received.length).toBeGreaterThan(0);
    await receiver.down();
    await stream(60, 120);
    await server.signal('SIGKILL');
    await server.restart();
    await stream(120, 180);
    await receiver.up();

    await expect
      .poll(() => acknowledged.filter((id) => !receiver.received.some((r) => r.id === id)).length, { timeout: 90_000 })
      .toBe(0);
    expect(acknowledged.length).toBeGreaterThanOrEqual(170);
    for (const request of receiver.received) {
      expect(request.key).toBe(request.id);
      expect(request.signed).toBe(true);
    }

    // A receiver's 4xx: kept as failed, not retried, shown on the owner's page.
    await submit('refuse me');
    const refused = acknowledged[acknowledged.length - 1];
    await expect.poll(() => receiver.received.filter((r) => r.id === refused).length).toBe(1);
    const owner = { authorization: `Bearer ${server.ownerToken}` };
    await expect
      .poll(async () => (await (await fetch(`${server.url}/metrics`, { headers: owner })).text()).match(/outbox_forward_backlog\{state="failed"\} (\d+)/)?.[1])
      .toBe('1');
    const signIn = await fetch(`${server.url}/admin/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${server.ownerToken}`,
      redirect: 'manual',
    });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0];
    const admin = await (await fetch(`${server.url}/admin`, { headers: { cookie } })).text();
    expect(admin).toContain('Not forwarded');
    expect(admin).toContain(refused);
    expect(admin).toContain('the receiver answered 400: no such customer');
    expect(receiver.received.filter((r) => r.id === refused)).toHaveLength(1);
  } finally {
    await server.stop();
    await receiver.down();
  }
});
