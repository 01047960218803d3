// Installable like an app: a web app manifest with its icons, and Chromium's own installability
// check finds nothing against it but the test's incognito profile.
import { test, expect, openOutbox, waitForWorkerControl } from './support/fixtures';

test('Chromium finds the app installable: a manifest with icons, and a worker', async ({ page, server }) => {
  await openOutbox(page, server);
  await waitForWorkerControl(page);
  const manifest = await fetch(`${server.url}/manifest.webmanifest`);
  expect(manifest.headers.get('content-type')).toContain('application/manifest+json');
  for (const icon of ['/icons/icon-192.png', '/icons/icon-512.png', '/icons/maskable-512.png', '/icons/apple-touch-icon.png']) {
    const response = await fetch(server.url + icon);
    expect(response.status, icon).toBe(200);
    expect(response.headers.get('content-type'), icon).toBe('image/png');
  }
  const cdp = await page.context().newCDPSession(page);
  const parsed = (await cdp.send('Page.getAppManifest')) as { errors: unknown[]; url: string };
  expect(parsed.errors).toEqual([]);
  expect(parsed.url).toBe(`${server.url}/manifest.webmanifest`);
  // Every Playwright context is incognito: that is the one thing Chromium may say.
  const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
    installabilityErrors: { errorId: string }[];
  };
  expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);
});
