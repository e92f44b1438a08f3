import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { SHARED_DATA, tempDir } from '../helpers/temp';
import { ARTIFACTS, browserSession, skipWithoutChromium } from '../helpers/browser-mode';

describe('the gradient-boosted trees challenger in the UI (Playwright + Chromium)', { skip: skipWithoutChromium }, () => {
  const dir = tempDir();
  const session = browserSession(dir, { width: 1280, height: 800 });
  let page: Page;
  before(() => { page = session.page; });

  it('trains trees with a monotone constraint from the train form and shows their size, constraint and feature importance', { timeout: 300_000 }, async () => {
    await page.goto(`${session.url}?lang=en`);
    await page.getByLabel('Workspace file').fill(path.join(dir, 'trees.jsw'));
    await page.getByLabel('Workspace file').press('Enter');
    await page.getByRole('button', { name: '+ Import' }).click();
    await page.getByLabel('Data file (CSV, TSV, Parquet, Excel .xlsx)').fill(path.join(SHARED_DATA, 'hmeq.csv'));
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.locator('.preview-grid table').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Imported 5,960 rows' }).waitFor({ timeout: 60_000 });
    // Split first (as binning asks), then train the challenger on the train rows.
    await page.getByRole('tab', { name: 'Binning' }).click();
    await page.getByRole('button', { name: 'Bin variables' }).click();
    await page.getByRole('alertdialog', { name: 'Split first?' }).getByRole('button', { name: 'Split 70/30, then bin on train' }).click();
    await page.getByText(/sample train · \d+ variables/).waitFor({ timeout: 120_000 });
    await page.getByRole('tab', { name: 'Models' }).click();
    const form = page.getByRole('region', { name: 'Train a model' });
    await form.getByLabel('Model kind').selectOption('gbdt');
    // The constraints start from the binning's trends (hmeq's DELINQ: more delinquencies, more bads).
    await form.getByTestId('monotone-from-binning').waitFor();
    assert.match(await form.getByLabel('Monotone constraints').inputValue(), /\bDELINQ=\+1\b/);
    // Per input, in step with the text: DELINQ shows its binning trend; a choice in the table rewrites the text.
    assert.equal(await form.getByLabel('Monotone constraint of DELINQ').inputValue(), '+1');
    await form.getByLabel('Monotone constraint of YOJ').selectOption('-1');
    assert.match(await form.getByLabel('Monotone constraints').inputValue(), /\bYOJ=-1\b/);
    await form.getByLabel('Monotone constraint of YOJ').selectOption('');
    assert.doesNotMatch(await form.getByLabel('Monotone constraints').inputValue(), /YOJ/);
    await form.getByLabel('Monotone constraints').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'gbdt-form-1280.png') });
    await form.getByLabel('Trees').fill('60');
    await form.getByLabel('Monotone constraints').fill('DELINQ=+1');
    await form.getByRole('button', { name: 'Train' }).click();
    const summary = page.getByTestId('gbdt-summary');
    await summary.waitFor({ timeout: 120_000 });
    assert.match(await summary.textContent() ?? '', /^60 trees of up to 31 leaves, learning rate 0\.1, .*Monotone: DELINQ ↑\./);
    const importance = page.getByRole('table', { name: 'Feature importance' });
    await importance.waitFor();
    const shares = (await importance.locator('tbody td:nth-child(2)').allTextContents()).map((s) => Number.parseFloat(s));
    assert.ok(shares.length > 0 && Math.abs(shares.reduce((a, b) => a + b, 0) - 100) < 1, `importance shares add up to 100 %: ${shares.join(', ')}`);
    await page.getByRole('table', { name: 'Deciles' }).waitFor({ timeout: 60_000 });
    await page.getByTestId('chart-shap').locator('.main-svg').first().waitFor();
    // Why one row scored so: every input's contribution, adding up to the row's log-odds.
    const explain = page.getByRole('region', { name: 'Why a row scored so' });
    await explain.getByLabel('Row').fill('7');
    await explain.getByRole('button', { name: 'Explain' }).click();
    await explain.getByTestId('explain-summary').waitFor();
    const [logOdds, expected] = (await explain.getByTestId('explain-summary').textContent())!.match(/-?\d+\.\d{3}/g)!.map(Number);
    const parts = (await explain.getByRole('table', { name: 'Contributions' }).locator('tbody td:nth-child(3)').allTextContents()).map(Number);
    assert.equal(parts.length, 12);
    assert.ok(Math.abs(expected! + parts.reduce((a, b) => a + b, 0) - logOdds!) < 0.002, 'the contributions add up to the log-odds');
    await explain.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'gbdt-explain-1280.png') });
    // Partial dependence on the constrained input: the chart, and the constraint named.
    const dep = page.getByRole('region', { name: 'Partial dependence' });
    await dep.getByLabel('Input').selectOption('DELINQ');
    await dep.getByTestId('dependence-summary').filter({ hasText: 'Trained never to lower the risk as the input rises.' }).waitFor({ timeout: 30_000 });
    await dep.getByTestId('chart-dependence').locator('.main-svg').first().waitFor();
    await dep.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'gbdt-dependence-1280.png') });
    for (const [w, h] of [[1280, 800], [1920, 1080]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(ARTIFACTS, `gbdt-report-${w}.png`) });
    }
  });

  it('scales the trees into a score, makes a cut-off strategy, exports the bundle and scores a file with it, reasons included', { timeout: 300_000 }, async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    const card = page.getByRole('region', { name: 'Scorecard' });
    await card.getByRole('button', { name: 'Build scorecard' }).click();
    await card.getByTestId('scaled-formula').filter({ hasText: /score = \d+\.\d{2} − 28\.854 × log-odds of the event/ }).waitFor({ timeout: 60_000 });
    assert.equal(await card.getByRole('table', { name: 'Scorecard points' }).count(), 0, 'trees have no points per attribute');
    const cutRows = card.getByRole('table', { name: 'Cut-off table' }).locator('tbody tr');
    await cutRows.first().waitFor({ timeout: 30_000 });
    const passRates = await cutRows.evaluateAll((trs) => trs.map((tr) => Number.parseFloat(tr.children[2]!.textContent ?? '0')));
    const pick = passRates.reduce((best, r, k) => (Math.abs(r - 80) < Math.abs(passRates[best]! - 80) ? k : best), 0);
    await cutRows.nth(pick).click();
    await card.getByRole('button', { name: 'Make cut-off strategy' }).click();
    await card.getByTestId('cutoff-strategy').filter({ hasText: /passes \d+\.\d% of the test sample/ }).waitFor();
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'gbdt-scorecard-1280.png') });
    await card.getByRole('button', { name: 'Export bundle…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export bundle' });
    const bundle = path.join(dir, 'trees-bundle');
    await dialog.getByLabel('Bundle folder').fill(bundle);
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    await dialog.getByRole('table', { name: 'Bundle files' }).waitFor({ timeout: 60_000 });
    assert.ok(fs.existsSync(path.join(bundle, 'scorecard.pmml')) && fs.existsSync(path.join(bundle, 'strategy.json')));
    const rows = path.join(dir, 'hmeq-rows.csv');
    fs.copyFileSync(path.join(SHARED_DATA, 'hmeq.csv'), rows);
    await dialog.getByLabel('CSV to score').fill(rows);
    await dialog.getByRole('button', { name: 'Score file' }).click();
    await dialog.getByTestId('scored').filter({ hasText: 'Scored 5,960 rows' }).waitFor({ timeout: 120_000 });
    await dialog.getByRole('table', { name: 'Scored rows' }).getByText(/RC\d+ /).first().waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'gbdt-export-1280.png') });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(ARTIFACTS, 'gbdt-export-1920.png') });
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('compares the trees with a scorecard and an MLP side by side', { timeout: 300_000 }, async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    const form = page.getByRole('region', { name: 'Train a model' });
    const list = page.getByRole('region', { name: 'Models' });
    await form.getByLabel('Model kind').selectOption('scorecard-lr');
    await form.getByRole('button', { name: 'Train' }).click();
    await list.locator('tbody tr', { hasText: 'scorecard-lr' }).waitFor({ timeout: 120_000 });
    await form.getByLabel('Model kind').selectOption('mlp');
    await form.getByLabel('Epochs').fill('6');
    await form.getByRole('button', { name: 'Train' }).click();
    await list.locator('tbody tr', { hasText: 'mlp' }).waitFor({ timeout: 180_000 });
    for (const box of await list.getByRole('checkbox').all()) await box.check();
    await list.getByRole('button', { name: /Compare/ }).click();
    const comparison = page.getByLabel('Model comparison');
    const metrics = comparison.getByRole('table', { name: 'Metrics' });
    await metrics.waitFor({ timeout: 60_000 });
    const heads = await metrics.locator('thead th').allTextContents();
    assert.equal(heads.length, 4);
    assert.ok(['gbdt', 'scorecard-lr', 'mlp'].every((k) => heads.some((h) => h.includes(k))), heads.join(' | '));
    await page.locator('[data-testid="chart-roc"] .main-svg, [data-testid="chart-ks"] .main-svg').first().waitFor();
    for (const [w, h] of [[1280, 800], [1920, 1080]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(ARTIFACTS, `gbdt-compare-${w}.png`) });
    }
  });

  it('raised no page errors', () => assert.deepEqual(session.problems, []));
});
