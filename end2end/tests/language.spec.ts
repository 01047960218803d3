// The person's language, as their browser asks for it (Accept-Language): a browser set to Chinese
// gets the page, its list, the photos' hint and the server's refusals in Chinese; one set to English
// gets English, from the same server. (The engines' suite runs a whole story in Chinese in every
// engine, with OUTBOX_LANGUAGE.)
import { test, expect, openOutbox, waitForWorkerControl, submit, statusOf } from './support/fixtures';

test.describe('a browser set to Chinese', () => {
  test.use({ locale: 'zh-CN' });

  test('gets the page, its list and the server’s refusal in Chinese', async ({ page, server }) => {
    await openOutbox(page, server);
    await waitForWorkerControl(page);
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.locator('.status h2')).toHaveText('你的提交');
    await expect(page.locator('.J_sync_event')).toHaveText('同步');
    await expect(page.locator('.image-picker .hint')).toHaveText(/^最多 3 张：PNG、JPEG、WebP 或 GIF，每张不超过 /);

    const tooLong = '长'.repeat(201);
    await submit(page, tooLong);
    await expect(statusOf(page, tooLong)).toHaveText('未被接受：name: 名字有 201 个字符；最多 200 个');

    await submit(page, '你好');
    await expect(statusOf(page, '你好')).toHaveText('已发送');
  });
});

test.describe('a browser set to English', () => {
  test.use({ locale: 'en-US' });

  test('gets English from the same server', async ({ page, server }) => {
    await openOutbox(page, server);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.locator('.status h2')).toHaveText('Your submissions');
    await expect(page.locator('.J_sync_event')).toHaveText('sync');
  });
});
