// What an auditor sees: Lighthouse 12.2.3 (pinned in package.json; 13 needs Node 22) with its
// mobile defaults against the release server, in the system Chromium; its four scores and the
// page's total byte weight.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { test, expect } from '@playwright/test';
import { OutboxServer } from '../tests/support/server';
import { BENCH_DIR, atLeast, atMost, reported } from './figures';

test('Lighthouse scores', async () => {
  test.setTimeout(180_000);
  const server = await OutboxServer.start('sqlite');
  try {
    const report = path.join(BENCH_DIR, 'lighthouse.json');
    const cli = path.join(__dirname, '../node_modules/lighthouse/cli/index.js');
    await promisify(execFile)(
      process.execPath,
      [cli, server.url, '--output=json', `--output-path=${report}`, '--quiet',
        '--chrome-flags=--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update'],
      { env: { ...process.env, CHROME_PATH: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' }, timeout: 170_000 },
    );
    const result = JSON.parse(readFileSync(report, 'utf8'));
    const score = (category: string) => Math.round(result.categories[category].score * 100);
    expect(result.lighthouseVersion).toBe('12.2.3');
    reported('Lighthouse 12.2.3 (mobile): performance', score('performance'), 'score');
    atLeast('Lighthouse 12.2.3 (mobile): accessibility', score('accessibility'), 'score', 100);
    atLeast('Lighthouse 12.2.3 (mobile): best practices', score('best-practices'), 'score', 100);
    atLeast('Lighthouse 12.2.3 (mobile): SEO', score('seo'), 'score', 100);
    atMost('Lighthouse 12.2.3: total byte weight', Math.round(result.audits['total-byte-weight'].numericValue / 1024), 'KiB', 150);
    for (const audit of Object.values(result.audits) as { id: string; score: number | null; scoreDisplayMode: string }[]) {
      if (audit.score !== null && audit.score < 1 && audit.scoreDisplayMode === 'binary') console.log(`lighthouse: ${audit.id} fails`);
    }
  } finally {
    await server.stop();
  }
});
