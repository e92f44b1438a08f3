import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { tempDir } from '../helpers/temp';
import { ARTIFACTS, browserSession, skipWithoutChromium } from '../helpers/browser-mode';
import { monitorSession, type MonitorSession } from '../helpers/monitor-session';

describe('the Monitoring tab: a bundle watched month by month on a later dataset (Playwright + Chromium)', { skip: skipWithoutChromium }, () => {
  const dir = tempDir();
  const session = browserSession(dir, { width: 1280, height: 800 });
  let page: Page;
  let s: MonitorSession;
  before(async () => {
    page = session.page;
    s = await monitorSession(dir, 8000);
  });

  const shot = async (name: string) => {
    for (const [w, h] of [[1280, 800], [1920, 1080]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.screenshot({ path: path.join(ARTIFACTS, `monitoring-${name}-${w}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  };

  it('runs from the workspace\'s exported bundle, lights the shifted months, saves thresholds that change the lights, and says it in Chinese', { timeout: 180_000 }, async () => {
    await page.goto(`${session.url}?lang=en`);
    await page.getByLabel('Existing workspace').fill(s.ws);
    await page.getByLabel('Existing workspace').press('Enter');
    await page.locator('.dataset .name', { hasText: /^joint2$/ }).click();
    await page.getByRole('tab', { name: 'Monitoring' }).click();
    await page.locator('.pipeline-bar').first().waitFor();
    const bar = await page.locator('.pipeline-bar').first().boundingBox();
    assert.ok(bar && bar.height >= 20, `the pipeline bar keeps its height above the monitoring view: ${JSON.stringify(bar)}`);
    // The bundle exported from this workspace and the time column are chosen already; the outcome is picked.
    assert.match(await page.getByLabel('Bundle').locator('option:checked').textContent() ?? '', /^bundle \(model \d+/);
    assert.equal(await page.getByLabel('Time column').inputValue(), 'exposure_month');
    // The six funnel stages found in funnel order (the file has them in another), by channel.
    assert.equal(await page.getByLabel('Funnel stages').inputValue(), 'reached, applied, prescreen_passed, approved, drew_down, repurchased');
    assert.equal(await page.getByLabel('By', { exact: true }).inputValue(), 'channel');
    await page.getByLabel('Outcome', { exact: true }).selectOption('applied');
    await page.getByRole('button', { name: 'Monitor', exact: true }).click();
    const result = page.getByTestId('monitor-result');
    await result.or(page.getByRole('alert')).first().waitFor({ timeout: 60_000 }).catch(async (e: unknown) => { await page.screenshot({ path: '/tmp/fail.png' }); console.log(session.problems); throw e; });
    assert.equal(await page.getByRole('alert').count(), 0, `no error: ${await page.getByRole('alert').allTextContents()}`);
    const alerts = page.getByRole('list', { name: 'Alerts' });
    for (const [column, months] of s.drifted) for (const m of months) await alerts.getByText(new RegExp(`^${m} · targeting · CSI ${column} `)).first().waitFor();
    await page.getByTestId('chart-monitor-stability').locator('.main-svg').first().waitFor();
    await page.getByTestId('chart-monitor-vintage').locator('.main-svg').first().waitFor();
    const funnelTable = page.getByRole('table', { name: 'Conversion from the stage before, all rows' });
    await funnelTable.waitFor();
    assert.equal(await funnelTable.locator('tbody tr').count(), 12);
    await page.getByRole('table', { name: 'Conversion where channel is super_app' }).waitFor();
    await page.getByTestId('chart-monitor-funnel').locator('.main-svg').first().waitFor();
    const report = await page.getByTestId('monitor-report').textContent();
    assert.ok(report && fs.existsSync(report), `the HTML report is written: ${report}`);
    await shot('1-result');

    // Thresholds above every figure: saved with the workspace, and the next run has no alert.
    await page.locator('summary', { hasText: 'Thresholds' }).click();
    for (const [label, value] of [['CSI amber', '50'], ['CSI red', '60'], ['PSI amber', '50'], ['PSI red', '60'], ['AUC drop amber', '0.5'], ['AUC drop red', '0.6']] as const) await page.getByLabel(label, { exact: true }).fill(value);
    await page.getByLabel('Funnel bands (STAGE=LOWER:UPPER, comma-separated)').fill('reached=0.9:0.3');
    await page.getByRole('button', { name: 'Save thresholds' }).click();
    await page.getByRole('alert').filter({ hasText: 'funnelBands' }).waitFor();
    await page.getByLabel('Funnel bands (STAGE=LOWER:UPPER, comma-separated)').fill('reached=0:1, applied=0:1, prescreen_passed=0:1, approved=0:1, drew_down=0:1, repurchased=0:1');
    await page.getByRole('button', { name: 'Save thresholds' }).click();
    await page.getByText('saved with the workspace').waitFor();
    await page.getByRole('button', { name: 'Monitor', exact: true }).click();
    await page.getByText('No alerts: every period is within its thresholds.').waitFor({ timeout: 60_000 });
    await shot('2-thresholds');

    // Champion against challenger from a decision log and an outcomes file (as rta serve --challenger --log-sample 1 writes it).
    const log = path.join(dir, 'decisions.jsonl'), outcomes = path.join(dir, 'outcomes.csv');
    const users = Array.from({ length: 200 }, (_, k) => ({ user: `u${k}`, model: k % 5 === 0 ? 'challenger' : 'champion', bid: k % 3 !== 0 }));
    fs.writeFileSync(log, users.map((u) => JSON.stringify({ ts: 't', level: 'info', event: 'request', outcome: u.bid ? 'bid' : 'no_bid', bid: u.bid, model: u.model, user: u.user })).join('\n') + '\n');
    fs.writeFileSync(outcomes, `user,responded\n${users.map((u, k) => `${u.user},${k % 4 === 0 ? 1 : 0}`).join('\n')}\n`);
    await page.locator('summary', { hasText: 'Champion against challenger' }).click();
    await page.getByLabel('Decision log (JSON lines)').fill(log);
    await page.getByLabel('Outcomes per user (CSV)').fill(outcomes);
    await page.getByLabel('Response column').fill('responded');
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    const compared = page.getByRole('table', { name: 'Champion against challenger' });
    await compared.waitFor({ timeout: 30_000 });
    const champ = users.filter((u) => u.model === 'champion');
    assert.deepEqual((await compared.locator('tbody tr').first().locator('td').allTextContents()).slice(0, 2), ['champion', String(champ.length)]);
    await shot('2b-compare');

    // Reopened later (and in Chinese): the last run is shown, with the saved thresholds.
    await page.goto(`${session.url}?lang=zh-CN`);
    await page.locator('ul.recent').getByRole('button', { name: 'ws', exact: true }).click();
    await page.locator('.dataset .name', { hasText: /^joint2$/ }).click();
    await page.getByRole('tab', { name: '监控' }).click();
    await page.getByText('无预警：各期均在阈值之内。').waitFor({ timeout: 30_000 });
    assert.equal(await page.getByLabel('结果列').inputValue(), 'applied', 'the form as the last run had it');
    await page.getByTestId('chart-monitor-vintage').locator('.main-svg').first().waitFor();
    await shot('3-zh');
    assert.deepEqual(session.problems, []);
  });
});
