// The example app (examples/inspection): a form of its own on Outbox's crates, in every engine.
// What a person sees of it (each inspection sent once, offline or not; a refused field shown on
// that field) and what its owner sees (a table and a CSV with the form's columns).
import { createHash } from 'node:crypto';
import {
  test,
  expect,
  CAN,
  openOutbox,
  pickPhotos,
  expectStage,
  expectRecordCount,
  expectEachDeliveredOnce,
  Tab,
} from '../engines/fixtures';
import { INSPECTION_APP, SubmissionRecord } from '../tests/support/server';
import type { Engine } from '../engines/driver';

const ENGINES: Engine[] = ['chromium', 'firefox', 'webkit'];
const byTitle = (record: SubmissionRecord) => String(record.title);

interface Inspection {
  title: string;
  finding: string;
  depth: string;
  note: string;
}

/** Fills the form as a person would (the list's choice picked as a click on it would) and sends it. */
async function send(tab: Tab, inspection: Inspection): Promise<void> {
  await tab.type('#title', inspection.title);
  await tab.evaluate((value) => {
    const select = document.querySelector<HTMLSelectElement>('#finding')!;
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  }, inspection.finding);
  await tab.type('#depth_cm', inspection.depth);
  await tab.type('#note', inspection.note);
  await tab.click('form.submit-form button[type="submit"]');
}

for (const engine of ENGINES) {
  test.describe(`[${engine}]`, () => {
    test.use({ engine, app: INSPECTION_APP });

    test('an inspection sent with no way to the server is kept, then stored once with its fields', async ({ browsers, gateway, server }) => {
      const browser = await browsers.launch();
      const tab = await browser.firstTab();
      await openOutbox(tab, gateway.url);
      // Offline where the driver can make the browser so; elsewhere the server is cut off.
      const offline = CAN[engine].offline ? browser.setOffline! : async (off: boolean) => (off ? gateway.cutOff() : gateway.restore());
      await offline(true);
      await send(tab, { title: 'Pump 4', finding: 'leak', depth: '12', note: 'north side\nunder the flange' });
      await expectStage(tab, 'Pump 4', /^saved on this device(, sent when the server answers)?$/);
      expect(await server.records()).toHaveLength(0);

      await offline(false);
      await expectStage(tab, 'Pump 4', /^sent$/, 30_000);
      const records = await expectRecordCount(server, 1);
      expect(records[0]).toMatchObject({
        form: 'inspection',
        title: 'Pump 4',
        finding: 'leak',
        depth_cm: 12,
        note: 'north side\nunder the flange',
      });
      await expectEachDeliveredOnce(server, records, byTitle);
    });

    test('a field the server refuses is shown on that field, and sent once corrected', async ({ browsers, gateway, server }) => {
      const tab = await (await browsers.launch()).firstTab();
      await openOutbox(tab, gateway.url);
      await send(tab, { title: 'Tank 2', finding: 'leak', depth: '900', note: '' });
      await expectStage(tab, 'Tank 2', /^not accepted: .*a depth is at most 500 cm/);

      // The failed line offers the refused field to edit, marked invalid and described by the reason
      // (the worker's line for it may follow the page's own "failed" by a moment).
      const refusedField = () =>
        tab.evaluate(() => {
          const input = document.querySelector<HTMLInputElement>('li[data-state="failed"] input.edit');
          if (!input) return null;
          const reason = document.getElementById(input.getAttribute('aria-describedby') ?? '');
          const label = input.closest('label')?.textContent?.trim();
          return { label, value: input.value, invalid: input.getAttribute('aria-invalid'), reason: reason?.textContent ?? '' };
        });
      await expect.poll(refusedField).toEqual({
        label: 'Depth (cm)',
        value: '900',
        invalid: 'true',
        reason: expect.stringContaining('a depth is at most 500 cm'),
      });
      expect(await server.records()).toHaveLength(0);

      await tab.evaluate(() => {
        const input = document.querySelector<HTMLInputElement>('li[data-state="failed"] input.edit')!;
        input.value = '';
      });
      await tab.type('li[data-state="failed"] input.edit', '40');
      await tab.click('li[data-state="failed"] button.retry');
      await expectStage(tab, 'Tank 2', /^sent$/);
      const records = await expectRecordCount(server, 1);
      expect(records[0]).toMatchObject({ title: 'Tank 2', finding: 'leak', depth_cm: 40, attempts: 2 });
      // Refused once (the server logs each refusal), then carried to the store by one request.
      expect(server.log.join('').match(/refused: .*a depth is at most 500 cm/g)).toHaveLength(1);
      await expectEachDeliveredOnce(server, records, byTitle);
    });

    test('a refused choice is edited as a choice, a refused note as lines, and then stored once', async ({ browsers, gateway, server }) => {
      const tab = await (await browsers.launch()).firstTab();
      await openOutbox(tab, gateway.url);
      await send(tab, { title: 'Valve 7', finding: 'ok', depth: '3', note: '' });
      await expectStage(tab, 'Valve 7', /^not accepted: finding: all fine has no depth/);

      // The edit box is the form's own kind of control, holding what was sent.
      const editBox = () =>
        tab.evaluate(() => {
          const box = document.querySelector<HTMLSelectElement | HTMLTextAreaElement>('li[data-state="failed"] .edit');
          if (!box) return null;
          const choices = box instanceof HTMLSelectElement ? [...box.options].map((o) => o.value) : [];
          return { kind: box.tagName.toLowerCase(), value: box.value, choices, invalid: box.getAttribute('aria-invalid') };
        });
      await expect
        .poll(editBox)
        .toEqual({ kind: 'select', value: 'ok', choices: ['ok', 'leak', 'crack', 'corrosion'], invalid: 'true' });
      await tab.evaluate(() => {
        const select = document.querySelector<HTMLSelectElement>('li[data-state="failed"] select.edit')!;
        select.value = 'crack';
        select.dispatchEvent(new Event('change', { bubbles: true }));
      });
      await tab.click('li[data-state="failed"] button.retry');

      // A crack needs a note: refused on the note, edited in a box of lines.
      await expectStage(tab, 'Valve 7', /^not accepted: note: a crack needs a note/);
      await expect.poll(editBox).toEqual({ kind: 'textarea', value: '', choices: [], invalid: 'true' });
      await tab.type('li[data-state="failed"] textarea.edit', 'runs north\n12 cm long');
      await tab.click('li[data-state="failed"] button.retry');
      await expectStage(tab, 'Valve 7', /^sent$/);
      const records = await expectRecordCount(server, 1);
      expect(records[0]).toMatchObject({ title: 'Valve 7', finding: 'crack', depth_cm: 3, note: 'runs north\n12 cm long', attempts: 3 });
      await expectEachDeliveredOnce(server, records, byTitle);
    });

    test('an inspection with three photos is stored once with the bytes of each, in order, and the owner sees their thumbnails', async ({ browsers, gateway, server }) => {
      const tab = await (await browsers.launch()).firstTab();
      await openOutbox(tab, gateway.url);
      const picked = await pickPhotos(tab, ['flange.png', 'gasket.png', 'bolt.png']);
      await send(tab, { title: 'Flange 3', finding: 'corrosion', depth: '2', note: '' });
      await expectStage(tab, 'Flange 3', /^sent$/, 30_000);
      const [record] = await expectRecordCount(server, 1);
      expect(record).toMatchObject({ title: 'Flange 3', depth_cm: 2 });
      const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
      const stored = await Promise.all(
        record.images.map(async (image) => sha(Buffer.from(await (await fetch(server.url + image.url)).arrayBuffer()))),
      );
      expect(stored).toEqual(picked.map((bytes) => sha(Uint8Array.from(bytes))));
      await expectEachDeliveredOnce(server, [record], byTitle);

      await tab.goto(`${gateway.url}/admin`);
      await tab.type('#token', server.ownerToken);
      await tab.click('form.sign-in button');
      await expect
        .poll(() =>
          tab.evaluate(() => [...document.querySelectorAll('#all-submissions tbody img.thumbnail')].map((img) => img.getAttribute('src'))),
        )
        .toEqual(record.images.map((image) => image.thumbnail_url));
    });

    test("the owner's table and CSV show the form's columns", async ({ browsers, gateway, server }) => {
      const tab = await (await browsers.launch()).firstTab();
      await openOutbox(tab, gateway.url);
      await send(tab, { title: 'Valve 9', finding: 'corrosion', depth: '3', note: 'rust, "light"' });
      await expectStage(tab, 'Valve 9', /^sent$/);
      await expectEachDeliveredOnce(server, await expectRecordCount(server, 1), byTitle);

      await tab.goto(`${gateway.url}/admin`);
      await tab.type('#token', server.ownerToken);
      await tab.click('form.sign-in button');
      await expect
        .poll(() => tab.evaluate(() => [...document.querySelectorAll('#all-submissions th')].map((th) => th.textContent)))
        .toEqual(['Image', 'Title', 'Finding', 'Depth (cm)', 'Note', 'Received', 'Pressed', 'Attempt', 'Id', 'Delete']);
      // The owner's page is the app's: its name, and its own (hashed) stylesheet, which is served.
      expect(await tab.evaluate(() => document.title)).toBe('Inspection: owner');
      const stylesheet = await tab.evaluate(() => document.querySelector('link[rel="stylesheet"]')!.getAttribute('href')!);
      expect(stylesheet).toMatch(/^\/pkg\/inspection\.[\w-]+\.css$/);
      expect((await fetch(`${server.url}${stylesheet}`)).status).toBe(200);
      const row = await tab.evaluate(() =>
        ['title', 'finding', 'depth_cm', 'note'].map((f) => document.querySelector(`#all-submissions tbody td.${f}`)?.textContent),
      );
      expect(row).toEqual(['Valve 9', 'corrosion', '3', 'rust, "light"']);

      const csv = await (
        await fetch(`${server.url}/api/submissions/export?format=csv&form=inspection`, {
          headers: { Authorization: `Bearer ${server.ownerToken}` },
        })
      ).text();
      const [header, line] = csv.trim().split('\r\n');
      expect(header.split(',').slice(0, 5)).toEqual(['id', 'title', 'finding', 'depth_cm', 'note']);
      expect(line).toContain(',Valve 9,corrosion,3,"rust, ""light"""');
    });
  });
}
