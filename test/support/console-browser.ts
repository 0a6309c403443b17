// The AR console served on a free port beside a test desk, and real Chromium (Debian's, driven by
// playwright-core) to sign people in. playwright-core has no test matchers: visibleText waits, vitest asserts.
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Locator } from 'playwright-core';
import { createConsoleServer } from '../../console/server.js';
import { DEMO_PASSWORD } from '../../demo/master-data.js';
import { findChromium } from '../../documents/pdf-renderer.js';
import type { TestDesk } from './desk.js';

export const SHOTS = join(process.cwd(), '.arflow', 'test', 'screenshots');

export interface ConsoleUnderTest {
  base: string;
  browser: Browser;
  signIn(email: string, password?: string): Promise<{ context: import('playwright-core').BrowserContext; page: import('playwright-core').Page }>;
  stop(): Promise<void>;
}

export async function startConsole(desk: TestDesk): Promise<ConsoleUnderTest> {
  const server = createConsoleServer({ db: desk.db, temporal: desk.temporal, taskQueue: desk.taskQueue });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const executablePath = findChromium();
  if (!executablePath) throw new Error('the tests install Chromium (scripts/setup.sh --for-tests); it is missing');
  const browser = await chromium.launch({ executablePath, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  mkdirSync(SHOTS, { recursive: true });
  return {
    base, browser,
    async signIn(email, password = DEMO_PASSWORD) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${base}/approvals`);
      if (new URL(page.url()).pathname !== '/login') throw new Error(`expected the sign-in page, got ${page.url()}`);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      return { context, page };
    },
    async stop() {
      await browser.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The text of an element once it shows. */
export async function visibleText(locator: Locator): Promise<string> {
  await locator.waitFor({ state: 'visible', timeout: 30_000 });
  return (await locator.textContent()) ?? '';
}
