// Images with submissions: kept offline as bytes by the worker, delivered once, stored byte for
// byte, shown as thumbnails; what is not an image, too large or a decompression bomb is refused.
import { randomUUID } from 'node:crypto';
import {
  test, expect, openOutbox, waitForWorkerControl, submit, statusOf, expectRecordCount, goOffline, outboxCounts,
  stopWorker, wakeWorker, pickImage, expectEachDeliveredOnce,
} from './support/fixtures';
import { canvasImage, download, pngBomb, postForm, sha256 } from './support/images';
import { OutboxServer } from './support/server';

test('a PNG and a JPEG sent offline arrive byte for byte, and their thumbnails show', async ({ page, context, server }) => {
  await openOutbox(page, server);
  await waitForWorkerControl(page);
  const png = await canvasImage(page, { width: 640, height: 480, type: 'image/png', name: 'chart.png' });
  const jpeg = await canvasImage(page, { width: 1200, height: 900, type: 'image/jpeg', noise: 0.3, name: 'receipt.jpg' });

  await goOffline(page);
  await pickImage(page, png);
  await expect(page.locator('.image-preview img')).toBeVisible();
  await expect(page.locator('.image-preview .image-size')).toHaveText(/\d+ KB|\d\.\d MB/);
  await submit(page, 'with a png');
  await expect(statusOf(page, 'with a png')).toHaveText('saved on this device');
  await expect(page.locator('.image-preview')).toHaveCount(0);
  await pickImage(page, jpeg);
  await submit(page, 'with a jpeg');
  await expect(statusOf(page, 'with a jpeg')).toHaveText('saved on this device');
  await expect(page.locator('#submissions li .attachment')).toHaveCount(2);
  expect(await server.records()).toHaveLength(0);

  await context.setOffline(false);
  const records = await expectRecordCount(server, 2);
  for (const [name, sent, type] of [['with a png', png, 'image/png'], ['with a jpeg', jpeg, 'image/jpeg']] as const) {
    const record = records.find((r) => r.name === name)!;
    const original = await download(server.url + record.image_url);
    expect(original.status).toBe(200);
    expect(original.type).toBe(type);
    expect(original.nosniff).toBe('nosniff');
    expect(sha256(original.bytes)).toBe(sha256(sent.buffer));
    const thumbnail = await download(server.url + record.thumbnail_url);
    expect(thumbnail.type).toBe('image/jpeg');
  }
  // The page shows both thumbnails, loaded (decoded by the browser), each linking to its original.
  const thumbnails = page.locator('#submissions li img.thumbnail');
  await expect(thumbnails).toHaveCount(2);
  await expect
    .poll(() => thumbnails.evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth)))
    .toEqual([256, 256]);
  const png_record = records.find((r) => r.name === 'with a png')!;
  await expect(page.locator(`#submissions li[data-id="${png_record.id}"] a.image`)).toHaveAttribute('href', png_record.image_url!);
});

test('three photos sent offline arrive once, in the order picked; four are refused on the page', async ({ page, context, server }) => {
  await openOutbox(page, server);
  await waitForWorkerControl(page);
  const photos: Awaited<ReturnType<typeof canvasImage>>[] = [];
  for (const [i, name] of ['a.png', 'b.png', 'c.png', 'd.png'].entries()) {
    photos.push(await canvasImage(page, { width: 200 + 10 * i, height: 150, type: 'image/png', noise: 0.2, name }));
  }
  await page.locator('#image').setInputFiles(photos);
  await expect(page.locator('.image-refusal')).toHaveText('You picked 4 images; up to 3 go with one submission. Pick fewer.');
  await expect(page.locator('.image-preview')).toHaveCount(0);
  await expect(page.locator('#image')).toHaveValue('');

  await goOffline(page);
  const three = photos.slice(0, 3);
  await page.locator('#image').setInputFiles(three);
  await expect(page.locator('.image-preview .file-name')).toHaveText(['a.png', 'b.png', 'c.png']);
  await submit(page, 'three photos');
  await expect(statusOf(page, 'three photos')).toHaveText('saved on this device');
  await expect(page.locator('#submissions li .attachment')).toHaveText(/^ with 3 images \(a\.png, b\.png, c\.png; (\d+ KB|\d\.\d MB)\)$/);

  await context.setOffline(false);
  const [record] = await expectRecordCount(server, 1);
  const stored: string[] = [];
  for (const image of record.images) stored.push(sha256((await download(server.url + image.url)).bytes));
  expect(stored).toEqual(three.map((photo) => sha256(photo.buffer)));
  await expectEachDeliveredOnce(server, [record]);
  await expect(page.locator(`#submissions li[data-id="${record.id}"] img.thumbnail`)).toHaveCount(3);
});

test('an image waiting offline survives a stopped worker and arrives once, byte for byte', async ({ page, context, server }) => {
  await openOutbox(page, server);
  await waitForWorkerControl(page);
  const photo = await canvasImage(page, { width: 800, height: 600, type: 'image/jpeg', noise: 0.5, name: 'part.jpg' });
  await goOffline(page);
  await pickImage(page, photo);
  await submit(page, 'damaged part');
  await expect(statusOf(page, 'damaged part')).toHaveText('saved on this device');

  await stopWorker(page);
  await wakeWorker(page);
  await expect(outboxCounts(page)).toHaveAttribute('data-waiting', '1');
  await context.setOffline(false);

  const [record] = await expectRecordCount(server, 1);
  expect(sha256((await download(server.url + record.image_url)).bytes)).toBe(sha256(photo.buffer));
  await expect(outboxCounts(page)).toHaveAttribute('data-waiting', '0');
  expect(await server.records()).toHaveLength(1);
});

test('a text file named .png is refused by the server (415), shown on the page, and nothing is stored', async ({ page, server }) => {
  await openOutbox(page, server);
  await waitForWorkerControl(page);
  await pickImage(page, { name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('these are my notes, not a picture\n') });
  await submit(page, 'fake picture');
  // In the person's words: the server's own reason, not its status code.
  await expect(statusOf(page, 'fake picture')).toHaveText(/^not accepted: .*not a PNG, JPEG, WebP or GIF/);
  await expect(page.locator('#submissions li[data-state="failed"] .stage')).toContainText('not a PNG');
  expect(await server.records()).toHaveLength(0);
});

test('an image over the limit is refused on the page; posted directly, the server answers 413 in JSON', async ({ page, server }) => {
  await openOutbox(page, server);
  await waitForWorkerControl(page);
  // A noisy 1600×1200 PNG: about 7 MB, over the default 5 MB limit.
  const big = await canvasImage(page, { width: 1600, height: 1200, type: 'image/png', noise: 1, name: 'huge.png' });
  expect(big.buffer.length).toBeGreaterThan(5 * 1024 * 1024);
  await page.locator('#image').setInputFiles(big);
  await expect(page.locator('.image-refusal')).toHaveText(/huge\.png is \d\.\d MB; the server takes images up to 5\.0 MB/);
  await expect(page.locator('.image-preview')).toHaveCount(0);
  await expect(page.locator('#image')).toHaveValue('');

  const answer = await postForm(server.url, randomUUID(), 'too big', big);
  expect(answer.status).toBe(413);
  expect(typeof answer.body.error).toBe('string');
  expect(await server.records()).toHaveLength(0);
});

test("the server's own image limit reaches the page, which refuses a bigger image by it", async ({ page }, testInfo) => {
  const database = (testInfo.project.metadata as { database?: 'sqlite' | 'postgres' }).database ?? 'sqlite';
  const server = await OutboxServer.start(database, undefined, { OUTBOX_MAX_IMAGE_BYTES: '1000000' });
  try {
    await openOutbox(page, server);
    await expect(page.locator('.image-picker .hint')).toHaveText('Up to 3: PNG, JPEG, WebP or GIF, each up to 1.0 MB');
    // About 1.7 MB: under the default limit, over this server's.
    const photo = await canvasImage(page, { width: 800, height: 600, type: 'image/png', noise: 1, name: 'medium.png' });
    expect(photo.buffer.length).toBeGreaterThan(1_000_000);
    expect(photo.buffer.length).toBeLessThan(5 * 1024 * 1024);
    await page.locator('#image').setInputFiles(photo);
    await expect(page.locator('.image-refusal')).toHaveText(/medium\.png is \d\.\d MB; the server takes images up to 1\.0 MB/);
    await expect(page.locator('.image-preview')).toHaveCount(0);
  } finally {
    await server.stop();
  }
});

test('a 20000×20000 PNG of a few KB is refused with 422, and the server stays responsive', async ({ server }) => {
  const bomb = pngBomb(20_000, 20_000);
  expect(bomb.buffer.length).toBeLessThan(200_000);
  const answer = await postForm(server.url, randomUUID(), 'bomb', bomb);
  expect(answer.status).toBe(422);
  expect(answer.body.error).toContain('20000×20000');
  // Refused from the header, without decoding: the server answers the next requests.
  expect((await fetch(`${server.url}/health`)).status).toBe(200);
  const after = await fetch(`${server.url}/sync`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: randomUUID(), name: 'after the bomb' }),
  });
  expect(after.status).toBe(201);
  expect((await server.records()).map((r) => r.name)).toEqual(['after the bomb']);
});
