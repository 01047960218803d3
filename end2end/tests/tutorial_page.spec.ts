// The original tutorial's page code ("PWA学习与实践", learning-pwa's sync branch), character for
// character, in a same-origin page of the worker's scope that carries none of Outbox's code: it
// registers `sample_sync_event`, then posts {"type":"bgsync","msg":{"name":…}} with no id.
import type { Page } from '@playwright/test';
import { test, expect, expectRecordCount, expectEachDeliveredOnce } from './support/fixtures';

/** The tutorial's index.js, as published. */
const TUTORIAL_INDEX_JS = `// index.js
// 使用postMessage来传输sync数据
navigator.serviceWorker.ready.then(function (registration) {
    var tag = 'sample_sync_event';

    document.getElementById('js-sync-event-btn').addEventListener('click', function () {
        registration.sync.register(tag).then(function () {
            console.log('后台同步已触发', tag);

            // 使用postMessage进行数据通信
            var inputValue = document.querySelector('#js-search-input').value;
            var msg = JSON.stringify({type: 'bgsync', msg: {name: inputValue}});
            navigator.serviceWorker.controller.postMessage(msg);
        }).catch(function (err) {
            console.log('后台同步触发失败', err);
        });
    });
});`;

/** The tutorial's page: its input and button, its worker registration, its script. */
const TUTORIAL_PAGE = `<!doctype html>
<meta charset="utf-8">
<title>learning-pwa</title>
<input id="js-search-input" type="text">
<button id="js-sync-event-btn">sync</button>
<script>navigator.serviceWorker.register('/sw.js');</script>
<script>${TUTORIAL_INDEX_JS}</script>`;

/** Opens the tutorial's page on the server's origin (a plain-text URL of the worker's scope,
 * replaced by the tutorial's document) and waits until the worker controls it. */
async function openTutorialPage(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/health`);
  await page.setContent(TUTORIAL_PAGE);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  expect(await page.evaluate(() => document.querySelector('main, [data-hydrated]'))).toBeNull();
}

test("the tutorial's page submits a name with no id: the worker gives it one and stores it once", async ({ page, server }) => {
  await openTutorialPage(page, server.url);

  await page.locator('#js-search-input').fill('from the tutorial');
  await page.locator('#js-sync-event-btn').click();

  const records = await expectRecordCount(server, 1);
  expect(records[0].name).toBe('from the tutorial');
  expect(records[0].id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  await expectEachDeliveredOnce(server, records);
  // The sync was answered by that message: no `anonymous` follows when its 5 s are over.
  await page.waitForTimeout(6_000);
  expect((await server.records()).map((r) => r.name)).toEqual(['from the tutorial']);
});

test("a tutorial sync whose message never comes sends `anonymous` after 5 s, as the tutorial's worker does", async ({ page, server }) => {
  await openTutorialPage(page, server.url);
  const registered = Date.now();

  // The tutorial's first click on a page the worker does not control yet: the sync is
  // registered, the message is lost (here: never posted).
  await page.evaluate(() => navigator.serviceWorker.ready.then((r) => (r as any).sync.register('sample_sync_event')));

  const records = await expectRecordCount(server, 1);
  expect(records[0].name).toBe('anonymous');
  expect(Date.now() - registered).toBeGreaterThanOrEqual(5_000);
  await expectEachDeliveredOnce(server, records);
});
