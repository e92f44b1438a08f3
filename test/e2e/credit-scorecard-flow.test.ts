import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { SHARED_DATA, tempDir } from '../helpers/temp';
import { ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS, serve, skipWithoutChromium } from '../helpers/browser-mode';


const FLOWS = [
  { data: 'germancredit', rows: 1000, target: 'creditability' },
  { data: 'hmeq', rows: 5960, target: 'BAD' },
];
const VIEWPORTS = [{ width: 1280, height: 800 }, { width: 1920, height: 1080 }];

/** The steps a modeler takes, each checked, with a screenshot per step. */
async function modelerFlow(page: Page, url: string, dir: string, flow: (typeof FLOWS)[number], shot: (step: string) => Promise<unknown>): Promise<void> {
  const vp = page.viewportSize()!;
  await page.goto(url);
  await page.getByLabel('Workspace file').fill(path.join(dir, `${flow.data}-${vp.width}.jsw`));
  // Enter in the path field creates it, as the button does.
  await page.getByLabel('Workspace file').press('Enter');
  await page.getByRole('button', { name: '+ Import' }).click();
  await page.getByLabel('Data file (CSV, TSV, Parquet, Excel .xlsx)').fill(path.join(SHARED_DATA, `${flow.data}.csv`));
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.locator('.preview-grid table').waitFor();
  assert.equal(await page.getByLabel(`role of ${flow.target}`).inputValue(), 'target');
  await shot('1-preview');
  await page.getByRole('dialog').getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByRole('status').filter({ hasText: `Imported ${flow.rows.toLocaleString('en')} rows` }).waitFor({ timeout: 30_000 });
  assert.equal(await page.getByLabel('Target').inputValue(), flow.target);

  await page.getByRole('tab', { name: 'Binning' }).click();
  await page.getByRole('button', { name: 'Bin variables' }).click();
  await page.getByRole('alertdialog', { name: 'Split first?' }).getByRole('button', { name: 'Split 70/30, then bin on train' }).click();
  await page.getByText(/sample train · \d+ variables/).waitFor({ timeout: 60_000 });
  await shot('2-binning');

  await page.getByRole('tab', { name: 'Models' }).click();
  const selection = page.getByRole('region', { name: 'Feature selection' });
  await selection.getByRole('button', { name: 'Select' }).click();
  await selection.getByRole('table', { name: 'Selection steps' }).waitFor({ timeout: 60_000 });
  const form = page.getByRole('region', { name: 'Train a model' });
  await form.getByTestId('train-selection').waitFor();
  assert.equal(await form.getByLabel('Purpose').inputValue(), 'credit');
  await shot('3-selection');
  await form.getByRole('button', { name: 'Train' }).click();
  const why = page.getByRole('region', { name: 'Why these settings' });
  await why.getByTestId('feature-source').filter({ hasText: 'stored selection' }).waitFor({ timeout: 60_000 });
  // The model's evaluation (curves, deciles) is in before the modeler moves on to its scorecard.
  await page.getByRole('table', { name: 'Deciles' }).waitFor({ timeout: 60_000 });
  await shot('4-model');

  const card = page.getByRole('region', { name: 'Scorecard' });
  await card.getByRole('button', { name: 'Build scorecard' }).click();
  await card.getByRole('table', { name: 'Scorecard points' }).waitFor({ timeout: 30_000 });
  await card.getByRole('table', { name: 'Cut-off table' }).waitFor({ timeout: 30_000 });
  await card.scrollIntoViewIfNeeded();
  await shot('5-scorecard');

  await card.getByRole('button', { name: 'Export bundle…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export bundle' });
  const bundle = path.join(dir, `${flow.data}-${vp.width}-bundle`);
  await dialog.getByLabel('Bundle folder').fill(bundle);
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  await dialog.getByRole('table', { name: 'Bundle files' }).waitFor({ timeout: 60_000 });
  assert.ok(fs.existsSync(path.join(bundle, 'manifest.json')) && !fs.existsSync(path.join(bundle, 'strategy.json')));
  const rows = path.join(dir, `${flow.data}-${vp.width}-rows.csv`);
  fs.copyFileSync(path.join(SHARED_DATA, `${flow.data}.csv`), rows);
  await dialog.getByLabel('CSV to score').fill(rows);
  await dialog.getByRole('button', { name: 'Score file' }).click();
  await dialog.getByTestId('scored').filter({ hasText: `Scored ${flow.rows.toLocaleString('en')} rows` }).waitFor({ timeout: 60_000 });
  await shot('6-export-scored');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
}

describe('a credit scorecard from a file to a scored CSV, through the UI alone, as a modeler goes (both laptop and desktop sizes)', { skip: skipWithoutChromium }, () => {
  const dir = tempDir();
  let server: { child: ChildProcess; url: string };
  let browser: Browser;
  const problems: string[] = [];

  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    server = await serve(dir);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  });
  after(async () => {
    await browser?.close();
    server?.child.kill('SIGTERM');
  });

  for (const flow of FLOWS) {
    for (const vp of VIEWPORTS) {
      it(`${flow.data} at ${vp.width}×${vp.height}: import → bin (split first) → select → train → scorecard → export → score`, async () => {
        const page: Page = await browser.newPage({ viewport: vp });
        page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
        const shot = (step: string) => page.screenshot({ path: path.join(ARTIFACTS, `flow-${flow.data}-${vp.width}-${step}.png`) });
        try {
          await modelerFlow(page, server.url, dir, flow, shot);
        } catch (err) {
          await shot('failed');
          throw err;
        } finally {
          await page.close();
        }
      });
    }
  }

  it('raised no page errors', () => {
    assert.deepEqual(problems, []);
  });
});
