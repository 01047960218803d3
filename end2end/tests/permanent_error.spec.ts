// A name the server refuses: shown as failed with the server's words, on the field it named, not
// retried; the person can discard it, or edit it and retry.
import { test, expect, openOutbox, waitForWorkerControl, submit, statusOf, expectRecordCount } from './support/fixtures';

const TOO_LONG = 'x'.repeat(201);

test('a refused submission is shown with the reason, never retried by itself, and can be discarded', async ({ page, server }) => {
  await openOutbox(page, server);
  await waitForWorkerControl(page);

  await submit(page, TOO_LONG);
  const entry = page.locator('#submissions li[data-state="failed"]');
  await expect(entry).toContainText('not accepted: name is 201 characters long; at most 200 are allowed');
  await expect(statusOf(page, TOO_LONG)).toHaveText('not accepted: name is 201 characters long; at most 200 are allowed');

  // Not retried in a loop: after a while the server has still seen exactly one attempt.
  await page.waitForTimeout(3_000);
  expect(server.log.join('').match(/refused: name is 201/g)).toHaveLength(1);
  await expect(entry).toHaveCount(1);

  await entry.locator('button.discard').click();
  await expect(page.locator('#submissions li')).toHaveCount(0);
  expect(await server.records()).toHaveLength(0);
});

test('a refused submission can be edited (what is typed stays while the list changes) and retried, and is then delivered', async ({ page, server }) => {
  await openOutbox(page, server);
  await waitForWorkerControl(page);

  await submit(page, TOO_LONG);
  const entry = page.locator('#submissions li[data-state="failed"]');
  await expect(entry).toHaveCount(1);
  // Shown on the field the server named: marked invalid, described by the server's words.
  const field = entry.locator('input.edit');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveAccessibleDescription(/name is 201 characters long; at most 200 are allowed/);
  await field.fill('short enough');
  // The list changing meanwhile (another submission, sent) leaves what was typed in the box.
  await submit(page, 'another one');
  await expect(statusOf(page, 'another one')).toHaveText('sent');
  await expect(field).toHaveValue('short enough');
  await entry.locator('button.retry').click();

  const stored = await expectRecordCount(server, 2);
  const corrected = stored.find((r) => r.name === 'short enough');
  expect(corrected?.attempts).toBe(2);
  // One line for it, now sent under its new name, beside the other one.
  await expect(page.locator('#submissions li')).toHaveCount(2);
  await expect(statusOf(page, 'short enough')).toHaveText('sent');
});
