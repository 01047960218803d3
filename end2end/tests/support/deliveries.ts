// What the server has, as a test asserts it in any engine: the records, and how many requests
// carried each one (the server dedupes records, so only the delivery log tells a worker that sent
// one twice).
import { expect } from '@playwright/test';
import { OutboxServer, SubmissionRecord } from './server';

/** Polls the server until it has exactly `count` records, then returns them. */
export async function expectRecordCount(server: OutboxServer, count: number, timeout = 15_000) {
  await expect.poll(async () => (await server.records()).length, { timeout }).toBe(count);
  return server.records();
}

/** Each record reached the server in exactly one request (the server dedupes, so the records alone
 * cannot show a worker that sent one twice). Call it once nothing is left to send. */
export async function expectEachDeliveredOnce(
  server: OutboxServer,
  records: SubmissionRecord[],
  label: (record: SubmissionRecord) => string = (r) => r.name,
): Promise<void> {
  expect(records.length).toBeGreaterThan(0);
  // The log reaches the test through a pipe: wait until every delivery is seen, then count.
  for (const record of records) await expect.poll(() => server.deliveries(record.id)).toBeGreaterThan(0);
  const counts = Object.fromEntries(records.map((r) => [label(r), server.deliveries(r.id)]));
  expect(counts).toEqual(Object.fromEntries(records.map((r) => [label(r), 1])));
}
