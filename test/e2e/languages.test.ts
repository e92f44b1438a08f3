import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { tempDir } from '../helpers/temp';
import { ARTIFACTS, browserSession, skipWithoutChromium } from '../helpers/browser-mode';

/** Latin words a Chinese screen may keep: codes, file types and the terms modelers write in English. */
const ALLOWED = new Set(['Jointscore', 'jsw', 'WOE', 'IV', 'PSI', 'CSI', 'AUC', 'KS', 'OOT', 'RTA', 'ID', 'PDO', 'LR', 'MLP', 'sha256', 'csv', 'json', 'ln', 'CSV', 'TSV', 'Parquet', 'Excel', 'xlsx', 'UTF', 'GBK', 'GB', 'HMAC', 'SHA', 'MD5', 'IMEI', 'IDFA', 'OAID', 'CAID', 'TensorFlow', 'js', 'AIC', 'BIC', 'VIF', 'L2', 'Brier', 'Adam', 'tfjs', 'float64', 'float', 'JSON', 'Schema', 'PMML', 'SQL', 'ANSI', 'Hive', 'Spark', 'zip', 'HTTP', 'SHAP']);

/** Every English word in the visible text of the matched elements, skipping data (dataset and column names, values) marked by `skip`. */
async function englishWords(page: Page, scope: string, skip: string): Promise<string[]> {
  const words = await page.evaluate(([scopeSel, skipSel]) => {
    const out: string[] = [];
    for (const root of Array.from(document.querySelectorAll(scopeSel!))) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || (skipSel && el.closest(skipSel)) || el.closest('option, [hidden]') || el.getClientRects().length === 0) continue;
        // File names are names; a run with digits in it (a hash, a key id) is a code.
        const text = (n.textContent ?? '').replace(/[\w-]+\.(json|mjs|html|pmml|sql|csv|jsw|zip)\b/g, ' ');
        out.push(...(text.match(/[A-Za-z0-9]+/g) ?? []).filter((w) => !/\d/.test(w) && w.length >= 2));
      }
    }
    return out;
  }, [scope, skip] as const);
  return [...new Set(words)].filter((w) => !ALLOWED.has(w));
}

describe('the app in Simplified Chinese and English (Playwright + Chromium)', { skip: skipWithoutChromium }, () => {
  const dir = tempDir();
  const session = browserSession(dir, { width: 1280, height: 800 });
  let page: Page;
  before(() => { page = session.page; });

  it('starts in the system language, switches in place keeping what was typed, and remembers the choice', async () => {
    await page.goto(`${session.url}?lang=zh-CN`);
    await page.getByRole('heading', { name: '联合建模工作台' }).waitFor();
    await page.getByLabel('工作区文件').fill(path.join(dir, 'typed.jsw'));
    await page.screenshot({ path: path.join(ARTIFACTS, 'lang-zh-start-1280.png') });
    assert.deepEqual(await englishWords(page, '.topbar, main.start', '.crumb'), [], 'no English left on the start page');
    await page.getByLabel('语言').selectOption('en');
    await page.getByRole('heading', { name: 'Joint modeling workbench' }).waitFor();
    assert.equal(await page.getByLabel('Workspace file').inputValue(), path.join(dir, 'typed.jsw'), 'the switch keeps the form');
    await page.getByLabel('Language').selectOption('zh-CN');
    await page.reload();
    await page.getByRole('heading', { name: '联合建模工作台' }).waitFor();
  });

  it('runs the sample session in Chinese: the workspace, the data grid and a column profile', async () => {
    await page.getByLabel('示例人数').fill('2000');
    await page.getByRole('button', { name: '打开示例会话' }).click();
    await page.getByRole('heading', { name: '数据集' }).waitFor({ timeout: 120_000 });
    await page.getByTestId('data-grid').waitFor();
    const grid = page.getByTestId('data-grid');
    await grid.locator('.head-name').nth(2).click();
    await page.getByTestId('profile-panel').locator('dt').first().waitFor();
    const panel = page.getByTestId('profile-panel');
    await panel.locator('[data-testid="chart-distribution"] .main-svg').first().waitFor({ timeout: 30_000 });
    await panel.locator('[data-testid="chart-target"] .main-svg').first().waitFor({ timeout: 30_000 });
    assert.match(await panel.locator('[data-testid="chart-target"]').textContent() ?? '', /比率/, 'the chart speaks Chinese too');
    for (const [w, h] of [[1280, 800], [1920, 1080]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.screenshot({ path: path.join(ARTIFACTS, `lang-zh-workspace-${w}.png`) });
    }
    const data = '.dataset .name, .crumb, .ds-info, .toolbar > strong, [data-testid="data-grid"] .grid-layer, .profile h2, .profile td, .profile .chart, .pipeline-bar';
    assert.deepEqual(await englishWords(page, '.topbar, .sidebar, .main > .toolbar, .grid-filter, .profile dl, .profile thead, .profile > .muted', data), []);
    assert.match(await page.getByTestId('grid-count').textContent() ?? '', /行/);
    await page.getByLabel('语言').selectOption('en');
    await page.getByRole('heading', { name: 'Datasets' }).waitFor();
    assert.match(await page.getByTestId('grid-count').textContent() ?? '', /rows/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'lang-en-workspace-1920.png') });
  });

  it('bins, designs samples and lists the model forms in Chinese, naming every control in Chinese', async () => {
    await page.locator('select.lang-switch').selectOption('zh-CN');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('tab', { name: '分箱' }).click();
    await page.getByRole('button', { name: '变量分箱' }).click();
    await page.getByRole('button', { name: '按 70/30 划分，再在训练集上分箱' }).click();
    await page.getByRole('table', { name: '分箱表' }).waitFor({ timeout: 120_000 });
    await page.locator('[data-testid="chart-binning"] .main-svg').first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'lang-zh-binning-1280.png') });
    const data = '.iv-ranking tbody, .bin-label, .bin-editor > .row > strong, .chart, .pipeline-bar, .progress, .notice';
    // The dataset and the target are named by the data ('joint', 'bad'): names, not English.
    assert.deepEqual((await englishWords(page, '.binning-view', data)).filter((w) => !['joint', 'bad'].includes(w)), []);
    // The audit log says what changed in Chinese too: the sentences are made from the entries' codes and parameters.
    await page.getByRole('tab', { name: '数据' }).click();
    await page.getByRole('button', { name: '审计日志' }).click();
    const audit = page.getByTestId('audit-panel');
    await audit.getByText('✔ 哈希链完整', { exact: false }).waitFor();
    const summaries = (await audit.locator('tbody td:nth-child(3)').allTextContents()).join('\n');
    for (const words of ['创建工作区', '去标识化', '导入', '关联', '划分样本', '分箱']) assert.ok(summaries.includes(words), `${words} in: ${summaries}`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'lang-zh-audit-1280.png') });
    await page.getByRole('button', { name: '审计日志' }).click();
    await page.getByRole('tab', { name: '模型' }).click();
    await page.getByRole('region', { name: '训练模型' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'lang-zh-models-1280.png') });
    assert.deepEqual((await englishWords(page, '.models-side', 'td, .backend strong, input, .selection-steps')).filter((w) => !['joint', 'bad'].includes(w)), []);
  });

  /** Screenshots of the screen at both sizes, back at the laptop size. */
  const shots = async (name: string) => {
    for (const [w, h] of [[1920, 1080], [1280, 800]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.waitForTimeout(400); // the charts redraw at the new width
      await page.screenshot({ path: path.join(ARTIFACTS, `lang-zh-${name}-${w}.png`), fullPage: true });
    }
  };
  /** The data the session's screens show: names of datasets, columns, models, samples' values, numbers in tables and charts. */
  const DATA = 'td, .bin-label, .chart, .pipeline-bar, code, input, [data-testid="model-backend"], [data-testid="selected-features"], [data-testid="score-range"], .curve-tabs, .notice, .progress';
  const NAMES = new Set(['joint', 'bad', 'scorecard', 'lr', 'ROC', 'wasm', 'cpu', 'tensorflow']);
  /** The sample session's lender and partner files (pseudonymized) joined on their key, as CSV text. */
  const joinedRows = () => {
    const read = (name: string) => {
      const f = fs.readdirSync(dir, { recursive: true }).map(String).find((x) => x.endsWith(name));
      assert.ok(f, `the sample session kept ${name}`);
      return fs.readFileSync(path.join(dir, f), 'utf8').trim().split('\n').map((l) => l.split(','));
    };
    const [lh, ...lender] = read('lender.pseudonymized.csv');
    const [ph, ...partner] = read('partner.pseudonymized.csv');
    const byKey = new Map(partner.map((r) => [r[0], r.slice(1)]));
    return [[...lh!, ...ph!.slice(1)], ...lender.filter((r) => byKey.has(r[0])).map((r) => [...r, ...byKey.get(r[0])!])].map((r) => r.join(',')).join('\n');
  };
  /** The column names of the session's files are data wherever a sentence lists them. */
  const addColumnNames = () => {
    for (const f of fs.readdirSync(dir, { recursive: true }).map(String).filter((x) => x.endsWith('.pseudonymized.csv'))) {
      for (const w of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')[0]!.match(/[A-Za-z]+/g) ?? []) NAMES.add(w);
    }
  };

  it('selects, trains, explains, scores and exports in Chinese: every screen after training has no English sentence left', { timeout: 600_000 }, async () => {
    addColumnNames();
    await page.getByRole('tab', { name: '模型' }).click();
    const selection = page.getByRole('region', { name: '变量筛选' });
    await selection.getByRole('button', { name: '筛选', exact: true }).click();
    await selection.getByRole('table', { name: '筛选步骤' }).waitFor({ timeout: 120_000 });
    const form = page.getByRole('region', { name: '训练模型' });
    await form.getByRole('button', { name: '训练', exact: true }).click();
    await page.getByRole('region', { name: '为何如此设置' }).waitFor({ timeout: 120_000 });
    await page.getByRole('table', { name: '十分位' }).waitFor({ timeout: 120_000 });
    await shots('model');
    assert.deepEqual((await englishWords(page, '.models-view, .model-report', DATA)).filter((w) => !NAMES.has(w)), [], 'the model report');
    // Reasons the core gave (selection steps, cross-validation) read as Chinese sentences.
    const reasons = (await page.locator('.selection-steps td.reason, .why-settings td.reason, .why-settings li').allTextContents()).join('\n');
    assert.doesNotMatch(reasons.replace(/\b(IV|CSI|VIF|AIC|BIC|L2|AUC)\b/g, ''), /\b(held|fold|rows|correlation|without|excluded|variable)\b/, reasons);

    const card = page.getByRole('region', { name: '评分卡' });
    await card.getByRole('button', { name: '生成评分卡' }).click();
    await card.getByRole('table', { name: '评分卡分值' }).waitFor({ timeout: 60_000 });
    await card.getByRole('table', { name: '切分点表' }).locator('tbody tr').nth(3).click();
    await card.getByRole('button', { name: '生成切分点策略' }).click();
    await card.getByTestId('cutoff-strategy').waitFor();
    await card.scrollIntoViewIfNeeded();
    await shots('scorecard');
    const missing = await card.getByRole('table', { name: '评分卡分值' }).locator('td').allTextContents();
    assert.ok(!missing.includes('Missing') && !missing.some((x) => /^Special /.test(x)), 'bins without a value are named in Chinese');
    assert.deepEqual((await englishWords(page, '.scorecard-panel', DATA)).filter((w) => !NAMES.has(w)), [], 'the scorecard');

    await card.getByRole('button', { name: '导出部署包…' }).click();
    const dialog = page.getByRole('dialog', { name: '导出部署包' });
    await dialog.getByLabel('部署包文件夹').fill(path.join(dir, 'zh-bundle'));
    // A 2,000-person sample has few drawn-down rows: the privacy floor per bin is lowered, as a modeler may.
    await dialog.getByLabel('每箱最少训练样本数').fill('5');
    await dialog.getByRole('button', { name: '导出', exact: true }).click();
    await dialog.getByRole('table', { name: '部署包文件' }).waitFor({ timeout: 60_000 }).catch(async (e: unknown) => { await page.screenshot({ path: path.join(ARTIFACTS, 'lang-zh-export-failed.png') }); throw e; });
    const rows = path.join(dir, 'zh-rows.csv');
    // The rows to score: the session's two pseudonymized files joined on the key, as the RTA service sees them.
    fs.writeFileSync(rows, joinedRows());
    await dialog.getByLabel('待打分的 CSV').fill(rows);
    await dialog.getByRole('button', { name: '打分', exact: true }).click();
    await dialog.getByRole('table', { name: '打分结果' }).waitFor({ timeout: 60_000 }).catch(async (e: unknown) => { await page.screenshot({ path: path.join(ARTIFACTS, 'lang-zh-export-failed.png') }); throw e; });
    await shots('export');
    assert.deepEqual((await englishWords(page, '[role="dialog"]', DATA)).filter((w) => !NAMES.has(w)), [], 'the export dialog');
    const report = fs.readFileSync(path.join(dir, 'zh-bundle', 'report.html'), 'utf8');
    assert.match(report, /<html lang="zh-CN">/, 'the report is written in the app\'s language');
    await page.keyboard.press('Escape');

    await page.getByRole('tab', { name: '策略' }).click();
    await page.locator('.strategy-view').waitFor();
    await shots('strategy');
    assert.deepEqual((await englishWords(page, '.strategy-view', DATA)).filter((w) => !NAMES.has(w)), [], 'the strategy tab');

    await page.getByRole('tab', { name: '漏斗' }).click();
    await page.locator('.funnel-view').getByRole('button', { name: '显示漏斗' }).click();
    await page.locator('.funnel-view table').first().waitFor({ timeout: 60_000 });
    await shots('funnel');
    assert.deepEqual((await englishWords(page, '.funnel-view', DATA)).filter((w) => !NAMES.has(w)), [], 'the funnel tab');

    // The pipeline bar's tooltips: what each step holds, in Chinese.
    const titles = await page.locator('.pipeline-bar button').evaluateAll((els) => els.map((e) => e.getAttribute('title') ?? ''));
    assert.ok(titles.some((x) => x.includes('训练集')), titles.join('\n'));
    for (const x of titles) assert.doesNotMatch(x.replace(/\b(AUC|RTA|IV|PSI)\b|'[^']*'|「[^」]*」|\S*[/\\]\S*|\(scorecard-lr\)|（scorecard-lr）|（mlp）/g, ''), /[A-Za-z]{3,}/, x);
  });

  it('opens every dialog of the workspace in Chinese: pseudonymize, import (with a file previewed), join and the match report', async () => {
    await page.getByRole('tab', { name: '数据' }).click();
    const dialogs: [string, (d: Locator) => Promise<void>][] = [
      ['去标识化…', async () => {}],
      ['+ 导入', async (d) => {
        const file = fs.readdirSync(dir, { recursive: true }).map(String).find((x) => x.endsWith('lender.pseudonymized.csv'))!;
        await d.getByRole('textbox').first().fill(path.join(dir, file));
        await d.getByRole('button', { name: '预览' }).click();
        await d.locator('.preview-grid table').waitFor();
      }],
      ['关联…', async () => {}],
      ['匹配报告', async () => {}],
    ];
    for (const [button, fill] of dialogs) {
      await page.getByRole('button', { name: button, exact: true }).click();
      const d = page.getByRole('dialog');
      await d.waitFor();
      await fill(d);
      await page.screenshot({ path: path.join(ARTIFACTS, `lang-zh-dialog-${dialogs.findIndex((x) => x[0] === button)}-1280.png`) });
      const words = (await englishWords(page, '[role="dialog"]', `${DATA}, .preview-grid, select, .match-months`)).filter((w) => !NAMES.has(w));
      assert.deepEqual(words, [], `the ${button} dialog`);
      await page.keyboard.press('Escape');
      if (await d.count()) await d.getByRole('button', { name: /✕|取消|关闭/ }).first().click();
      await d.waitFor({ state: 'detached' });
    }
  });

  it('raised no page errors', () => assert.deepEqual(session.problems, []));
});
