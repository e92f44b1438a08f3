import { spawn, type ChildProcess } from 'node:child_process';
import { after, before } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { FIXTURES, REPO, SHARED_DATA } from './temp';

/** Debian's Chromium (or CHROMIUM_PATH), started as the probe starts it: headless, no sandbox, no background traffic. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/** Where end-to-end screenshots land. */
export const ARTIFACTS = path.join(REPO, 'test', 'artifacts');
const required = process.env.CI === 'true' || process.env.JOINTSCORE_E2E === '1';
/** Outside CI, an end-to-end suite is skipped (and says why) when no Chromium is found; in CI it is required. */
export const skipWithoutChromium: string | false = !fs.existsSync(CHROMIUM) && !required ? `Chromium not found at ${CHROMIUM}` : false;

/** Starts `jointscore serve` as a user would (on the folders the tests keep files in) and returns the URL it prints. */
export function serve(settingsDir: string, files: string[] = [os.tmpdir(), SHARED_DATA, FIXTURES]): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO, 'bin', 'jointscore.cjs'), 'serve', ...files.flatMap((d) => ['--files', d])], { env: { ...process.env, LANG: 'en_US.UTF-8', JOINTSCORE_SETTINGS_DIR: settingsDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Open (http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]+\/)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.on('exit', (code) => reject(new Error(`serve exited (${code}): ${out}`)));
  });
}

/** `jointscore serve` and Chromium for one e2e suite: started before it, stopped after it, with a page that records every page error, failed response and console error. */
export function browserSession(dir: string, viewport = { width: 1440, height: 900 }): { readonly url: string; readonly browser: Browser; readonly page: Page; problems: string[] } {
  let server: { child: ChildProcess; url: string } | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  const problems: string[] = [];
  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    server = await serve(dir);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    page = await browser.newPage({ viewport });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('response', (r) => { if (r.status() >= 400) problems.push(`http ${r.status()}: ${r.url()}`); });
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  });
  after(async () => {
    await browser?.close();
    server?.child.kill('SIGTERM');
  });
  return {
    get url() { return server!.url; },
    get browser() { return browser!; },
    get page() { return page!; },
    problems,
  };
}

/**
 * Screenshots of the page at 1280×800 and 1920×1080 (full page) into test/artifacts as
 * `<prefix>-<name>-<width>.png`, leaving the page at 1280×800.
 */
export function screenshotsAtBothSizes(session: { readonly page: Page }, prefix: string): (name: string) => Promise<void> {
  return async (name) => {
    const page = session.page;
    for (const [w, h] of [[1280, 800], [1920, 1080]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.screenshot({ path: path.join(ARTIFACTS, `${prefix}-${name}-${w}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  };
}
