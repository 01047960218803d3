// Logs for machines: with OUTBOX_LOG_FORMAT=json every line the server writes is one JSON object
// (a log shipper reads it without a pattern), carrying its level, target and fields; an unknown
// format stops the server at start with a message that names the setting.
import { randomUUID } from 'node:crypto';
import { test, expect } from '@playwright/test';
import { OutboxServer } from './support/server';

test('OUTBOX_LOG_FORMAT=json writes one JSON object a line, a delivery with its id', async () => {
  const server = await OutboxServer.start('sqlite', undefined, { OUTBOX_LOG_FORMAT: 'json', RUST_LOG: 'info,sqlx=warn,delivery=debug' });
  const id = randomUUID();
  try {
    const answer = await fetch(`${server.url}/sync`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id, name: 'logged' }),
    });
    expect(answer.status).toBe(201);
  } finally {
    await server.stop();
  }
  const lines = server.log.join('').split('\n').filter((line) => line.trim() !== '');
  expect(lines.length).toBeGreaterThan(3);
  const events = lines.map((line) => JSON.parse(line) as { level: string; target: string; timestamp: string; fields: Record<string, string> });
  for (const event of events) {
    expect(typeof event.timestamp).toBe('string');
    expect(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR']).toContain(event.level);
  }
  expect(events.filter((e) => e.target === 'delivery' && e.fields.id === id)).toHaveLength(1);
  expect(events.some((e) => String(e.fields.message).startsWith('listening on http://'))).toBe(true);
});

test('an unknown OUTBOX_LOG_FORMAT stops the server at start, naming the setting', async () => {
  await expect(OutboxServer.start('sqlite', undefined, { OUTBOX_LOG_FORMAT: 'xml' })).rejects.toThrow(
    /OUTBOX_LOG_FORMAT must be text or json, not "xml"/,
  );
});
