// The second example (examples/feedback), written from the README alone: a feedback form whose
// fields are of every kind a new app meets first (an e-mail, a number, a multi-line message, a
// checkbox), in every engine. Sent with no way to the server it is kept and stored once later; a
// ticked box is stored as true, an unticked one as false; a rating out of range is refused in the
// app's words on that field.
import { test, expect, CAN, openOutbox, expectStage, expectRecordCount, expectEachDeliveredOnce, Tab } from '../engines/fixtures';
import { FEEDBACK_APP, SubmissionRecord } from '../tests/support/server';
import type { Engine } from '../engines/driver';

const ENGINES: Engine[] = ['chromium', 'firefox', 'webkit'];
const byEmail = (record: SubmissionRecord) => String(record.email);

interface Feedback {
  email: string;
  rating: string;
  message: string;
  subscribe: boolean;
}

/** Fills the form as a person would and sends it. */
async function send(tab: Tab, feedback: Feedback): Promise<void> {
  await tab.type('#email', feedback.email);
  await tab.type('#rating', feedback.rating);
  await tab.type('#message', feedback.message);
  if (feedback.subscribe) await tab.click('#subscribe');
  await tab.click('form.submit-form button[type="submit"]');
}

for (const engine of ENGINES) {
  test.describe(`[${engine}]`, () => {
    test.use({ engine, app: FEEDBACK_APP });

    test('feedback sent with no way to the server is kept, then stored once with every field, the box ticked', async ({ browsers, gateway, server }) => {
      const browser = await browsers.launch();
      const tab = await browser.firstTab();
      await openOutbox(tab, gateway.url);
      const offline = CAN[engine].offline ? browser.setOffline! : async (off: boolean) => (off ? gateway.cutOff() : gateway.restore());
      await offline(true);
      await send(tab, { email: 'ann@example.org', rating: '4', message: 'works well\nbut slow at night', subscribe: true });
      await expectStage(tab, 'ann@example.org', /^saved on this device(, sent when the server answers)?$/);
      expect(await server.records()).toHaveLength(0);

      await offline(false);
      await expectStage(tab, 'ann@example.org', /^sent$/, 30_000);
      const records = await expectRecordCount(server, 1);
      expect(records[0]).toMatchObject({
        form: 'feedback',
        email: 'ann@example.org',
        rating: 4,
        message: 'works well\nbut slow at night',
        subscribe: true,
      });
      await expectEachDeliveredOnce(server, records, byEmail);
    });

    test('a box left unticked is stored as false; a rating of 9 is refused in the app’s words', async ({ browsers, gateway, server }) => {
      const tab = await (await browsers.launch()).firstTab();
      await openOutbox(tab, gateway.url);
      await send(tab, { email: 'bo@example.org', rating: '9', message: 'great', subscribe: false });
      await expectStage(tab, 'bo@example.org', /^not accepted: rating: a rating is from 1 to 5$/);

      await tab.evaluate(() => (document.querySelector('form.submit-form') as HTMLFormElement).reset());
      await send(tab, { email: 'cy@example.org', rating: '5', message: 'fine', subscribe: false });
      await expectStage(tab, 'cy@example.org', /^sent$/);
      const records = await expectRecordCount(server, 1);
      expect(records[0]).toMatchObject({ email: 'cy@example.org', rating: 5, subscribe: false });
      await expectEachDeliveredOnce(server, records, byEmail);
    });
  });
}
