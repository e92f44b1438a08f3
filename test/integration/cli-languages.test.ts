import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DESCRIBED_ACTIONS } from '../../i18n/describe-audit';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/temp';

describe('CLI: messages in the user\'s language, --json language-neutral', () => {
  const dir = tempDir();
  const missing = path.join(dir, 'no-such-file.csv');

  it('says the same error in English and in Chinese, with the same code and details in --json', async () => {
    const en = await runCli(['preview', missing, '--lang', 'en'], dir);
    const zh = await runCli(['preview', missing, '--lang', 'zh-CN'], dir);
    assert.deepEqual([en.code, zh.code], [1, 1]);
    assert.match(en.stderr, /^jointscore: error \[FILE_NOT_FOUND\]: /);
    assert.match(zh.stderr, /^jointscore: 错误 \[FILE_NOT_FOUND\]: 找不到文件。/);
    assert.match(zh.stderr, new RegExp(`文件 ${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const jsonEn = JSON.parse((await runCli(['preview', missing, '--json', '--lang', 'en'], dir)).stderr) as unknown;
    const jsonZh = JSON.parse((await runCli(['preview', missing, '--json', '--lang', 'zh-CN'], dir)).stderr) as unknown;
    assert.deepEqual(jsonZh, jsonEn, '--json carries codes and fields, not sentences of a language');
  });

  it('follows LANG when --lang is not given, and refuses a language it does not speak', async () => {
    const zh = await runCli(['preview', missing], dir, { LANG: 'zh_CN.UTF-8' });
    assert.match(zh.stderr, /错误 \[FILE_NOT_FOUND\]/);
    const usage = await runCli(['import', '--workspace', 'w.jsw', '--bogus', '1'], dir, { LANG: 'zh_CN.UTF-8' });
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /^jointscore: 用法错误：未知选项 --bogus\n\njointscore [\d.]+ — 联合信用风险建模工作台\n\n用法：/);
    const help = await runCli(['--help'], dir, { LANG: 'zh_CN.UTF-8' });
    assert.match(help.stdout, /\(浏览器模式：应用运行于 http:\/\/127\.0\.0\.1，每次启动一个令牌\)/);
    assert.match((await runCli(['--help'], dir)).stdout, /\(browser mode: the app on http:\/\/127\.0\.0\.1 with a per-run token\)/);
    const bad = await runCli(['preview', missing, '--lang', 'fr'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--lang takes en or zh-CN; got 'fr'/);
  });

  it('runs the README session in Chinese: every sentence, header and product word of the human output is Chinese', { timeout: 300_000 }, async () => {
    const env = { LANG: 'zh_CN.UTF-8' };
    const run = async (args: string[]) => {
      const r = await runCli(args, dir, env);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    };
    const demo = path.join(dir, 'demo');
    await run(['demo', 'generate', '--rows', '3000', '--seed', '3', '--out', demo]);
    await run(['secret', 'generate', path.join(demo, 'secret.txt')]);
    // The data's own words (column names, categories) and the names the session gives are data, not English.
    const dataWords = new Set(['lender', 'partner', 'joint', 'targeting', 'sample', 'phone_hmac_sha256', 'scorecard', 'lr', 'cpu', 'wasm', 'tensorflow']);
    for (const f of ['lender.csv', 'partner.csv']) for (const w of fs.readFileSync(path.join(demo, f), 'utf8').match(/[A-Za-z_][A-Za-z_0-9]*/g) ?? []) dataWords.add(w);
    const ALLOWED = new Set(['WOE', 'IV', 'KS', 'AUC', 'PSI', 'CSI', 'VIF', 'AIC', 'BIC', 'L2', 'MB', 'ID', 'EV', 'PDO', 'RTA', 'Brier', 'TensorFlow', 'js', 'sha256', 'hmac', 'HMAC', 'SHA', 'inf', 'csv', 'jointscore']);
    // Codes a person types or looks up (audit actions) are codes in any language.
    const codes = new Set(DESCRIBED_ACTIONS.flatMap((a) => a.split('.')));
    const strip = (text: string) => text.replace(/`[^`]*`/g, ' ').replace(/\S*[/\\]\S*|\S+\.(jsw|csv)\b/g, ' ').replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, ' ').replace(/\b[0-9a-f]{8,}\b/g, ' ').replace(/--[a-z-]+/g, ' ');
    const english = (text: string) => [...new Set(strip(text).match(/[A-Za-z]{2,}[A-Za-z_0-9]*/g) ?? [])]
      .filter((w) => !ALLOWED.has(w) && !dataWords.has(w) && !codes.has(w) && !/^(RC|ds|e)\d*$/.test(w));
    const ws = path.join(dir, 'zh.jsw');
    const said: string[] = [];
    for (const party of ['lender', 'partner']) {
      said.push(await run(['pseudonymize', path.join(demo, `${party}.csv`), '--key', 'phone', '--key-kind', 'phone', '--secret-file', path.join(demo, 'secret.txt'), ...(party === 'partner' ? ['--drop', 'device_id'] : []), '--out', path.join(demo, `${party}.h.csv`)]));
    }
    said.push(await run(['workspace', 'create', ws]));
    said.push(await run(['import', path.join(demo, 'lender.h.csv'), '--workspace', ws, '--name', 'lender']));
    said.push(await run(['import', path.join(demo, 'partner.h.csv'), '--workspace', ws, '--name', 'partner', '--party', 'partner']));
    said.push(await run(['join', '--workspace', ws, '--left', 'lender', '--right', 'partner', '--on', 'phone_hmac_sha256', '--how', 'left', '--name', 'joint']));
    said.push(await run(['split', '--workspace', ws, '--dataset', 'joint', '--target', 'applied', '--random', '0.7']));
    said.push(await run(['bin', '--workspace', ws, '--dataset', 'joint', '--target', 'applied']));
    said.push(await run(['select', '--workspace', ws, '--dataset', 'joint', '--target', 'applied']));
    said.push(await run(['train', '--workspace', ws, '--dataset', 'joint', '--target', 'applied', '--purpose', 'targeting', '--model', 'scorecard-lr', '--name', 'targeting']));
    said.push(await run(['models', '--workspace', ws]));
    said.push(await run(['scorecard', '--workspace', ws, '--model', 'targeting']));
    said.push(await run(['strategy', 'cutoffs', '--workspace', ws, '--scorecard', 'targeting']));
    said.push(await run(['pipeline', '--workspace', ws, '--dataset', 'joint', '--target', 'applied']));
    said.push(await run(['datasets', '--workspace', ws]));
    said.push(await run(['audit', 'list', '--workspace', ws]));
    said.push(await run(['audit', 'verify', '--workspace', ws]));
    const text = said.join('\n');
    const left = english(text);
    assert.deepEqual(left, [], `English left: ${left.join(', ')} in:\n${text.split('\n').filter((l) => left.some((w) => l.includes(w))).join('\n')}`);
    for (const words of ['已导入', '已关联为', '分箱', '入模变量', '训练集', '评分卡', '通过率', '审计日志完整']) assert.ok(text.includes(words), `${words} in the output`);
    // Tables line up in a terminal: Chinese characters take two columns.
    const models = said[9]!.split('\n');
    assert.equal(models[1]!.replace(/ +$/, '').length >= models[0]!.length, true);
  });
});
