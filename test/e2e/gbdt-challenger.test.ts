import assert from 'node:assert/strict';
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
    for (const [w, h] of [[1280, 800], [1920, 1080]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(ARTIFACTS, `gbdt-report-${w}.png`) });
    }
  });

  it('raised no page errors', () => assert.deepEqual(session.problems, []));
});
