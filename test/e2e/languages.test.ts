import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { tempDir } from '../helpers/temp';
import { ARTIFACTS, browserSession, skipWithoutChromium } from '../helpers/browser-mode';

/** Latin words a Chinese screen may keep: codes, file types and the terms modelers write in English. */
const ALLOWED = new Set(['Jointscore', 'jsw', 'WOE', 'IV', 'PSI', 'CSI', 'AUC', 'KS', 'OOT', 'RTA', 'ID', 'PDO', 'LR', 'MLP', 'sha256', 'csv', 'json', 'ln', 'CSV', 'TSV', 'Parquet', 'Excel', 'xlsx', 'UTF', 'GBK', 'GB', 'HMAC', 'SHA', 'MD5', 'IMEI', 'IDFA', 'OAID', 'CAID', 'TensorFlow', 'js', 'AIC', 'BIC', 'VIF', 'L2', 'Brier', 'Adam', 'tfjs', 'float64']);

/** Every English word in the visible text of the matched elements, skipping data (dataset and column names, values) marked by `skip`. */
async function englishWords(page: Page, scope: string, skip: string): Promise<string[]> {
  const words = await page.evaluate(([scopeSel, skipSel]) => {
    const out: string[] = [];
    for (const root of Array.from(document.querySelectorAll(scopeSel!))) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || (skipSel && el.closest(skipSel)) || el.closest('option, [hidden]') || el.getClientRects().length === 0) continue;
        out.push(...(n.textContent ?? '').match(/[A-Za-z]{2,}/g) ?? []);
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

  it('raised no page errors', () => assert.deepEqual(session.problems, []));
});
