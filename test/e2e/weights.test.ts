import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readCsv } from '../helpers/read-csv';
import { SHARED_DATA, tempDir } from '../helpers/temp';
import { browserSession, screenshotsAtBothSizes, skipWithoutChromium } from '../helpers/browser-mode';

describe('sample weights in the app: a weight column found on import, weighted bins and a weighted model (Playwright + Chromium)', { skip: skipWithoutChromium }, () => {
  const dir = tempDir();
  const session = browserSession(dir, { width: 1280, height: 800 });

  const shot = screenshotsAtBothSizes(session, 'weights');

  it('imports hmeq’s split with a weight column, bins and trains weighted, and says so in the binning and the model report', { timeout: 180_000 }, async () => {
    // The shared split with a whole weight per row (1 + row mod 3), in a folder the page may read.
    const src = readCsv(path.join(SHARED_DATA, 'hmeq.split.csv'));
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jointscore-weights-')), 'hmeq_weighted.csv');
    fs.writeFileSync(file, [[...src.header, 'weight'], ...src.rows.map((r, i) => [...r, String(1 + (i % 3))])].map((r) => r.join(',')).join('\n') + '\n');
    const page = session.page;
    await page.goto(`${session.url}?lang=en`);
    await page.getByLabel('Workspace file').fill(path.join(dir, 'w.jsw'));
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.getByRole('button', { name: '+ Import' }).click();
    await page.getByLabel('Data file (CSV, TSV, Parquet, Excel .xlsx)').fill(file);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.locator('.preview-grid table').waitFor();
    assert.equal(await page.getByLabel('role of weight').inputValue(), 'weight', 'a column named weight takes the weight role');
    await page.getByRole('dialog').getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('status').filter({ hasText: /Imported 5,960 rows/ }).waitFor({ timeout: 30_000 });
    assert.equal(await page.getByLabel('Target').inputValue(), 'BAD');

    await page.getByRole('tab', { name: 'Binning' }).click();
    await page.getByRole('button', { name: 'Bin variables' }).click();
    await page.getByRole('table', { name: 'IV ranking' }).waitFor({ timeout: 60_000 });
    assert.match(await page.getByTestId('binning-weight').textContent() ?? '', /weighted by weight/);
    await page.getByTestId('chart-binning').locator('.main-svg').first().waitFor({ timeout: 30_000 });
    await shot('1-binning');

    await page.getByRole('tab', { name: 'Models' }).click();
    await page.getByRole('region', { name: 'Train a model' }).getByRole('button', { name: 'Train' }).click();
    await page.getByRole('table', { name: 'Coefficients' }).waitFor({ timeout: 120_000 });
    assert.equal(await page.getByRole('alert').count(), 0, `no error: ${await page.getByRole('alert').allTextContents()}`);
    assert.match(await page.getByTestId('model-weight').textContent() ?? '', /weighted by weight/);
    const metrics = page.getByRole('table', { name: 'Metrics' }).first();
    assert.match(await metrics.textContent() ?? '', /Weight/, 'the metrics show each sample’s weight beside its rows');
    await shot('2-model');
    assert.deepEqual(session.problems, []);
  });
});
