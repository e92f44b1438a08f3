import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tempDir } from '../helpers/temp';
import { browserSession, screenshotsAtBothSizes, skipWithoutChromium } from '../helpers/browser-mode';

describe('reject inference in the Models tab, from a fresh sample session (Playwright + Chromium)', { skip: skipWithoutChromium }, () => {
  const dir = tempDir();
  const session = browserSession(dir, { width: 1280, height: 800 });

  const shot = screenshotsAtBothSizes(session, 'reject-inference');

  it('splits, bins, trains the known-good-bad scorecard on drew_down=1, infers the rejects with the bureau outcomes and shows the report, in English and Chinese', { timeout: 300_000 }, async () => {
    const page = session.page;
    await page.goto(`${session.url}?lang=en`);
    await page.getByLabel('Sample people').fill('20000');
    await page.getByRole('button', { name: 'Open sample session' }).click();
    await page.locator('.dataset', { hasText: 'joint' }).waitFor({ timeout: 120_000 });
    await page.locator('.dataset .name', { hasText: /^joint$/ }).click();
    assert.equal(await page.getByLabel('Target').inputValue(), 'bad');
    await page.getByRole('tab', { name: 'Models' }).click();
    const samples = page.getByRole('region', { name: 'Sample design' });
    await samples.getByRole('button', { name: 'Split' }).click();
    await samples.locator('td', { hasText: /^test$/ }).waitFor({ timeout: 30_000 });
    await page.getByRole('tab', { name: 'Binning' }).click();
    await page.getByRole('button', { name: 'Bin variables' }).click();
    await page.getByRole('table', { name: 'IV ranking' }).or(page.locator('.iv-ranking')).first().waitFor({ timeout: 120_000 });
    await page.getByRole('tab', { name: 'Models' }).click();
    const form = page.getByRole('region', { name: 'Train a model' });
    await form.getByLabel('Purpose').selectOption('credit');
    await form.getByLabel('Population').fill('drew_down=1');
    await form.getByRole('button', { name: 'Train' }).click();
    await page.getByRole('table', { name: 'Coefficients' }).waitFor({ timeout: 120_000 });

    const panel = page.getByRole('region', { name: 'Reject inference' });
    await panel.waitFor();
    // The through-the-door population and the bureau's outcomes are found in the data.
    assert.equal(await panel.getByLabel('Through-the-door population').inputValue(), 'applied=1');
    assert.equal(await panel.getByLabel('Measure the factor on outcomes observed elsewhere').inputValue(), 'bureau_bad');
    await panel.scrollIntoViewIfNeeded();
    await shot('1-form');
    await panel.getByRole('button', { name: 'Infer and refit' }).click();
    // The inferred model is selected as soon as it is stored (the form's model gives way to it), its report open.
    const report = page.getByRole('region', { name: 'Reject inference' }).filter({ has: page.getByRole('heading', { name: 'Reject inference: how this model was inferred' }) });
    await report.or(page.getByRole('alert')).first().waitFor({ timeout: 120_000 });
    assert.equal(await page.getByRole('alert').count(), 0, `no error: ${await page.getByRole('alert').allTextContents()}`);
    assert.match(await page.locator('.model-report header h3').textContent() ?? '', /inferred \(fuzzy\)$/);
    const calibrated = await report.getByTestId('ri-calibration').textContent() ?? '';
    const factor = Number(/so ([\d.]+) \(95%/.exec(calibrated)?.[1]);
    assert.ok(factor > 1, `the factor measured on bureau_bad: ${calibrated}`);
    const shift = report.getByRole('table', { name: 'Predicted bad rate by model' });
    const unlabelled = await shift.locator('tr', { hasText: 'Without an outcome' }).locator('td').allTextContents();
    assert.ok(parseFloat(unlabelled[3]!) > parseFloat(unlabelled[2]!), `the inferred model predicts the rows without an outcome worse: ${unlabelled.join(' | ')}`);
    await report.getByTestId('chart-reject-inference').locator('.main-svg').first().waitFor({ timeout: 30_000 });
    assert.ok(await report.getByRole('table', { name: 'Bad rate by band of the inferred score' }).locator('tbody tr').count() >= 5);
    await report.scrollIntoViewIfNeeded();
    await shot('2-report');
    assert.deepEqual(session.problems, []);

    // The same report in Chinese.
    await page.goto(`${session.url}?lang=zh-CN`);
    await page.locator('.recent button, .recent a').first().click().catch(() => undefined);
    await page.locator('.dataset .name', { hasText: /^joint$/ }).click({ timeout: 30_000 });
    await page.getByRole('tab', { name: '模型' }).click();
    await page.locator('tr', { hasText: 'scorecard-lr | applied=1' }).first().click();
    const zh = page.getByRole('region', { name: '拒绝推断' }).filter({ has: page.getByRole('heading', { name: '拒绝推断：本模型如何推断得来' }) });
    await zh.waitFor({ timeout: 30_000 });
    await zh.getByRole('table', { name: '各模型的预测坏率' }).waitFor();
    await zh.scrollIntoViewIfNeeded();
    await shot('3-zh');
  });
});
