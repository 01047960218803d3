// `server backup FILE` while the server keeps taking submissions (SQLite): every submission
// acknowledged before the backup started is in the copy, images too, and a server started on the
// copy (a restore) serves them. On PostgreSQL the command says which pg_dump to run instead.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { test, expect } from './support/fixtures';
import { canvasImage, download, postForm, sha256 } from './support/images';
import { OUTBOX_APP, OutboxServer } from './support/server';

const run = promisify(execFile);

test('a backup taken under load holds every acknowledged submission and restores', async ({ page, server }, testInfo) => {
  const database = (testInfo.project.metadata as { database?: string }).database ?? 'sqlite';
  const copy = path.join(mkdtempSync(path.join(tmpdir(), 'outbox-backup-')), 'copy.db');
  if (database === 'postgres') {
    const failed = await run(OUTBOX_APP.bin, ['backup', copy], { env: { ...process.env, DATABASE_URL: server.databaseUrl } })
      .then(() => null, (e: { code: number; stderr: string }) => e);
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain('pg_dump --format=custom');
    return;
  }
  await page.goto('about:blank');
  const photo = await canvasImage(page, { width: 120, height: 90, type: 'image/png', noise: 0.5, name: 'kept.png' });

  // Submissions keep arriving, one in five with the photo; each is noted once acknowledged.
  const acknowledged: { id: string; photo: boolean }[] = [];
  let stop = false;
  const writer = async (w: number) => {
    for (let n = 0; !stop; n++) {
      const id = randomUUID();
      const withPhoto = n % 5 === 0;
      const status = withPhoto
        ? (await postForm(server.url, id, `w${w}-${n}`, photo)).status
        : (await fetch(`${server.url}/sync`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id, name: `w${w}-${n}` }) })).status;
      expect(status).toBe(201);
      acknowledged.push({ id, photo: withPhoto });
    }
  };
  const writers = [0, 1, 2].map(writer);
  await expect.poll(() => acknowledged.length).toBeGreaterThan(60);
  const before = [...acknowledged];
  const backup = await run(OUTBOX_APP.bin, ['backup', copy], { env: { ...process.env, DATABASE_URL: server.databaseUrl } });
  expect(backup.stdout).toContain(`to ${copy}`);
  const during = acknowledged.length;
  stop = true;
  await Promise.all(writers);
  expect(during).toBeGreaterThan(before.length);

  const restored = await OutboxServer.start('sqlite', `sqlite://${copy}`);
  try {
    const records = new Map((await restored.records()).map((r) => [r.id, r]));
    for (const { id, photo: withPhoto } of before) {
      expect(records.has(id), `${id} is in the copy`).toBe(true);
      expect(records.get(id)!.images).toHaveLength(withPhoto ? 1 : 0);
    }
    const withPhoto = before.find((s) => s.photo)!;
    expect(sha256((await download(`${restored.url}/images/${withPhoto.id}`)).bytes)).toBe(sha256(photo.buffer));
  } finally {
    await restored.stop();
  }
});
