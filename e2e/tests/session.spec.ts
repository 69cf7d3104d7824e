import { test, expect, beginSession, inHold, cli, history } from './fixtures';

test('a complete accelerated session with ratings is stored as the engine replays it', async ({ page, limber }) => {
  cli(limber, ['screen', '--none-apply']);
  const posted = page.waitForResponse((r) => r.url().endsWith('/api/v1/sessions') && r.request().method() === 'POST');
  await beginSession(page, 'get_ready=5&speed=40', 2);
  await inHold(page);
  await expect(page.locator('#side')).toHaveText(/right leg/i);
  await page.locator('[data-rate="3"]').click();
  await expect(page.locator('#cue')).toContainText('Pain 3/10 noted');
  await expect(page.locator('#done')).toBeVisible({ timeout: 90_000 });
  await expect(page.locator('#done-text')).toContainText('Routine finished');
  await page.locator('[data-after="1"]').click();
  expect((await posted).ok()).toBeTruthy();
  await expect(page.locator('#save-status')).toHaveText('Saved.');

  const sessions = history(limber).filter((h) => h.kind === 'session');
  expect(sessions).toHaveLength(1);
  const s = sessions[0];
  expect(s.status).toBe('completed');
  expect(s.pain_before).toBe(2);
  expect(s.pain_after).toBe(1);
  expect(s.steps.length).toBeGreaterThan(6);
  expect(s.steps.every((st: any) => st.outcome === 'done')).toBeTruthy();
  // Right, left, right, left: the first exercise alternates sides.
  expect(s.steps.slice(0, 4).map((st: any) => st.side)).toEqual(['right', 'left', 'right', 'left']);
  expect(s.ratings.map((r: any) => r.pain)).toContain(3);
});

test('spreading down the leg stops the exercise, offers ending first, and is stored as a stop', async ({ page, limber }) => {
  cli(limber, ['screen', '--none-apply']);
  const posted = page.waitForResponse((r) => r.url().endsWith('/api/v1/sessions') && r.request().method() === 'POST');
  await beginSession(page, 'get_ready=5&speed=10');
  await inHold(page);
  await page.getByRole('button', { name: 'Spreading down my leg, or new numbness' }).click();
  const halt = page.locator('#halt');
  await expect(halt).toBeVisible();
  await expect(halt).toContainText('This exercise has stopped');
  const choices = halt.locator('#halt-choices button');
  await expect(choices.first()).toHaveText('End the session (advised)');
  await expect(choices.first()).toBeFocused();
  await choices.first().click();
  await expect(page.locator('#done')).toBeVisible();
  await page.getByRole('button', { name: 'Save without a rating' }).click();
  expect((await posted).ok()).toBeTruthy();
  await expect(page.locator('#save-status')).toHaveText('Saved.');

  const s = history(limber).filter((h) => h.kind === 'session')[0];
  expect(s.status).toBe('stopped');
  const stopped = s.steps.filter((st: any) => st.outcome === 'stopped');
  expect(stopped).toHaveLength(1);
  expect(stopped[0].exercise).toBe('lying-thigh-stretch');
  expect(stopped[0].reason).toMatch(/^symptoms spreading down the leg/);
});

test('the red-flag hard stop ends the session and locks the next start', async ({ page, limber }) => {
  cli(limber, ['screen', '--none-apply']);
  const posted = page.waitForResponse((r) => r.url().endsWith('/api/v1/sessions') && r.request().method() === 'POST');
  await beginSession(page, 'get_ready=5&speed=10');
  await inHold(page);
  await page.getByRole('button', { name: 'Urgent symptoms' }).click();
  const dialog = page.locator('#red-flag-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Yes: end the session' }).click();
  await expect(page.locator('#done')).toBeVisible();
  await expect(page.locator('#done-text')).toContainText('urgent medical help');
  expect((await posted).ok()).toBeTruthy();
  await expect(page.locator('#save-status')).toHaveText('Saved.');
  const s = history(limber).filter((h) => h.kind === 'session')[0];
  expect(s.status).toBe('stopped');

  // The server refuses the next script; the pages say why and how to go on.
  const script = await page.request.get('/api/v1/session-script');
  expect(script.status()).toBe(409);
  expect((await script.json()).block.kind).toBe('locked');
  await page.goto('/');
  await expect(page.locator('#block')).toBeVisible();
  await expect(page.locator('#start')).toBeDisabled();
  await page.goto('/session?get_ready=5');
  await expect(page.locator('#begin')).toBeHidden();
  await expect(page.locator('#load-status')).toContainText('safety questions');
});
