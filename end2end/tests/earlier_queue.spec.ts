// A queue left in a browser by a version from before the worker knew no form: its entries carry the
// tutorial form's `name` at the top (IndexedDB schema 3, the text that version's serde wrote). This
// version reads them as that form's fields and delivers each once, as the same request. And an
// entry of the one-image build (one `image`, its bytes one Uint8Array): delivered with its image.
import { test, expect, openOutbox, waitForWorkerControl, expectRecordCount, expectEachDeliveredOnce, outboxCounts } from './support/fixtures';
import { canvasImage, download, sha256 } from './support/images';

test('entries queued by the version before forms were carried as fields are delivered once, names intact', async ({ page, server }) => {
  await openOutbox(page, server);
  await waitForWorkerControl(page);
  // The worker's report has come: it opened (and so created) the outbox's database, whose version
  // the page opens below with no upgrade of its own.
  await expect(outboxCounts(page)).toHaveAttribute('data-waiting', '0');
  const left = await page.evaluate(async () => {
    const opening = indexedDB.open('outbox', 3);
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      opening.onsuccess = () => resolve(opening.result);
      opening.onerror = () => reject(opening.error);
    });
    const now = Date.now();
    // As the earlier worker stored them: one attempt made, failed, due now.
    const entries = ['left by 0.1', 'Zoë "quoted"'].map((name) => ({
      id: crypto.randomUUID(),
      name,
      created_at_ms: now,
      attempts: 1,
      next_attempt_at_ms: now,
      stage: 'waiting',
      last_error: 'network error: Failed to fetch',
    }));
    const tx = db.transaction('entries', 'readwrite');
    for (const entry of entries) tx.objectStore('entries').put(JSON.stringify(entry), entry.id);
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
    return entries.map(({ id, name }) => ({ id, name }));
  });

  // The page's drain on load sends what waits.
  await page.reload();
  const records = await expectRecordCount(server, 2);
  const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
  expect(records.map(({ id, name }) => ({ id, name })).sort(byId)).toEqual([...left].sort(byId));
  expect(records.map((r) => r.attempts)).toEqual([2, 2]);
  await expectEachDeliveredOnce(server, records);
});

test('an entry queued with its one image by the one-image build is delivered once with that image', async ({ page, server }) => {
  await openOutbox(page, server);
  await waitForWorkerControl(page);
  await expect(outboxCounts(page)).toHaveAttribute('data-waiting', '0');
  const photo = await canvasImage(page, { width: 300, height: 200, type: 'image/png', noise: 0.3, name: 'old.png' });
  const id = await page.evaluate(async (bytes) => {
    const opening = indexedDB.open('outbox', 3);
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      opening.onsuccess = () => resolve(opening.result);
      opening.onerror = () => reject(opening.error);
    });
    const now = Date.now();
    // As that build stored it: the fields, one `image`, its bytes as one Uint8Array beside it.
    const entry = {
      id: crypto.randomUUID(),
      form: 'tutorial',
      fields: { name: 'one old photo' },
      created_at_ms: now,
      attempts: 0,
      next_attempt_at_ms: now,
      stage: 'waiting',
      last_error: null,
      image: { file_name: 'old.png', mime: 'image/png', size: bytes.length },
    };
    const tx = db.transaction(['entries', 'images'], 'readwrite');
    tx.objectStore('images').put(Uint8Array.from(bytes), entry.id);
    tx.objectStore('entries').put(JSON.stringify(entry), entry.id);
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
    return entry.id;
  }, Array.from(photo.buffer));

  await page.reload();
  const [record] = await expectRecordCount(server, 1);
  expect(record).toMatchObject({ id, name: 'one old photo' });
  expect(record.images).toHaveLength(1);
  expect(sha256((await download(server.url + record.images[0].url)).bytes)).toBe(sha256(photo.buffer));
  await expectEachDeliveredOnce(server, [record]);
});
