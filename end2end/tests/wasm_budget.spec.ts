// The wasm size budgets, as the release server serves the files (gzip -9): sizes are deterministic,
// so a build over budget fails the test command (timings stay in the benchmark's report).
import { gzipSync } from 'node:zlib';
import { test, expect, pageWasmPath } from './support/fixtures';

const KB = 1024;
const BUDGET_KB: [string, number, (serverUrl: string) => Promise<string>][] = [
  ['the page\'s wasm', 91, pageWasmPath],
  ['the worker\'s wasm', 66, async () => '/sw/outbox_sw_bg.wasm'],
];

for (const [what, budget, pathIn] of BUDGET_KB) {
  test(`${what} is at most ${budget} KB gzip`, async ({ server }) => {
    const path = await pathIn(server.url);
    const response = await fetch(server.url + path);
    expect(response.status).toBe(200);
    const gzipKb = gzipSync(Buffer.from(await response.arrayBuffer()), { level: 9 }).length / KB;
    test.info().annotations.push({ type: 'gzip -9 (KB)', description: gzipKb.toFixed(1) });
    expect(gzipKb).toBeLessThanOrEqual(budget);
  });
}
