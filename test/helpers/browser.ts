import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from '@cdp/shared';
import { EXPLORER_DIST } from '../../gateway/src/explorer.js';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it). */
export const CHROMIUM = '/usr/bin/chromium';

/** Where screenshots go: test-results is the folder CI keeps as artifacts. */
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'explorer');

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Builds the explorer (`npm run build`) unless a build is there: the gateway serves whatever is in dist when asked. */
export function ensureExplorerBuilt(): void {
  if (existsSync(join(EXPLORER_DIST, 'index.html'))) return;
  execFileSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'pipe', timeout: 180_000 });
}

export interface BrowserSession extends AsyncDisposable {
  readonly context: BrowserContext;
  /** Uncaught exceptions and console errors of every page, to assert there were none. */
  readonly problems: string[];
  /** A new tab with the given viewport width (height 900, or 844 below 600 px, like a phone). */
  newPage(width: number): Promise<Page>;
  /** A full-page PNG under test-results/explorer; returns its path. */
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Headless Chromium with a fresh profile folder of its own, removed again on close. Fails with
 * a clear message when Chromium is not installed instead of skipping.
 */
export async function openBrowser(): Promise<BrowserSession> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium), as .ci/run does.`);
  const profile = mkdtempSync(join(tmpdir(), 'cdp-explorer-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 900 } });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  const problems: string[] = [];
  context.on('page', (page) => {
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
  });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= context.close().finally(() => rmSync(profile, { recursive: true, force: true }));
    return closing;
  };
  return {
    context,
    problems,
    newPage: async (width) => {
      const page = await context.newPage();
      await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
      return page;
    },
    screenshot: async (page, name) => {
      const path = join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
