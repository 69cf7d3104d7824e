import { test, expect, cli } from './fixtures';

/** A GPX run of `n` points ten seconds apart, heading north from 47°N 8°E. */
function gpx(start: Date, n: number): string {
  const pts = Array.from({ length: n }, (_, i) => {
    const t = new Date(start.getTime() + i * 10_000).toISOString();
    return `<trkpt lat="${(47 + i * 0.0001).toFixed(4)}" lon="8.0"><ele>400</ele><time>${t}</time></trkpt>`;
  }).join('');
  return `<?xml version="1.0"?><gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>${pts}</trkseg></trk></gpx>`;
}

test('run files chosen or dropped on History are imported once and listed with the running figures', async ({ page, limber }) => {
  await page.goto('/history');
  await expect(page.locator('#runs-status')).toHaveText('No runs yet: add GPX, TCX or FIT files below.');

  const run = gpx(new Date('2026-11-02T07:00:00Z'), 40);
  await page.getByLabel('Run files').setInputFiles([
    { name: 'monday.gpx', mimeType: 'application/gpx+xml', buffer: Buffer.from(run) },
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('just some notes') },
  ]);
  const results = page.locator('#upload-results li');
  await expect(results).toHaveCount(2);
  await expect(results.nth(0)).toHaveText('monday.gpx: 1 activity imported (GPX).');
  await expect(results.nth(1)).toContainText('notes.txt: not imported: notes.txt: is not a GPX, TCX or FIT file');
  await expect(page.locator('#runs-list tr')).toHaveCount(1);
  await expect(page.locator('#stats h3', { hasText: 'Running by week' })).toBeVisible();

  // The same run dropped on the page again is a duplicate, not a second run.
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'again.gpx', { type: 'application/gpx+xml' }));
    document.getElementById('drop-zone')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, run);
  await expect(results).toHaveCount(1);
  await expect(results.nth(0)).toHaveText('again.gpx: 1 already there.');
  const runs = JSON.parse(cli(limber, ['runs', '--json']));
  expect(runs).toHaveLength(1);
  expect(runs[0].start).toBe('2026-11-02T07:00:00Z');
});
