// The requests of the original Background Sync pattern still work against the server.
import { test, expect, openOutbox, waitForWorkerControl } from './support/fixtures';

test('GET /sync?name=%E5%BC%A0%E4%B8%89 stores 张三', async ({ request, server }) => {
  const response = await request.get(`${server.url}/sync?name=%E5%BC%A0%E4%B8%89`);
  expect(response.status()).toBe(201);
  expect((await response.json()).name).toBe('张三');
  const records = await server.records();
  expect(records.map((r) => r.name)).toEqual(['张三']);
});

test('the data-less sync makes the worker send a plain GET /sync, which stores nothing', async ({ page, server }) => {
  await openOutbox(page, server);
  await waitForWorkerControl(page);

  // A developer's control, folded away from the person's form.
  await expect(page.locator('.J_sync_ping')).toBeHidden();
  await page.locator('details.developer summary').click();
  await page.locator('.J_sync_ping').click();

  await expect(page.getByRole('status').locator('.notice')).toHaveText('data-less sync done: GET /sync answered 200');
  expect(await server.records()).toHaveLength(0);
});
