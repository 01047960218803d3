// Submitted offline, then the browser is closed: on the next start the browser's Background Sync
// wakes the worker, which delivers from its outbox, with no page of the site open.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect, openOutbox, waitForWorkerControl, submit, statusOf, expectRecordCount, goOffline, pickImage, expectEachDeliveredOnce, launchProfile } from './support/fixtures';
import { canvasImage, download, sha256 } from './support/images';

test('submissions made offline, one with a photo, arrive exactly once after a browser restart', async ({ server }) => {
  const profile = mkdtempSync(path.join(tmpdir(), 'outbox-profile-'));
  const launch = () => launchProfile(profile);
  try {
    const first = await launch();
    const page = first.pages()[0] ?? (await first.newPage());
    await openOutbox(page, server);
    await waitForWorkerControl(page);
    const photo = await canvasImage(page, { width: 640, height: 480, type: 'image/jpeg', noise: 0.4, name: 'restart.jpg' });
    await goOffline(page);
    await submit(page, 'across a restart');
    await expect(statusOf(page, 'across a restart')).toHaveText('saved on this device');
    await pickImage(page, photo);
    await submit(page, 'a photo across a restart');
    await expect(statusOf(page, 'a photo across a restart')).toHaveText('saved on this device');
    await first.close();
    expect(await server.records()).toHaveLength(0);

    const second = await launch();
    try {
      // No page of the site is opened: the browser's pending sync does the work.
      const records = await expectRecordCount(server, 2, 30_000);
      expect(records.map((r) => r.name).sort()).toEqual(['a photo across a restart', 'across a restart']);
      const withPhoto = records.find((r) => r.image_url)!;
      expect(sha256((await download(server.url + withPhoto.image_url)).bytes)).toBe(sha256(photo.buffer));
      expect(second.pages().every((p) => !p.url().startsWith(server.url))).toBe(true);
      // Each arrived in one request (no page is open; the worker's sync alone sent them).
      await expectEachDeliveredOnce(server, records);
      expect(await server.records()).toHaveLength(2);
    } finally {
      await second.close();
    }
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
});
