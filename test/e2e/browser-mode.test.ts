import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { json, runCli } from '../helpers/cli';
import { REPO, SHARED_DATA, tempDir } from '../helpers/temp';
import { ARTIFACTS, browserSession, skipWithoutChromium } from '../helpers/browser-mode';
import { readHolder } from '../../service/jobs/workspace-holder';


describe('end to end in browser mode (Playwright + Chromium)', { skip: skipWithoutChromium }, () => {
  const dir = tempDir();
  const session = browserSession(dir);
  const server = { get url() { return session.url; } };
  let browser: Browser;
  let page: Page;
  const problems = session.problems;
  before(() => { browser = session.browser; page = session.page; });

  it('refuses the page without the token', async () => {
    const other = await browser.newPage();
    const res = await other.goto(server.url.replace(/[0-9a-f]+\/$/, ''));
    assert.equal(res?.status(), 401);
    await other.close();
  });

  it('creates a workspace, imports germancredit.csv, and shows a column profile with its charts', async () => {
    await page.goto(server.url);
    await page.getByLabel('Workspace file').fill(path.join(dir, 'e2e.jsw'));
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.getByText('No datasets yet').waitFor();

    await page.getByRole('button', { name: '+ Import' }).click();
    await page.getByLabel('Data file (CSV, TSV, Parquet, Excel .xlsx)').fill(path.join(SHARED_DATA, 'germancredit.csv'));
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.locator('.preview-grid table').waitFor();
    assert.equal(await page.getByLabel('role of creditability').inputValue(), 'target');
    assert.equal(await page.getByLabel('type of credit_amount').inputValue(), 'numeric');
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-import-preview.png') });
    await page.getByRole('dialog').getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Imported 1,000 rows × 21 columns' }).waitFor({ timeout: 30_000 });

    const grid = page.getByTestId('data-grid');
    await grid.getByText('duration_in_month').click();
    const panel = page.getByTestId('profile-panel');
    await panel.getByRole('heading', { name: 'duration_in_month' }).waitFor();
    await panel.locator('[data-testid="chart-distribution"] .main-svg').first().waitFor({ timeout: 30_000 });
    await panel.locator('[data-testid="chart-target"] .main-svg').first().waitFor({ timeout: 30_000 });
    const bars = await panel.locator('[data-testid="chart-distribution"] .bars path').count();
    assert.ok(bars >= 5, `histogram bars drawn: ${bars}`);
    const lines = await panel.locator('[data-testid="chart-target"] .scatterlayer .trace').count();
    assert.equal(lines, 1, 'event-rate line drawn');
    assert.match(await panel.textContent() ?? '', /IV/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-profile.png') });
    assert.ok(fs.statSync(path.join(ARTIFACTS, 'e2e-profile.png')).size > 10_000);
  });

  it('scrolls the virtualized grid to the last row', async () => {
    const grid = page.getByTestId('data-grid');
    await grid.evaluate((el) => { el.scrollTop = el.scrollHeight; });
    await grid.locator('.cell.index', { hasText: /^1,000$/ }).waitFor();
    const rendered = await grid.locator('.grid-row').count();
    assert.ok(rendered < 60, `only the visible rows are drawn (${rendered})`);
  });

  it('bins germancredit against its target, ranks the variables by IV, and edits one variable’s bins with undo', async () => {
    assert.equal(await page.getByLabel('Target').inputValue(), 'creditability');
    await page.getByRole('tab', { name: 'Binning' }).click();
    await page.getByRole('button', { name: 'Bin variables' }).click();
    // No sample design yet: the UI offers to split first (the default) rather than fit bins on every row.
    const ask = page.getByRole('alertdialog', { name: 'Split first?' });
    await ask.waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-binning-split-first.png') });
    await ask.getByRole('button', { name: 'Split 70/30, then bin on train' }).click();
    const ranking = page.getByRole('table', { name: 'IV ranking' });
    await ranking.waitFor({ timeout: 30_000 });
    await page.getByText(/sample train · 20 variables/).waitFor();
    assert.equal(await ranking.locator('tbody tr').count(), 20);
    // Sorted by IV, the checking account status comes first (the strongest variable of this data).
    assert.match(await ranking.locator('tbody tr').first().textContent() ?? '', /status_of_existing_checking_account/);
    await page.getByLabel('Filter variables').fill('duration');
    assert.equal(await ranking.locator('tbody tr').count(), 1);
    await ranking.getByText('duration_in_month').click();
    const editor = page.locator('.bin-editor');
    await editor.locator('[data-testid="chart-binning"] .main-svg').first().waitFor({ timeout: 30_000 });
    const ivBefore = await page.getByTestId('iv-total').textContent();
    await page.getByLabel('Cut points').fill('12, 24, 36');
    await page.getByRole('button', { name: 'Apply cuts' }).click();
    await page.waitForFunction((before) => document.querySelector('[data-testid="iv-total"]')?.textContent !== before, ivBefore);
    const labels = await page.getByRole('table', { name: 'Binning table' }).locator('td.bin-label').allTextContents();
    assert.deepEqual(labels, ['(-inf, 12)', '[12, 24)', '[24, 36)', '[36, inf)', 'Missing']);
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-binning.png') });
    await page.getByRole('button', { name: /Undo/ }).click();
    await page.waitForFunction((before) => document.querySelector('[data-testid="iv-total"]')?.textContent === before, ivBefore);
    await page.getByLabel('Filter variables').fill('');
    await ranking.getByText('purpose').click();
    await page.getByLabel('Move retraining').selectOption('new');
    // The move has landed when the ranking marks the variable edited and retraining is a group of its own.
    await ranking.locator('tr', { hasText: 'purpose' }).locator('.tag', { hasText: 'edited' }).waitFor();
    const groups = await page.getByRole('table', { name: 'Binning table' }).locator('td.bin-label').allTextContents();
    assert.ok(groups.some((g) => g.replace(/[↦\s]|to group \d+|to a new group/g, '') === 'retraining'), `groups: ${groups.join(' | ')}`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-binning-categorical.png') });
    await page.getByRole('button', { name: 'Write WOE' }).click();
    await page.getByRole('status').filter({ hasText: "Wrote 'germancredit_woe': 1,000 rows with 20 WOE variables" }).waitFor({ timeout: 30_000 });
    await page.locator('.dataset', { hasText: 'germancredit_woe' }).waitFor();
    page.once('dialog', (d) => void d.accept());
    await page.locator('.dataset', { hasText: 'germancredit_woe' }).click();
    await page.getByRole('button', { name: 'Delete dataset' }).click();
    await page.locator('.dataset', { hasText: 'germancredit_woe' }).waitFor({ state: 'detached' });
    await page.locator('.dataset', { hasText: 'germancredit' }).click();
  });

  it('splits germancredit, trains a scorecard LR and an MLP (live loss curve), shows per-sample metrics and curves, and compares them', async () => {
    await page.getByRole('tab', { name: 'Models' }).click();
    await page.getByTestId('tf-backend').filter({ hasText: /^(tensorflow|wasm|cpu)$/ }).waitFor({ timeout: 30_000 });
    const samples = page.getByRole('region', { name: 'Sample design' });
    await samples.getByRole('button', { name: 'Split' }).click();
    await samples.locator('td', { hasText: /^test$/ }).waitFor();
    assert.match(await samples.locator('tr', { hasText: /^test/ }).textContent() ?? '', /^test300/);
    const selection = page.getByRole('region', { name: 'Feature selection' });
    await selection.getByRole('button', { name: 'Select' }).click();
    await selection.getByRole('table', { name: 'Selection steps' }).waitFor({ timeout: 60_000 });
    const chosen = (await page.getByTestId('selected-features').textContent() ?? '').split(', ');
    assert.ok(chosen.length >= 3, `selected ${chosen.join(', ')}`);
    // The stored selection is the train form's starting point, without copying anything.
    const form = page.getByRole('region', { name: 'Train a model' });
    await form.getByTestId('train-selection').filter({ hasText: chosen.join(', ') }).waitFor();
    assert.equal(await form.getByLabel('Features', { exact: true }).inputValue(), '');
    assert.ok(await form.getByLabel('Use the stored selection').isChecked());
    assert.equal(await form.getByLabel('Purpose').inputValue(), 'credit', 'creditability reads as a credit target');
    await form.getByLabel('Purpose').selectOption('credit');
    await form.getByRole('button', { name: 'Train' }).click();
    const coefficients = page.getByRole('table', { name: 'Coefficients' });
    await coefficients.waitFor({ timeout: 60_000 });
    assert.equal(await coefficients.locator('tbody tr').count(), chosen.length + 1, 'the intercept and the selected features');
    const why = page.getByRole('region', { name: 'Why these settings' });
    assert.match(await why.getByTestId('feature-source').textContent() ?? '', /from the stored selection #\d+/);
    await why.getByRole('table', { name: 'Penalty candidates' }).waitFor();
    await why.getByRole('table', { name: 'Binning chosen by cross-validation' }).waitFor();
    await why.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-why-settings.png') });
    const metrics = page.getByRole('table', { name: 'Metrics' });
    assert.deepEqual(await metrics.locator('thead th').allTextContents(), ['', 'train', 'test']);
    await page.locator('[data-testid="chart-roc"] .main-svg').first().waitFor({ timeout: 30_000 });
    await page.getByRole('table', { name: 'Deciles' }).waitFor();
    assert.match(await page.getByTestId('model-backend').textContent() ?? '', /^(tensorflow|wasm|cpu)$/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-model.png') });
    const card = page.getByRole('region', { name: 'Scorecard' });
    await card.getByRole('button', { name: 'Build scorecard' }).click();
    await card.getByRole('table', { name: 'Scorecard points' }).waitFor({ timeout: 30_000 });
    assert.match(await page.getByTestId('score-range').textContent() ?? '', /^\d+–\d+$/);
    await card.locator('[data-testid="chart-score-distribution"] .main-svg').first().waitFor();
    await card.locator('[data-testid="chart-cutoffs"] .main-svg').first().waitFor({ timeout: 30_000 });
    assert.ok(await card.getByRole('table', { name: 'Cut-off table' }).locator('tbody tr').count() > 5, 'the cut-offs as a table too');
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-scorecard.png') });
    // A credit-only bundle, exported and used from the scorecard itself (no strategy, no second model).
    await card.getByRole('button', { name: 'Export bundle…' }).click();
    const exportDialog = page.getByRole('dialog', { name: 'Export bundle' });
    await exportDialog.getByLabel('Bundle folder').fill(path.join(dir, 'credit-only-bundle'));
    // 'retraining' was moved into a group of its own above (9 training rows): the privacy threshold stops the export and says so.
    await exportDialog.getByRole('button', { name: 'Export', exact: true }).click();
    await exportDialog.getByRole('alert').filter({ hasText: 'fewer than 20 training rows' }).waitFor({ timeout: 60_000 });
    await exportDialog.getByLabel('Fewest training rows per bin').fill('5');
    await exportDialog.getByRole('button', { name: 'Export', exact: true }).click();
    await exportDialog.getByRole('table', { name: 'Bundle files' }).waitFor({ timeout: 60_000 });
    assert.deepEqual(await exportDialog.locator('table tbody td:first-child').allTextContents(), ['scorecard.json', 'scorecard.schema.json', 'scorecard.pmml', 'scorecard.sql', 'scorer.mjs', 'report.html']);
    const rowsFile = path.join(dir, 'german-rows.csv');
    fs.copyFileSync(path.join(SHARED_DATA, 'germancredit.csv'), rowsFile);
    await exportDialog.getByLabel('CSV to score').fill(rowsFile);
    await exportDialog.locator('select[aria-label="Id column"]').selectOption('age_in_years');
    await exportDialog.getByRole('button', { name: 'Score file' }).click();
    await exportDialog.getByTestId('scored').filter({ hasText: 'Scored 1,000 rows' }).waitFor({ timeout: 60_000 });
    assert.match(fs.readFileSync(path.join(dir, 'german-rows.scored.csv'), 'utf8').split('\n')[0]!, /^\uFEFFage_in_years,score_credit/, 'UTF-8 with a BOM, for Excel');
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-export-credit-only.png') });
    await page.keyboard.press('Escape');
    await exportDialog.waitFor({ state: 'detached' });
    await form.getByLabel('Model kind').selectOption('mlp');
    await form.getByLabel('Features', { exact: true }).fill('');
    await form.getByLabel('Epochs').fill('8');
    await form.getByRole('button', { name: 'Train' }).click();
    await page.locator('[data-testid="loss-chart"] .main-svg').first().waitFor({ timeout: 60_000 });
    await page.getByText(/MLP 64×32/).waitFor({ timeout: 120_000 });
    const list = page.getByRole('region', { name: 'Models' });
    assert.equal(await list.locator('tbody tr').count(), 2);
    for (const box of await list.getByRole('checkbox').all()) await box.check();
    await list.getByRole('button', { name: /Compare/ }).click();
    const comparison = page.getByLabel('Model comparison');
    await comparison.getByRole('table', { name: 'Metrics' }).waitFor({ timeout: 60_000 });
    assert.equal(await comparison.getByRole('table', { name: 'Metrics' }).locator('thead th').count(), 3);
    await page.getByRole('tab', { name: 'KS' }).click();
    await page.locator('[data-testid="chart-ks"] .main-svg').first().waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-model-compare.png') });
    await list.locator('tbody tr', { hasText: 'mlp' }).click();
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Delete model' }).click();
    await list.locator('tbody tr', { hasText: 'mlp' }).waitFor({ state: 'detached' });
    assert.equal(await list.locator('tbody tr').count(), 1);
    await page.getByRole('tab', { name: 'Data' }).click();
  });

  it('recovers from binning before the split: the stale bins are flagged, re-fitted on train, picked and deleted', async () => {
    await page.getByRole('button', { name: '+ Import' }).click();
    await page.getByLabel('Data file (CSV, TSV, Parquet, Excel .xlsx)').fill(path.join(SHARED_DATA, 'germancredit.csv'));
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.locator('.preview-grid table').waitFor();
    await page.getByLabel('Dataset name').fill('german2');
    await page.getByRole('dialog').getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('status').filter({ hasText: "into 'german2'" }).waitFor({ timeout: 30_000 });
    await page.getByRole('tab', { name: 'Binning' }).click();
    await page.getByRole('button', { name: 'Bin variables' }).click();
    await page.getByRole('alertdialog', { name: 'Split first?' }).getByRole('button', { name: 'Bin every row' }).click();
    await page.getByText(/sample all · 20 variables/).waitFor({ timeout: 30_000 });
    // The trap: split after binning.
    await page.getByRole('tab', { name: 'Models' }).click();
    const samples = page.getByRole('region', { name: 'Sample design' });
    await samples.getByRole('button', { name: 'Split' }).click();
    await samples.locator('td', { hasText: /^test$/ }).waitFor();
    // Training on the stale bins is refused with a reason, not an ambiguity.
    const form = page.getByRole('region', { name: 'Train a model' });
    await form.getByRole('button', { name: 'Train' }).click();
    await page.getByRole('alert').filter({ hasText: 'fitted on every row, before the sample design' }).waitFor({ timeout: 30_000 });
    await page.getByRole('tab', { name: 'Binning' }).click();
    const stale = page.getByRole('alert', { name: 'Stale binning' });
    await stale.waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-binning-stale.png') });
    await stale.getByRole('button', { name: 'Re-bin on train' }).click();
    await page.getByText(/sample train · 20 variables/).waitFor({ timeout: 30_000 });
    assert.equal(await page.getByRole('alert', { name: 'Stale binning' }).count(), 0);
    const picker = page.getByLabel('Binning', { exact: true });
    assert.equal(await picker.locator('option').count(), 2, 'both binnings listed');
    await picker.selectOption({ label: (await picker.locator('option', { hasText: 'stale' }).textContent())! });
    await page.getByRole('alert', { name: 'Stale binning' }).waitFor();
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Delete binning' }).click();
    await page.getByText(/sample train · 20 variables/).waitFor({ timeout: 30_000 });
    assert.equal(await page.getByLabel('Binning', { exact: true }).count(), 0, 'one binning left: no picker');
    // The bins of german2 applied to another dataset with the same columns (as an out-of-time file would be).
    await page.getByLabel('Apply WOE to').selectOption('germancredit');
    await page.getByRole('button', { name: 'Write WOE' }).click();
    await page.getByRole('status').filter({ hasText: "Wrote 'germancredit_woe': 1,000 rows" }).waitFor({ timeout: 30_000 });
    await page.getByRole('tab', { name: 'Models' }).click();
    await form.getByRole('button', { name: 'Train' }).click();
    await page.getByRole('table', { name: 'Coefficients' }).waitFor({ timeout: 60_000 });
    await page.getByRole('tab', { name: 'Data' }).click();
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Delete dataset' }).click();
    await page.locator('.dataset', { hasText: 'german2' }).waitFor({ state: 'detached' });
    await page.locator('.dataset', { hasText: 'germancredit_woe' }).click();
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Delete dataset' }).click();
    await page.locator('.dataset', { hasText: 'germancredit_woe' }).waitFor({ state: 'detached' });
    await page.locator('.dataset', { hasText: 'germancredit' }).click();
  });

  it('shows a clear error for a bad file and keeps the workspace as it was', async () => {
    const bad = path.join(dir, 'ragged.csv');
    fs.writeFileSync(bad, 'a,b,c\n1,2,3\n4,5\n');
    await page.getByRole('button', { name: '+ Import' }).click();
    await page.getByLabel('Data file (CSV, TSV, Parquet, Excel .xlsx)').fill(bad);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Import', exact: true }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.textContent() ?? '', /line 3 \(data row 2\): expected 3 fields/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-import-error.png') });
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    assert.equal(await page.locator('.dataset-list li').count(), 1);
  });

  it('imports a file chosen in the browser (uploaded to the local server), with Chinese text in GBK', async () => {
    await page.getByRole('button', { name: '+ Import' }).click();
    await page.locator('.file-picker input[type=file]').setInputFiles(path.join(REPO, 'test', 'fixtures', 'lender_gbk.csv'));
    const field = page.getByLabel('Data file (CSV, TSV, Parquet, Excel .xlsx)');
    await page.waitForFunction(() => (document.querySelector('input[aria-label^="Data file"]') as HTMLInputElement | null)?.value.endsWith('lender_gbk.csv'));
    assert.match(await field.inputValue(), /jointscore-upload-.*lender_gbk\.csv$/);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.locator('.preview-grid table').waitFor();
    assert.match(await page.locator('.preview-meta').textContent() ?? '', /gbk/);
    await page.getByRole('dialog').getByLabel('Party', { exact: true }).fill('partner');
    await page.getByRole('dialog').getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('status').filter({ hasText: "into 'lender_gbk'" }).waitFor({ timeout: 30_000 });
    await page.locator('.dataset', { hasText: 'lender_gbk' }).getByText('partner').waitFor();
    await page.getByTestId('data-grid').getByText('城市').waitFor();
  });

  it('flags raw mobile numbers in the preview and imports once the column is dropped', async () => {
    const raw = path.join(dir, 'raw_lender.csv');
    fs.writeFileSync(raw, `uid,mobile,amount\n${Array.from({ length: 30 }, (_, i) => `${i},1380013${String(8000 + i)},${i * 10}`).join('\n')}\n`);
    await page.getByRole('button', { name: '+ Import' }).click();
    await page.getByLabel('Data file (CSV, TSV, Parquet, Excel .xlsx)').fill(raw);
    await page.getByRole('button', { name: 'Preview' }).click();
    const note = page.getByRole('note');
    await note.waitFor();
    assert.match(await note.textContent() ?? '', /mobile numbers in 100% of the first rows/);
    await page.getByRole('dialog').getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'raw personal data' }).waitFor();
    await page.getByLabel('drop mobile').check();
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-pii.png') });
    await page.getByRole('dialog').getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('status').filter({ hasText: "Imported 30 rows × 2 columns into 'raw_lender'" }).waitFor({ timeout: 30_000 });
  });

  it('pseudonymizes a raw file from the start page with a new session secret', async () => {
    await page.getByRole('button', { name: 'Close workspace' }).click();
    const raw = path.join(dir, 'raw_partner.csv');
    fs.writeFileSync(raw, `name,mobile,minutes\n${Array.from({ length: 25 }, (_, i) => `p${i},+86 139 ${String(10000000 + i * 37).slice(0, 4)} ${String(10000000 + i * 37).slice(4)},${i * 3}`).join('\n')}\nbroken,123,1\n`);
    await page.getByRole('button', { name: 'Pseudonymize a file…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Pseudonymize ids' });
    await dialog.getByLabel('File with raw ids (CSV)').fill(raw);
    await dialog.getByRole('button', { name: 'Read columns' }).click();
    await dialog.getByLabel('Id column').waitFor();
    assert.equal(await dialog.getByLabel('Id column').inputValue(), 'mobile');
    assert.equal(await dialog.getByLabel('Id kind').inputValue(), 'phone');
    await dialog.getByLabel('leave out name').check();
    await dialog.getByRole('button', { name: 'New secret' }).click();
    await page.waitForFunction(() => /[\\/]secrets[\\/]session-secret-[^\\/]+\.key$/.test((document.querySelector('input[aria-label^="Session secret file"]') as HTMLInputElement | null)?.value ?? ''));
    const secret = await dialog.getByLabel(/^Session secret file/).inputValue();
    assert.notEqual(path.dirname(secret), path.dirname(raw), 'the secret is not written beside the data it hashes');
    assert.ok(!fs.readdirSync(path.dirname(raw)).some((f) => /secret.*\.(txt|key)$/.test(f)));
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-pseudonymize.png') });
    await dialog.getByRole('button', { name: 'Pseudonymize', exact: true }).click();
    await dialog.getByRole('status').filter({ hasText: 'Wrote 25 of 26 rows' }).waitFor({ timeout: 30_000 });
    const out = fs.readFileSync(path.join(dir, 'raw_partner.pseudonymized.csv'), 'utf8');
    assert.match(out.split('\n')[0]!, /^mobile_hmac_sha256,minutes$/);
    assert.doesNotMatch(out, /\+86|p1,/);
    await dialog.getByRole('button', { name: 'Done', exact: true }).click();
  });

  it('stops a copied column holding phones past the preview, and goes on when the user says why it is not personal data', async () => {
    const raw = path.join(dir, 'raw_refs.csv');
    fs.writeFileSync(raw, `mobile,ref_code,minutes\n${Array.from({ length: 3000 }, (_, i) => `139${String(10000000 + i)},${i >= 2500 && i % 10 === 0 ? `138${String(20000000 + i)}` : `R${i}`},${i % 50}`).join('\n')}\n`);
    await page.getByRole('button', { name: 'Pseudonymize a file…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Pseudonymize ids' });
    await dialog.getByLabel('File with raw ids (CSV)').fill(raw);
    await dialog.getByRole('button', { name: 'Read columns' }).click();
    await dialog.getByLabel('Id column').waitFor();
    await dialog.getByRole('button', { name: 'New secret' }).click();
    await page.waitForFunction(() => ((document.querySelector('input[aria-label^="Session secret file"]') as HTMLInputElement | null)?.value ?? '').endsWith('.key'));
    await dialog.getByRole('button', { name: 'Pseudonymize', exact: true }).click();
    await dialog.getByRole('alert').filter({ hasText: /column 'ref_code': 50 of 3,000 values \(1\.7%\) look like mobile numbers, the first in data row 2501/ }).waitFor({ timeout: 30_000 });
    const choice = dialog.getByRole('group', { name: 'Personal data in a copied column' });
    await choice.getByLabel('reason ref_code').fill('shop referral codes that happen to be digits');
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-pseudonymize-pii-choice.png') });
    await choice.getByRole('button', { name: 'Keep it, with this reason' }).click();
    await dialog.getByRole('button', { name: 'Pseudonymize', exact: true }).click();
    await dialog.getByRole('status').filter({ hasText: 'Wrote 3,000 of 3,000 rows' }).waitFor({ timeout: 30_000 });
    await dialog.getByRole('button', { name: 'Done', exact: true }).click();
  });

  it('opens a sample session: generated, pseudonymized, imported and joined, with an intact audit log', async () => {
    await page.getByLabel('Sample people').fill('2000');
    await page.getByRole('button', { name: 'Open sample session' }).click();
    await page.locator('.dataset', { hasText: 'joint' }).waitFor({ timeout: 60_000 });
    assert.deepEqual(await page.locator('.dataset .name').allTextContents(), ['lender', 'partner', 'joint']);
    // Only pseudonymized data stays in the session folder: the raw files and the secret were in a temporary folder, now gone.
    const sessionDir = path.join(dir, 'sample-sessions', fs.readdirSync(path.join(dir, 'sample-sessions'))[0]!);
    assert.deepEqual(fs.readdirSync(sessionDir).filter((f) => /^(lender|partner)\.csv$|secret|truth/.test(f)), []);
    await page.locator('.dataset', { hasText: 'joint' }).click();
    await page.getByRole('button', { name: 'Audit log' }).click();
    const audit = page.getByTestId('audit-panel');
    await audit.getByText('Hash chain intact: 6 entries.').waitFor();
    assert.match(await audit.textContent() ?? '', /pseudonymize/);
    assert.match(await audit.textContent() ?? '', /join/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-sample-session.png') });
    await page.getByRole('button', { name: 'Match report' }).click();
    const report = page.getByTestId('match-report');
    await report.locator('[data-testid="venn-chart"] .main-svg').first().waitFor({ timeout: 30_000 });
    await report.locator('[data-testid="monthly-match-chart"] .main-svg').first().waitFor({ timeout: 30_000 });
    assert.match(await report.textContent() ?? '', /1,200 matched/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-match-report.png') });
    await page.getByRole('dialog', { name: 'Match report' }).getByRole('button', { name: 'Close' }).click();
    // The funnel of the joint session: the six stage flags are found by name and put in funnel order (the file ends with reached and repurchased), segmented by month.
    await page.getByRole('tab', { name: 'Funnel' }).click();
    assert.equal(await page.getByLabel('Funnel stages').inputValue(), 'reached, applied, prescreen_passed, approved, drew_down, repurchased');
    await page.getByRole('button', { name: 'Show funnel' }).click();
    const funnelTable = page.getByRole('table', { name: 'Funnel' });
    await funnelTable.waitFor();
    assert.deepEqual(await funnelTable.locator('thead th').allTextContents(), ['exposure_month', 'exposed', 'reached', 'applied', 'prescreen_passed', 'approved', 'drew_down', 'repurchased']);
    const jointRows = (await page.locator('.dataset', { hasText: 'joint' }).locator('.muted').textContent() ?? '').split(' ×')[0];
    assert.equal(await funnelTable.locator('tbody tr').first().locator('td').first().textContent(), jointRows, 'every row of the joint dataset is exposed');
    await page.locator('[data-testid="chart-funnel"] .main-svg').first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-funnel.png') });
    await page.getByRole('tab', { name: 'Data' }).click();
  });

  it('sets a bid strategy on the sample session (targeting × credit matrix, a cell decision) and exports the bundle from the dialog', async () => {
    // Two scorecards on the joint dataset, made with the CLI on the same workspace the page has open.
    const sessions = path.join(dir, 'sample-sessions');
    const ws = path.join(sessions, fs.readdirSync(sessions)[0]!, 'sample-session.jsw');
    const cli = (...args: string[]) => runCli(args, dir);
    const features = 'finance_min,loan_apps_installed,night_ratio,active_hours,device_price_tier';
    json(await cli('split', '--workspace', ws, '--dataset', 'joint', '--random', '0.7', '--seed', '1', '--target', 'applied', '--json'));
    json(await cli('bin', '--workspace', ws, '--dataset', 'joint', '--target', 'bad', '--json'));
    json(await cli('bin', '--workspace', ws, '--dataset', 'joint', '--target', 'applied', '--json'));
    const credit = json<{ modelId: number }>(await cli('train', '--workspace', ws, '--dataset', 'joint', '--target', 'bad', '--population', 'drew_down=1', '--model', 'scorecard-lr', '--features', features, '--json'));
    const targeting = json<{ modelId: number }>(await cli('train', '--workspace', ws, '--dataset', 'joint', '--target', 'applied', '--purpose', 'targeting', '--model', 'scorecard-lr', '--features', features, '--json'));
    json(await cli('scorecard', '--workspace', ws, '--model', String(credit.modelId), '--json'));
    json(await cli('scorecard', '--workspace', ws, '--model', String(targeting.modelId), '--orientation', 'higher-is-riskier', '--json'));
    await page.getByRole('tab', { name: 'Strategy' }).click();
    await page.getByLabel('Bands').fill('3');
    await page.getByLabel('Revenue per good').fill('1000');
    await page.getByLabel('Tier shares').fill('10, 40');
    await page.getByRole('button', { name: 'Build matrix' }).click();
    await page.getByText(/EV per bid = response × \(\(1 − bad\) × 1000 /).waitFor();
    const matrix = page.getByRole('table', { name: 'Strategy matrix' });
    await matrix.waitFor();
    assert.equal(await matrix.locator('tbody tr').count(), await page.locator('.strategy-matrix tbody tr').count());
    await page.getByLabel('Decision 0,0').selectOption('bid');
    await page.getByLabel('Coefficient 0,0').fill('1.5');
    await page.getByRole('button', { name: 'Save decisions' }).click();
    await page.getByRole('button', { name: 'Decisions saved' }).waitFor();
    assert.equal(await page.getByLabel('Coefficient 0,0').inputValue(), '1.5', 'the stored decision comes back');
    await page.getByRole('table', { name: 'Intent tiers' }).waitFor();
    const high = await page.getByRole('table', { name: 'Intent tiers' }).locator('tbody tr').first().locator('td').nth(3).textContent();
    assert.ok(Number((high ?? '').replace('%', '')) <= 20, `the high tier is about the 10% asked for (ties stay together): ${high}`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-strategy.png') });
    await page.getByRole('button', { name: 'Export bundle…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export bundle' });
    const out = path.join(dir, 'ui-bundle');
    await dialog.getByLabel('Bundle folder').fill(out);
    // The sample session is small: the privacy threshold is proven in the CLI tests, here any non-empty bin passes.
    await dialog.getByLabel('Fewest training rows per bin').fill('1');
    await dialog.getByRole('button', { name: 'Export' }).click();
    await dialog.getByRole('table', { name: 'Bundle files' }).waitFor({ timeout: 60_000 });
    assert.deepEqual(await dialog.locator('table tbody td:first-child').allTextContents(), ['scorecard.json', 'scorecard.schema.json', 'scorecard.pmml', 'scorecard.sql', 'scorer.mjs', 'strategy.json', 'report.html']);
    assert.ok(fs.existsSync(path.join(out, 'manifest.json')) && fs.existsSync(`${out}.zip`));
    const strategy = JSON.parse(fs.readFileSync(path.join(out, 'strategy.json'), 'utf8')) as { cells: { decision: { action: string; coefficient: number } }[][] };
    assert.deepEqual(strategy.cells[0]![0]!.decision, { action: 'bid', coefficient: 1.5 });
    // Score the partner file of the session with the bundle, as `jointscore score` does.
    await dialog.getByLabel('CSV to score').fill(path.join(path.dirname(ws), 'partner.pseudonymized.csv'));
    await dialog.getByRole('button', { name: 'Score file' }).click();
    await dialog.getByTestId('scored').waitFor({ timeout: 60_000 });
    assert.match(await dialog.getByTestId('scored').textContent() ?? '', /Scored 2,000 rows/);
    assert.ok(fs.existsSync(path.join(path.dirname(ws), 'partner.pseudonymized.scored.csv')));
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-export.png') });
    // Try the bundle in the reference RTA server. The session's partner file is a feature snapshot
    // as it is: its first column is the partner's hashed id, then its behavioural features.
    const partnerFile = path.join(path.dirname(ws), 'partner.pseudonymized.csv');
    const [header, ...lines] = fs.readFileSync(partnerFile, 'utf8').trim().split('\n');
    await dialog.getByLabel('Feature snapshot').fill(partnerFile);
    await dialog.getByRole('button', { name: 'Start server' }).click();
    await dialog.getByTestId('rta-server').waitFor({ timeout: 60_000 });
    assert.match(await dialog.getByTestId('rta-server').textContent() ?? '', new RegExp(`^Serving http://127\\.0\\.0\\.1:\\d+/rta: bundle [0-9a-f]{16}, ${lines.length.toLocaleString('en')} ids`));
    const firstId = lines[0]!.split(',')[0]!;
    assert.equal(await dialog.getByLabel('Device id', { exact: true }).inputValue(), firstId, 'a known id offered');
    await dialog.getByRole('button', { name: 'Send bid request' }).click();
    const answers = dialog.getByRole('table', { name: 'RTA answers' });
    await answers.waitFor();
    // The answer equals the bundle's own scorer.mjs on that user's row.
    const scorer = await import(pathToFileURL(path.join(out, 'scorer.mjs')).href) as { targetingScore: (r: object) => number; creditScore: (r: object) => number; decide: (t: number, c: number) => { bid: boolean; coefficient: number; cell: number[] } };
    const names = header!.split(',');
    const record = Object.fromEntries(lines[0]!.split(',').map((v, k) => [names[k], v]));
    const [t, c] = [scorer.targetingScore(record), scorer.creditScore(record)];
    const d = scorer.decide(t, c);
    const row = await answers.locator('tbody tr').first().locator('td').allTextContents();
    assert.deepEqual([row[2], row[3], row[4], row[5], Number(row[6]), Number(row[7]), row[8]], ['200', 'scored', d.bid ? 'bid' : 'no bid', d.bid ? String(d.coefficient) : '', t, c, d.cell.join(' × ')]);
    // An id not in the snapshot gets the strategy's default.
    await dialog.getByLabel('Device id', { exact: true }).fill('0'.repeat(32));
    await dialog.getByRole('button', { name: 'Send bid request' }).click();
    await answers.locator('tbody tr').nth(1).waitFor();
    assert.equal((await answers.locator('tbody tr').first().locator('td').allTextContents())[3], 'unknown_user');
    await dialog.getByTestId('rta-server').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-rta-try.png') });
    await dialog.getByRole('button', { name: 'Close' }).click();
    // The report renders in the browser as it is (self-contained).
    const report = await browser.newPage();
    await report.goto(pathToFileURL(path.join(out, 'report.html')).href);
    await report.getByRole('img', { name: 'ROC' }).first().waitFor();
    await report.screenshot({ path: path.join(ARTIFACTS, 'e2e-report.png'), fullPage: false });
    await report.close();
    // Split deployment from the same dialog: the partner's part as a bundle of its own, the lender's reading its partial points.
    await page.getByRole('button', { name: 'Export bundle…' }).click();
    const split = page.getByRole('dialog', { name: 'Export bundle' });
    const splitOut = path.join(dir, 'ui-split');
    await split.getByLabel('Bundle folder').fill(splitOut);
    await split.getByLabel('Fewest training rows per bin').fill('1');
    await split.getByLabel('Split by party (split deployment)').check();
    assert.equal(await split.getByLabel('Party', { exact: true }).inputValue(), 'partner');
    await split.getByRole('button', { name: 'Export' }).click();
    const partnerPart = split.getByTestId('partner-bundle');
    await partnerPart.waitFor({ timeout: 60_000 });
    assert.match(await partnerPart.textContent() ?? '', /partner's part: .*ui-split-partner .*writes partner_points_\w+/);
    assert.ok(fs.existsSync(path.join(`${splitOut}-partner`, 'scorer.mjs')) && fs.existsSync(path.join(splitOut, 'strategy.json')));
    const lenderInputs = (JSON.parse(fs.readFileSync(path.join(splitOut, 'manifest.json'), 'utf8')) as { inputs: { name: string }[] }).inputs.map((i) => i.name);
    assert.ok(lenderInputs.every((n) => n.startsWith('partner_points_')), lenderInputs.join(', '));
    for (const [w, h] of [[1280, 800], [1920, 1080]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.screenshot({ path: path.join(ARTIFACTS, `e2e-export-split-${w}.png`) });
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    await split.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('tab', { name: 'Data' }).click();
  });

  it('stops a targeting model that would use an outcome, shows the evidence, and trains on pre-exposure features', async () => {
    await page.locator('.dataset', { hasText: 'joint' }).first().click();
    await page.getByLabel('Target').selectOption('applied');
    await page.getByRole('tab', { name: 'Models' }).click();
    const form = page.getByRole('region', { name: 'Train a model' });
    await form.getByLabel('Model kind').selectOption('logistic');
    await form.getByLabel('Features', { exact: true }).fill('approved, finance_min');
    await form.getByRole('button', { name: 'Train' }).click();
    const stop = form.getByRole('alert', { name: 'Leakage suspected' });
    await stop.waitFor({ timeout: 60_000 });
    assert.match(await stop.textContent() ?? '', /approved.*role is outcome/);
    assert.match(await stop.textContent() ?? '', /event rate is 100\.0%/);
    await stop.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-leakage-stop.png') });
    await stop.getByRole('button', { name: 'Leave them out' }).click();
    assert.equal(await form.getByLabel('Features', { exact: true }).inputValue(), 'finance_min');
    // With no list, the defaults: the binned features (binned in the test before), never an outcome.
    await form.getByLabel('Model kind').selectOption('scorecard-lr');
    await form.getByLabel('Features', { exact: true }).fill('');
    await form.getByRole('button', { name: 'Train' }).click();
    const why = page.getByRole('region', { name: 'Why these settings' });
    await why.getByText(/Outcome columns left out: .*approved/).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-leakage-left-out.png') });
    await page.getByRole('tab', { name: 'Data' }).click();
  });

  it('joins two datasets from the join dialog and shows the match report', async () => {
    await page.getByRole('button', { name: 'Join…' }).click();
    await page.getByLabel('Left (lender)').selectOption('lender');
    await page.getByLabel('Right (partner)').selectOption('partner');
    await page.getByLabel('Left key').selectOption('phone_hmac_sha256');
    await page.getByLabel('Right key').selectOption('phone_hmac_sha256');
    await page.getByLabel('Joined dataset name').fill('joint_inner');
    await page.getByRole('dialog').getByRole('button', { name: 'Join', exact: true }).click();
    await page.getByTestId('match-report').waitFor({ timeout: 30_000 });
    assert.match(await page.getByTestId('match-report').textContent() ?? '', /1,200 rows \(inner join/);
    await page.getByRole('button', { name: 'Done', exact: true }).click();
    await page.locator('.dataset', { hasText: 'joint_inner' }).waitFor();
  });

  it('changes a column role from the profile panel and deletes a dataset after confirming', async () => {
    await page.locator('.dataset', { hasText: 'joint_inner' }).click();
    if (await page.getByTestId('audit-panel').isVisible()) await page.getByRole('button', { name: 'Audit log' }).click();
    await page.getByTestId('data-grid').getByText('channel').click();
    const role = page.getByTestId('profile-panel').getByLabel('role of channel');
    await role.selectOption('exclude');
    await page.waitForFunction(() => (document.querySelector('select[aria-label="role of channel"]') as HTMLSelectElement | null)?.value === 'exclude');
    assert.match(await page.getByTestId('data-grid').getByText('channel').getAttribute('title') ?? '', /exclude/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-role-party.png') });
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Delete dataset' }).click();
    await page.locator('.dataset', { hasText: 'joint_inner' }).waitFor({ state: 'detached' });
    assert.deepEqual(await page.locator('.dataset .name').allTextContents(), ['lender', 'partner', 'joint']);
  });

  it('shows a change waiting behind another window\'s import, applied once that import is cancelled; and names the process when the CLI holds the workspace', async () => {
    // A file big enough that importing it takes a while (each import is cancelled once it has shown what it must).
    const big = path.join(dir, 'big.csv');
    const fd = fs.openSync(big, 'w');
    fs.writeSync(fd, 'id,a,b,c,d,e,f,g,h,label\n');
    for (let chunk = 0; chunk < 60; chunk++) {
      const lines: string[] = [];
      for (let i = chunk * 100_000; i < (chunk + 1) * 100_000; i++) lines.push(`${i},${i % 97},${(i * 7) % 13},${i % 5}.5,${i % 1000},${(i * 3) % 101},${i % 7},${i % 11},${i % 17},${i % 2}\n`);
      fs.writeSync(fd, lines.join(''));
    }
    fs.closeSync(fd);
    const ws = path.join(dir, 'busy.jsw');
    await page.goto(server.url);
    await page.getByLabel('Workspace file').fill(ws);
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.getByRole('button', { name: '+ Import' }).click();
    await page.getByLabel('Data file (CSV, TSV, Parquet, Excel .xlsx)').fill(path.join(SHARED_DATA, 'germancredit.csv'));
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.locator('.preview-grid table').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Imported 1,000 rows' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('data-grid').getByText('purpose').click();

    // A second window of the app imports the big file into the same workspace.
    const other = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await other.goto(server.url);
    await other.locator('ul.recent').getByRole('button', { name: 'busy', exact: true }).click();
    await other.getByRole('button', { name: '+ Import' }).click();
    await other.getByLabel('Data file (CSV, TSV, Parquet, Excel .xlsx)').fill(big);
    await other.getByRole('button', { name: 'Preview' }).click();
    await other.locator('.preview-grid table').waitFor();
    await other.getByRole('dialog').getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByTestId('job-bar').filter({ hasText: 'Importing' }).waitFor({ timeout: 30_000 });
    // This window's role change waits its turn, and says so.
    await page.getByTestId('profile-panel').getByLabel('role of purpose').selectOption('exclude');
    // It names what it waits for: the import (and any job queued before it, such as the other window's profile).
    await page.getByTestId('job-bar').filter({ hasText: 'Waiting' }).filter({ hasText: /after the (\w+ and )?import jobs?/ }).waitFor({ timeout: 20_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-write-queued.png') });
    await other.getByRole('dialog').getByRole('button', { name: 'Cancel', exact: true }).first().click();
    await page.waitForFunction(() => (document.querySelector('select[aria-label="role of purpose"]') as HTMLSelectElement | null)?.value === 'exclude', undefined, { timeout: 60_000 });
    await other.close();
    assert.deepEqual(await page.locator('.dataset .name').allTextContents(), ['germancredit'], 'the cancelled import wrote nothing');

    // Another process (the CLI) imports into the workspace: a change here is refused at once, naming it.
    const cli = spawn(process.execPath, [path.join(REPO, 'bin', 'jointscore.cjs'), 'import', big, '--workspace', ws, '--name', 'big_cli', '--json'], { env: { ...process.env, JOINTSCORE_SETTINGS_DIR: dir }, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => cli.on('exit', resolve));
    const started = Date.now();
    while (!readHolder(ws) && Date.now() - started < 30_000) await new Promise((r) => setTimeout(r, 50));
    assert.ok(readHolder(ws), 'the CLI import marked the workspace');
    const asked = Date.now();
    await page.getByTestId('profile-panel').getByLabel('role of purpose').selectOption('feature');
    const banner = page.getByRole('alert').filter({ hasText: 'is busy' });
    await banner.waitFor({ timeout: 10_000 });
    assert.ok(Date.now() - asked < 5_000, 'refused at once, not after waiting on the lock');
    assert.match(await banner.textContent() ?? '', /busy\.jsw is busy: an import job \(process \d+, since .* UTC\) is writing to it.*WORKSPACE_BUSY/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-workspace-busy.png') });
    // Ctrl-C stops the CLI's import: nothing written.
    cli.kill('SIGINT');
    assert.equal(await exited, 130);
  });

  it('raised no page errors and no CSP violations', () => {
    assert.deepEqual(problems, []);
  });
});
