import { defineConfig } from '@playwright/test';

/*
 * Browser tests of limber's web app: Playwright drives the system Chromium
 * (Debian's `chromium`; no browser is downloaded) against `limber serve`
 * started by each test on a free port over a fresh data dir (see
 * tests/fixtures.ts). LIMBER_BIN names the binary; by default the one cargo
 * built in ../target/debug.
 */
export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    serviceWorkers: 'allow',
    trace: 'off',
  },
});
