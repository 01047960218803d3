// Private by default: two people, two browsers. Each sees their own submissions and nobody else's;
// the server's page carries no records; only the owner's token lists them all.
import { test, expect, openOutbox, waitForWorkerControl, submit, statusOf } from './support/fixtures';

test('two people each see only their own submissions; the page and the API show nobody else\'s', async ({ browser, server }) => {
  const alice = await browser.newContext();
  const bob = await browser.newContext();
  try {
    const alicePage = await alice.newPage();
    const bobPage = await bob.newPage();
    for (const page of [alicePage, bobPage]) {
      await openOutbox(page, server);
      await waitForWorkerControl(page);
    }
    await submit(alicePage, 'alice only');
    await submit(bobPage, 'bob only');
    await expect(statusOf(alicePage, 'alice only')).toHaveText('sent');
    await expect(statusOf(bobPage, 'bob only')).toHaveText('sent');

    // Each list holds its person's submission, as the server recorded it, and not the other's.
    await expect(alicePage.locator('#submissions li[data-state="sent"] .name')).toHaveText(['alice only']);
    await expect(bobPage.locator('#submissions li[data-state="sent"] .name')).toHaveText(['bob only']);

    // It survives a reload (the worker keeps it), still alone.
    await alicePage.reload();
    await expect(alicePage.locator('#submissions li[data-state="sent"] .name')).toHaveText(['alice only']);

    // A third browser sees none, and the server's HTML names nobody.
    const html = await (await fetch(server.url)).text();
    expect(html).not.toContain('alice only');
    expect(html).not.toContain('bob only');

    // The list of everything is the owner's: 401 without the token, both with it.
    const anonymous = await fetch(`${server.url}/api/submissions`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    const wrong = await fetch(`${server.url}/api/submissions`, { headers: { Authorization: 'Bearer guess' } });
    expect(wrong.status).toBe(401);
    expect((await server.records()).map((r) => r.name).sort()).toEqual(['alice only', 'bob only']);
  } finally {
    await alice.close();
    await bob.close();
  }
});
