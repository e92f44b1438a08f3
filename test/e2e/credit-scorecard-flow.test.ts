import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { SHARED_DATA, tempDir } from '../helpers/temp';
import { ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS, serve, skipWithoutChromium } from '../helpers/browser-mode';


const FLOWS = [
  { data: 'germancredit', rows: 1000, target: 'creditability', numeric: 'credit_amount', filter: ['age_in_years', '≥', '60'] },
  { data: 'hmeq', rows: 5960, target: 'BAD', numeric: 'LOAN', filter: ['JOB', 'contains', 'office'] },
];

/** The pipeline bar's states, e.g. { Data: 'done', Samples: 'not done', … }. */
async function pipelineStates(page: Page): Promise<Record<string, string>> {
  await page.getByRole('list', { name: 'Pipeline' }).getByRole('button').first().waitFor();
  const labels = await page.getByRole('list', { name: 'Pipeline' }).getByRole('button').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  return Object.fromEntries(labels.map((l) => l.split(': ') as [string, string]));
}
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
  const fresh = await pipelineStates(page);
  assert.deepEqual([fresh.Data, fresh.Samples, fresh.Binning, fresh.Export], ['done', 'not done', 'not done', 'not done']);

  // The grid: sort a numeric column descending (two clicks on its arrow), then filter.
  const grid = page.getByTestId('data-grid');
  await grid.getByRole('button', { name: `Sort by ${flow.numeric}` }).click();
  await grid.getByRole('button', { name: `Sort by ${flow.numeric}` }).click();
  await page.getByTestId('grid-count').filter({ hasText: `sorted by ${flow.numeric} (descending)` }).waitFor();
  await page.getByLabel('Filter column').selectOption(flow.filter[0]!);
  await page.getByLabel('Filter operator').selectOption({ label: flow.filter[1]! });
  await page.getByLabel('Filter value').fill(flow.filter[2]!);
  await page.getByLabel('Filter value').press('Enter');
  await page.getByTestId('grid-count').filter({ hasText: /^\d[\d,]* of [\d,]+ rows pass/ }).waitFor();
  await shot('1b-grid-sorted-filtered');
  await page.getByRole('button', { name: 'Clear filter' }).click();

  // Arrow keys move between the tabs.
  await page.getByRole('tab', { name: 'Data' }).focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getByRole('tab', { name: 'Binning' }).getAttribute('aria-selected'), 'true');
  await page.getByRole('button', { name: 'Bin variables' }).click();
  await page.getByRole('alertdialog', { name: 'Split first?' }).getByRole('button', { name: 'Split 70/30, then bin on train' }).click();
  // A long job shows in the header wherever the user is (binning tunes its settings by cross-validation);
  // on a quick machine the binning may be done before the bar is looked for.
  const binned = page.getByText(/sample train · \d+ variables/);
  if (flow.rows > 5000) await page.getByTestId('job-bar').or(binned).first().waitFor({ timeout: 10_000 });
  await binned.waitFor({ timeout: 60_000 });
  await page.getByTestId('chart-binning').locator('.main-svg').first().waitFor({ timeout: 30_000 });
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

  // A one-card cut-off strategy: pick a row of the cut-off table (about a 70 % pass rate).
  const cutRows = card.getByRole('table', { name: 'Cut-off table' }).locator('tbody tr');
  const passRates = (await cutRows.evaluateAll((trs) => trs.map((tr) => Number.parseFloat(tr.children[2]!.textContent ?? '0'))));
  const pick = passRates.reduce((best, r, k) => (Math.abs(r - 70) < Math.abs(passRates[best]! - 70) ? k : best), 0);
  await cutRows.nth(pick).click();
  await card.getByRole('button', { name: 'Make cut-off strategy' }).click();
  await card.getByTestId('cutoff-strategy').filter({ hasText: /passes \d+\.\d% of the test sample/ }).waitFor();
  await shot('5b-cutoff-strategy');

  await card.getByRole('button', { name: 'Export bundle…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export bundle' });
  const bundle = path.join(dir, `${flow.data}-${vp.width}-bundle`);
  await dialog.getByLabel('Bundle folder').fill(bundle);
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  await dialog.getByRole('table', { name: 'Bundle files' }).waitFor({ timeout: 60_000 });
  assert.ok(fs.existsSync(path.join(bundle, 'manifest.json')) && fs.existsSync(path.join(bundle, 'strategy.json')), 'exported with its cut-off strategy');
  await dialog.getByTestId('bundle-signature').filter({ hasText: /Signed with this workbench's key [0-9a-f]{16}/ }).waitFor();
  const rows = path.join(dir, `${flow.data}-${vp.width}-rows.csv`);
  fs.copyFileSync(path.join(SHARED_DATA, `${flow.data}.csv`), rows);
  await dialog.getByLabel('CSV to score').fill(rows);
  await dialog.getByRole('button', { name: 'Score file' }).click();
  await dialog.getByTestId('scored').filter({ hasText: `Scored ${flow.rows.toLocaleString('en')} rows` }).waitFor({ timeout: 60_000 });
  await dialog.getByRole('table', { name: 'Scored rows' }).getByText(/RC\d+ /).first().waitFor();
  await shot('6-export-scored');
  const scored = fs.readFileSync(`${rows.replace(/\.csv$/, '')}.scored.csv`, 'utf8').replace(/^\uFEFF/, '').split('\n');
  assert.match(scored[0]!, /,score_credit,reason_codes,reasons,bid,bid_coefficient$/);
  assert.match(scored.slice(1, 50).join('\n'), /RC\d+ [^:,]+: /, 'reasons name the characteristic and its bin');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  const end = await pipelineStates(page);
  assert.deepEqual([end.Samples, end.Binning, end.Model, end.Scorecard, end.Strategy, end.Export], ['done', 'done', 'done', 'done', 'done', 'done']);

  // The audit log says what was done, and exports for the risk committee.
  await page.getByRole('tab', { name: 'Data' }).click();
  await page.getByRole('button', { name: 'Audit log' }).click();
  const audit = page.getByTestId('audit-panel');
  await audit.getByText(/^Built cut-off strategy \d+ /).waitFor();
  await audit.getByRole('button', { name: 'Export…' }).click();
  const auditFile = path.join(dir, `${flow.data}-${vp.width}-audit.csv`);
  await audit.getByLabel('Audit export file').fill(auditFile);
  await audit.getByRole('button', { name: 'Save' }).click();
  await audit.getByRole('status').filter({ hasText: /Wrote \d+ entries/ }).waitFor();
  assert.match(fs.readFileSync(auditFile, 'utf8').split('\n')[0]!, /^\uFEFFseq,at,action,summary,params_json,prev_hash,hash$/);
  await shot('7-audit');
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
