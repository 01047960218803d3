// The page and the worker run under a strict Content-Security-Policy (every spec checks that no
// violation is reported); here, the headers themselves, and that an injected script is refused.
import { test, expect, openOutbox, waitForWorkerControl } from './support/fixtures';

test('the page carries a nonce policy without unsafe-inline or eval, and refuses an injected script', async ({ page, server, cspViolations }) => {
  const response = await page.goto(server.url);
  const policy = response!.headers()['content-security-policy'];
  const scriptSrc = policy.split(';').find((d) => d.trim().startsWith('script-src'))!;
  expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9_-]{16,}'/);
  expect(scriptSrc).toContain("'wasm-unsafe-eval'");
  expect(policy).not.toContain("'unsafe-inline'");
  expect(policy).not.toContain("'unsafe-eval'");
  for (const directive of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"]) {
    expect(policy).toContain(directive);
  }
  expect(response!.headers()['x-content-type-options']).toBe('nosniff');
  expect(response!.headers()['referrer-policy']).toBe('no-referrer');
  // Each response has its own nonce.
  const again = (await fetch(server.url)).headers.get('content-security-policy')!;
  expect(again).not.toBe(policy);

  // The page hydrates and the worker takes control under it.
  await expect(page.locator('html[data-hydrated="true"]')).toBeVisible();
  await waitForWorkerControl(page);

  // An injected inline script does not run, and the violation is reported.
  const ran = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true';
    document.body.append(script);
    return (window as unknown as { __injected?: boolean }).__injected === true;
  });
  expect(ran).toBe(false);
  // Both reports arrive: Chromium's console line and the page's securitypolicyviolation event.
  await expect.poll(() => cspViolations.some((v) => v.includes('Content Security Policy'))).toBe(true);
  await expect.poll(() => cspViolations.some((v) => v.includes('securitypolicyviolation: script-src'))).toBe(true);
  cspViolations.length = 0; // provoked on purpose: checked here, not a failure of the fixture

  // The worker script has a policy of its own; every response says nosniff.
  const worker = await fetch(`${server.url}/sw.js`);
  expect(worker.headers.get('content-security-policy')).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect((await fetch(`${server.url}/health`)).headers.get('x-content-type-options')).toBe('nosniff');
});

test('the outbox works end to end under the policy', async ({ page, server }) => {
  await openOutbox(page, server);
  await waitForWorkerControl(page);
});
