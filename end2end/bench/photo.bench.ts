// A 3 MB photo through the whole path: queued offline by the real page and worker, then the
// network comes back; measured from reconnect to the server's stored record (the server's
// received_at, same machine clock), and the server's memory while it takes the photos.
import { test, expect } from '@playwright/test';
import { OutboxServer } from '../tests/support/server';
import { openOutbox, waitForWorkerControl, submit, statusOf, goOffline, pickImage } from '../tests/support/fixtures';
import { canvasImage } from '../tests/support/images';
import { SMOKE, median, reported, round } from './figures';

const RUNS = SMOKE ? 1 : 5;

test('a 3 MB photo: reconnect → stored, and the server memory', async ({ page, context }) => {
  const server = await OutboxServer.start('sqlite');
  try {
    await openOutbox(page, server);
    await waitForWorkerControl(page);
    const photo = await canvasImage(page, { width: 2300, height: 1725, type: 'image/jpeg', noise: 1, name: 'photo.jpg' });
    expect(photo.buffer.length).toBeGreaterThan(3_000_000);
    const rssBefore = server.memoryMb('VmRSS');
    const times: number[] = [];
    let peakAfterFirst = 0;
    for (let run = 0; run < RUNS; run++) {
      await goOffline(page);
      await pickImage(page, photo);
      await submit(page, `photo ${run}`);
      await expect(statusOf(page, `photo ${run}`)).toHaveText('saved on this device');
      const reconnected = Date.now();
      await context.setOffline(false);
      await expect.poll(async () => (await server.records()).length, { intervals: [50], timeout: 30_000 }).toBe(run + 1);
      const record = (await server.records()).find((r) => r.name === `photo ${run}`)!;
      times.push(Date.parse(record.received_at) - reconnected);
      if (run === 0) peakAfterFirst = server.memoryMb('VmHWM');
    }
    reported(`3 MB photo (${round(photo.buffer.length / 1024 / 1024, 2)} MB JPEG): reconnect → stored, median of ${RUNS}`, median(times), 'ms');
    reported('3 MB photo: server RSS before the photos', round(rssBefore), 'MB');
    reported('3 MB photo: server peak RSS (VmHWM) after the first photo', round(peakAfterFirst), 'MB');
    reported(`3 MB photo: server peak RSS (VmHWM) after ${RUNS} photos`, round(server.memoryMb('VmHWM')), 'MB');
  } finally {
    await server.stop();
  }
});
