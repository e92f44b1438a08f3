import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { json, runCli } from '../helpers/cli';
import { tempDir } from '../helpers/temp';
import { browserSession, screenshotsAtBothSizes, skipWithoutChromium } from '../helpers/browser-mode';

describe('the Offers tab: uplift of a randomized campaign, tiers and the offer per customer (Playwright + Chromium)', { skip: skipWithoutChromium }, () => {
  const dir = tempDir();
  const session = browserSession(dir, { width: 1280, height: 800 });
  const ws = path.join(dir, 'offers.jsw');

  before(async () => {
    const cli = async (...args: string[]) => json(await runCli([...args, '--json'], dir));
    await cli('demo', 'campaign', '--rows', '30000', '--seed', '2', '--out', path.join(dir, 'c'));
    await cli('workspace', 'create', ws);
    await cli('import', path.join(dir, 'c', 'customers.csv'), '--workspace', ws, '--name', 'campaign');
    await cli('split', '--workspace', ws, '--dataset', 'campaign', '--random', '0.7', '--seed', '1', '--target', 'responded');
  });

  const shot = screenshotsAtBothSizes(session, 'offers');

  it('finds the response, offer and value columns, models the uplift, shows Qini, deciles, tiers and offers; a leaking input is refused by name; in Chinese too', { timeout: 240_000 }, async () => {
    const page = session.page;
    await page.goto(`${session.url}?lang=en`);
    await page.getByLabel('Existing workspace').fill(ws);
    await page.getByLabel('Existing workspace').press('Enter');
    await page.locator('.dataset .name', { hasText: /^campaign$/ }).click();
    await page.getByRole('tab', { name: 'Offers' }).click();
    const form = page.getByRole('region', { name: 'Uplift model' });
    assert.equal(await form.getByLabel('Response', { exact: true }).inputValue(), 'responded');
    assert.equal(await form.getByLabel('Offer column').inputValue(), 'offer');
    assert.equal(await form.getByLabel('Value of a response').inputValue(), 'value');
    // The channel is empty for the control group: as an input it would tell treated from control.
    await form.getByLabel('Inputs (empty: every feature)').fill('tenure_months, utilization, app_logins_30d, channel');
    await form.getByRole('button', { name: 'Model the uplift' }).click();
    await page.getByRole('alert').filter({ hasText: /channel/ }).waitFor({ timeout: 60_000 });
    await shot('0-leak');
    await page.getByRole('alert').getByRole('button').first().click().catch(() => undefined);
    await form.getByLabel('Inputs (empty: every feature)').fill('tenure_months, current_line, utilization, last_draw_days, app_logins_30d, age_band');
    await form.getByLabel('Take-up cost per offer').fill('line_increase=10, coupon=30, price_cut=60');
    await form.getByLabel('Contact cost per channel').fill('app=0.1, sms=0.05, call=2');
    await form.getByRole('button', { name: 'Model the uplift' }).click();
    const result = page.getByTestId('uplift-result');
    await result.waitFor({ timeout: 120_000 });
    assert.equal(await page.getByRole('alert').count(), 0, `no error: ${await page.getByRole('alert').allTextContents()}`);
    const arms = page.getByRole('table', { name: 'Arms' });
    assert.deepEqual(await arms.locator('tbody tr td:first-child').allTextContents(), ['coupon', 'line_increase', 'price_cut']);
    await page.getByTestId('chart-qini').locator('.main-svg').first().waitFor({ timeout: 30_000 });
    await page.getByTestId('chart-uplift-deciles').locator('.main-svg').first().waitFor();
    const tiers = page.getByRole('table', { name: 'Tiers' });
    assert.deepEqual(await tiers.locator('tbody tr td:first-child').allTextContents(), ['persuadables', 'sure things', 'lost causes', 'do-not-disturbs']);
    await page.getByRole('table', { name: 'Recommended offer per customer' }).waitFor();
    assert.equal(await page.getByRole('region', { name: 'Uplift models of this dataset' }).locator('tbody tr').count(), 1);
    await shot('1-result');
    await tiers.scrollIntoViewIfNeeded();
    await shot('2-tiers');
    const exportCard = page.getByRole('region', { name: 'Export the offers' });
    await exportCard.getByLabel('New folder for the offers').fill(path.join(dir, 'ui-offers'));
    await exportCard.getByRole('button', { name: 'Export' }).click();
    await exportCard.getByTestId('offers-exported').waitFor({ timeout: 30_000 });
    assert.ok(fs.existsSync(path.join(dir, 'ui-offers', 'offers.mjs')));
    assert.deepEqual(session.problems, []);

    await page.goto(`${session.url}?lang=zh-CN`);
    await page.getByLabel('已有工作区').fill(ws).catch(async () => { await page.locator('input').first().fill(ws); });
    await page.keyboard.press('Enter');
    await page.locator('.dataset .name', { hasText: /^campaign$/ }).click();
    await page.getByRole('tab', { name: '权益' }).click();
    await page.getByRole('region', { name: '本数据集的增益模型' }).locator('tbody tr').first().click();
    await page.getByRole('table', { name: '客群分层' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('chart-qini').locator('.main-svg').first().waitFor({ timeout: 30_000 });
    await page.getByTestId('chart-uplift-deciles').locator('.main-svg').first().waitFor();
    await shot('3-zh');
  });
});
