import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
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
    const bad = await runCli(['preview', missing, '--lang', 'fr'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--lang takes en or zh-CN; got 'fr'/);
  });
});
