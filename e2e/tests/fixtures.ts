import { test as base, expect, Page } from '@playwright/test';
import { execFileSync, spawn, ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

/** The limber binary cargo built (LIMBER_BIN overrides). */
export const BIN = process.env.LIMBER_BIN || path.resolve(__dirname, '..', '..', 'target', 'debug', 'limber');
/** Screenshots and other files a run leaves for people to look at (gitignored). */
export const ARTIFACTS = path.resolve(__dirname, '..', 'artifacts');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitUp(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`limber serve exited (${child.exitCode}):\n${log()}`);
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`limber serve did not answer at ${url}:\n${log()}`);
}

export interface Limber {
  url: string;
  dataDir: string;
}

/** A fresh `limber serve` for each test: its own data dir and port. */
export const test = base.extend<{ limber: Limber }>({
  limber: async ({}, use) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'limber-e2e-'));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let output = '';
    const child = spawn(BIN, ['--data-dir', dataDir, 'serve', '--addr', `127.0.0.1:${port}`], {
      env: { ...process.env, LIMBER_HOME: dataDir, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => { output += d; });
    child.stderr!.on('data', (d) => { output += d; });
    try {
      await waitUp(url + '/', child, () => output);
      await use({ url, dataDir });
    } finally {
      child.kill('SIGTERM');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
  baseURL: async ({ limber }, use) => {
    await use(limber.url);
  },
});

export { expect };

/** Answers the safety screen "none of these apply" through the page. */
export async function screenNoneApply(page: Page): Promise<void> {
  await page.goto('/screen');
  await page.getByRole('button', { name: 'None of these apply to me' }).click();
  await page.getByRole('button', { name: 'Save my answers' }).click();
  await expect(page.locator('#screen-result')).toContainText(/saved/i);
}

/** Begins a guided session from its page, with a pain rating before. */
export async function beginSession(page: Page, query: string, painBefore?: number): Promise<void> {
  await page.goto('/session?' + query);
  await expect(page.locator('#begin')).toBeVisible();
  if (painBefore !== undefined) {
    await page.locator(`[data-before="${painBefore}"]`).click();
  }
  await page.getByRole('button', { name: 'Begin' }).click();
  await expect(page.locator('#run')).toBeVisible();
}

/** Waits until the current hold is under way (the count is running). */
export async function inHold(page: Page): Promise<void> {
  await expect(page.locator('#phase-label')).toHaveText('This hold');
}

/** Runs the limber CLI on a test's data dir (it reads while the server runs). */
export function cli(limber: Limber, args: string[]): string {
  return execFileSync(BIN, ['--data-dir', limber.dataDir, ...args], {
    env: { ...process.env, LIMBER_HOME: limber.dataDir, NO_COLOR: '1' },
    encoding: 'utf8',
  });
}

/** What the store holds, as `limber history --json` prints it. */
export function history(limber: Limber): any[] {
  return JSON.parse(cli(limber, ['history', '--json']));
}
