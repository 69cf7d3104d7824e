import { test, expect, cli, history } from './fixtures';

test('pain logged on the body map is stored and appears in History', async ({ page, limber }) => {
  await page.goto('/diary');
  await page.getByLabel('Back pain now').selectOption('3');
  await page.getByLabel('Leg pain now').selectOption('5');
  await page.getByRole('checkbox', { name: 'left thigh' }).click();
  // The keyboard works too: focus a region and press space.
  await page.getByRole('checkbox', { name: 'left below the knee' }).focus();
  await page.keyboard.press('Space');
  await expect(page.getByRole('checkbox', { name: 'left below the knee' })).toHaveAttribute('aria-checked', 'true');
  await expect(page.locator('#map-summary')).toHaveText('Marked: left thigh, left below the knee.');
  await page.getByLabel('Tingling').check();
  await page.getByLabel('Note (optional)').fill('after the long run');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.locator('#pain-status')).toHaveText('Entry saved.');

  const pain = history(limber).filter((h) => h.kind === 'pain');
  expect(pain).toHaveLength(1);
  expect(pain[0]).toMatchObject({ back: 3, leg: 5, reach: 'below-knee', side: 'left', note: 'after the long run' });
  expect(pain[0].qualities).toEqual(['tingling']);

  await page.goto('/history');
  const item = page.locator('#history-list li.pain').first();
  await expect(item).toContainText('back 3/10');
  await expect(item).toContainText('leg 5/10');
  await expect(item).toContainText('below the knee');
  await expect(item).toContainText('after the long run');
});
