import { test, expect, cli } from './fixtures';

/*
 * The Settings page's program editor: a program with an error shows each
 * problem with its line and field and is not saved; a valid one is saved,
 * and the Today page's plan follows it.
 */

const UNKNOWN_EXERCISE = 'id = "mine"\nname = "Mine"\n\n[[steps]]\nexercise = "nope"\n';
const BACK_CURL_ONLY = 'id = "curl"\nname = "Just the curl"\n\n[[steps]]\nexercise = "back-curl"\n';

test('a program with an error shows its line and field and is not saved', async ({ page, limber }) => {
  cli(limber, ['screen', '--none-apply']);
  await page.goto('/settings');
  await expect(page.locator('#program-source')).toContainText('Runner\u2019s cool-down');
  await expect(page.locator('#program-text')).toHaveValue(/runners-cool-down/);
  await page.locator('#program-text').fill(UNKNOWN_EXERCISE);
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.locator('#program-result')).toContainText('error: line 5, steps[1].exercise: unknown exercise id "nope"');
  await page.getByRole('button', { name: 'Save program' }).click();
  await expect(page.locator('#program-result')).toContainText('Not saved: 1 error');
  await expect(page.locator('#program-result')).toContainText('line 5, steps[1].exercise');
  const stored = JSON.parse(cli(limber, ['plan', '--json']));
  expect(stored.program).toBe("Runner's cool-down");
});

test('a program opened from a file is saved and the Today page plans from it', async ({ page, limber }) => {
  cli(limber, ['screen', '--none-apply']);
  await page.goto('/settings');
  await expect(page.locator('#program-source')).toContainText('Runner\u2019s cool-down');
  await page.locator('#program-file').setInputFiles({ name: 'curl.toml', mimeType: 'text/plain', buffer: Buffer.from(BACK_CURL_ONLY) });
  await expect(page.locator('#program-text')).toHaveValue(BACK_CURL_ONLY);
  await page.getByRole('button', { name: 'Save program' }).click();
  await expect(page.locator('#program-result')).toContainText('Saved: your plans follow \u201cJust the curl\u201d');
  await expect(page.locator('#program-source')).toContainText('your own program');

  await page.goto('/');
  await expect(page.locator('#plan-program')).toHaveText('From Just the curl.');
  const steps = page.locator('#plan-steps > li');
  await expect(steps.first()).toBeVisible();
  for (const text of await steps.allTextContents()) expect(text).not.toMatch(/thigh/i);
  expect(JSON.parse(cli(limber, ['plan', '--json'])).program).toBe('Just the curl');

  // Back to the original post's routine.
  await page.goto('/settings');
  await page.getByRole('button', { name: 'Back to the Runner\u2019s cool-down' }).click();
  await expect(page.locator('#program-result')).toContainText('Runner\u2019s cool-down again');
  await page.goto('/');
  await expect(page.locator('#plan-program')).toHaveText("From Runner's cool-down.");
});

test('a settings change over a version read before another tab saved is refused', async ({ page, limber, context }) => {
  cli(limber, ['screen', '--none-apply']);
  await page.goto('/settings');
  await expect(page.locator('#program-source')).toContainText('Runner\u2019s cool-down');
  const other = await context.newPage();
  await other.goto('/settings');
  await expect(other.locator('#program-source')).toContainText('Runner\u2019s cool-down');
  await other.locator('#voice-setting').check();
  await other.locator('#prefs-form').getByRole('button', { name: 'Save' }).click();
  await expect(other.locator('#prefs-status')).toHaveText('Saved.');
  await page.locator('#pace').fill('1.5');
  await page.locator('#prefs-form').getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('#prefs-status')).toContainText('changed elsewhere');
});

test('the full back curl lists its cautions from the server and asks for the clinician at the deepest level', async ({ page, limber }) => {
  cli(limber, ['screen', '--none-apply']);
  await page.goto('/settings');
  await expect(page.locator('#curl-state')).toHaveText(/is off\./);
  await expect(page.locator('#curl-cautions li').first()).toBeVisible();
  await page.locator('#curl-confirm').check();
  await page.locator('#curl-form').getByRole('button', { name: 'Turn on' }).click();
  await expect(page.locator('#curl-status')).toHaveText('Saved: the full back curl is on, at level 1.');
  await expect(page.locator('#curl-state')).toContainText('is on, at level 1');
  // A deeper level than the progression offers is refused, with why.
  const deepest = await page.locator('#curl-level option').last().getAttribute('value');
  await page.locator('#curl-level').selectOption(deepest!);
  await expect(page.locator('#curl-deepest')).toBeVisible();
  await page.locator('#curl-form').getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('#curl-status')).toContainText('clinician');
  await page.locator('#curl-cleared').check();
  await page.locator('#curl-form').getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('#curl-status')).toContainText('Not saved');
  await expect(page.locator('#curl-state')).toContainText('at level 1');
});

test('every control on the settings page is at least 44 CSS pixels high and wide', async ({ page, limber }) => {
  cli(limber, ['screen', '--none-apply']);
  await page.goto('/settings');
  await expect(page.locator('#curl-state')).toHaveText(/is off\./);
  const small = await page.evaluate(() =>
    Array.from(document.querySelectorAll('main button, main a, main select, main textarea, main input:not([type=checkbox]), main label.choice'))
      .filter((e) => (e as HTMLElement).offsetParent !== null)
      .map((e) => ({ e, r: e.getBoundingClientRect() }))
      .filter(({ r }) => r.width < 44 || r.height < 44)
      .map(({ e, r }) => `${e.tagName} ${e.id || e.textContent!.trim().slice(0, 30)} ${Math.round(r.width)}x${Math.round(r.height)}`));
  expect(small).toEqual([]);
});
