// The owner's page: sign in with the token, see every submission (with thumbnails), export them all,
// sign out. A wrong token gets nothing.
import { readFileSync } from 'node:fs';
import { test, expect } from './support/fixtures';

test('the owner signs in, lists and exports every submission; a wrong token is refused', async ({ page, server }) => {
  for (const name of ['from alice', 'from bob', 'from carol']) {
    const response = await fetch(`${server.url}/sync`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ id: crypto.randomUUID(), name }),
    });
    expect(response.status).toBe(201);
  }

  // The library's own pages wear the app's name and its stylesheet (the hashed file the app's
  // pages link, which is served), not a /pkg/outbox.css that no hashed build has.
  for (const [path, title] of [['/queued', 'Outbox: saved on this device'], ['/admin', 'Outbox: owner']]) {
    await page.goto(`${server.url}${path}`);
    await expect(page).toHaveTitle(title);
    const stylesheet = await page.locator('link[rel="stylesheet"]').getAttribute('href');
    expect(stylesheet).toMatch(/^\/pkg\/outbox\.[\w-]+\.css$/);
    expect((await fetch(`${server.url}${stylesheet}`)).status).toBe(200);
  }
  await expect(page.locator('#all-submissions')).toHaveCount(0);
  await page.locator('#token').fill('a guess');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText("That is not the owner's token.");
  await expect(page.locator('#all-submissions')).toHaveCount(0);

  await page.locator('#token').fill(server.ownerToken);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('#all-submissions tbody tr .name')).toHaveText(['from carol', 'from bob', 'from alice']);
  const cookie = (await page.context().cookies()).find((c) => c.name === 'outbox_owner')!;
  expect(cookie.httpOnly).toBe(true);
  expect(cookie.sameSite).toBe('Strict');

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export all (CSV)' }).click();
  const csv = readFileSync((await (await download).path())!, 'utf8');
  expect(csv.trim().split('\r\n')).toHaveLength(4);
  expect(csv).toContain('from bob');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.locator('#token')).toBeVisible();
  await expect(page.locator('#all-submissions')).toHaveCount(0);
});
