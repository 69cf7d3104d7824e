import { test, expect, cli, history } from './fixtures';

test('offline: a session and a diary entry made with no server are stored once when it is back', async ({ page, context, limber }) => {
  cli(limber, ['screen', '--none-apply']);
  // One visit while connected: the service worker keeps every page and
  // asset, and the session page keeps the routine it loaded.
  await page.goto('/session?get_ready=5&speed=40');
  await expect(page.locator('#begin')).toBeVisible();
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await expect.poll(() => page.evaluate(() => caches.keys().then((k) => k.length))).toBeGreaterThan(0);

  // Chromium's offline emulation covers the page but not always what
  // passes through the service worker: the API is cut off as well.
  const api = /\/api\//;
  await context.setOffline(true);
  await context.route(api, (route) => route.abort('internetdisconnected'));
  await page.goto('/session?get_ready=5&speed=40');
  await expect(page.locator('#load-status')).toContainText('Offline');
  await page.locator('[data-before="2"]').click();
  await page.getByRole('button', { name: 'Begin' }).click();
  await expect(page.locator('#done')).toBeVisible({ timeout: 90_000 });
  await page.locator('[data-after="1"]').click();
  await expect(page.locator('#save-status')).toContainText('Saved on this device');

  await page.goto('/diary');
  await page.getByLabel('Back pain now').selectOption('4');
  await page.getByRole('checkbox', { name: 'right buttock' }).click();
  await page.getByLabel('Note (optional)').fill('logged offline');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.locator('#pain-status')).toContainText('Saved on this device');
  expect(history(limber)).toHaveLength(0);
  const waiting = await page.evaluate(() => JSON.parse(localStorage.getItem('limber.outbox') || '[]'));
  expect(waiting.map((w: any) => w.kind).sort()).toEqual(['pain', 'session']);

  await context.unroute(api);
  await context.setOffline(false);
  await page.reload();
  await expect.poll(() => page.evaluate(() => JSON.parse(localStorage.getItem('limber.outbox') || '[]').length)).toBe(0);
  let stored = history(limber);
  expect(stored.filter((h) => h.kind === 'session')).toHaveLength(1);
  expect(stored.filter((h) => h.kind === 'pain')).toHaveLength(1);
  expect(stored.find((h) => h.kind === 'session').status).toBe('completed');

  // Sending the same entries again (a retry after a lost answer) stores nothing new.
  for (const w of waiting) {
    const res = await page.request.post(w.url, { data: w.body, headers: { Origin: limber.url } });
    expect(res.ok()).toBeTruthy();
  }
  stored = history(limber);
  expect(stored.filter((h) => h.kind === 'session')).toHaveLength(1);
  expect(stored.filter((h) => h.kind === 'pain')).toHaveLength(1);
});
