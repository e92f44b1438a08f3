import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IntlMessageFormat } from 'intl-messageformat';
import { GLOSSARY } from '../../../i18n/glossary';
import { LOCALES, pickLocale } from '../../../i18n/locales';
import { phraseError, phraseErrorDetails } from '../../../i18n/phrase-error';
import { catalogKeys, catalogText, translator } from '../../../i18n/translate';
import { progressText } from '../../../renderer/i18n/progress-text';

/** What a translation may keep in Latin letters: its arguments, codes and the terms modelers write in English. */
const ALLOWED = /\b(WOE|IV|PSI|CSI|AUC|KS|ID|RTA|OOT|PDO|LR|MLP|GBDT|HMAC|SHA|SHA256|MD5|IMEI|IDFA|OAID|CAID|SQL|PMML|sha256|Jointscore|jsw|csv|json|txt|key|xlsx|ln|CSV|TSV|JSON|Parquet|Excel|UTF|GBK|GB|Ctrl|Shift|Esc|Enter|TensorFlow|js|AIC|BIC|VIF|L1|L2|Brier|Adam|tfjs|float64|Schema|ANSI|Hive|Spark|zip|HTTP|URL|BOM|Windows|Excel|MB|KB|EV|SHAP|TreeSHAP|Qini)\b/g;
/** Command lines (`jointscore bin`, `rta serve … --trust KEY`) are typed as written, in any language. */
const commands = (text: string) => text.replace(/`[^`]*`/g, '').replace(/jointscore [a-z -]+(…)?( --[a-z-]+)*/g, '')
  // flags, paths and URLs, environment variables and HTTP verbs, placeholders, the terminal's streams and interval ends
  .replace(/--[a-z-]+|\S*\/\S*|\b[A-Z][A-Z_]+\b|<\w+>\w*|\b(rta serve|protobuf|stdout|stderr|inf|ck|zh|en)\b/g, '');
const untranslatable = (text: string) => commands(text.replace(/\{[^{}]*(\{[^{}]*\}[^{}]*)*\}/g, '')).replace(/[\w-]+\.(json|mjs|html|pmml|sql|csv|jsw|zip|key|txt|xlsx)\b/g, '').replace(ALLOWED, '');

const argumentsOf = (text: string): string[] => [...text.matchAll(/\{(\w+)/g)].map((m) => m[1]!).sort();

describe('language catalogues', () => {
  it('hold the same keys in every language, each a valid ICU message with the same arguments as the English one', () => {
    const en = catalogKeys('en').sort();
    for (const locale of LOCALES) {
      assert.deepEqual(catalogKeys(locale).sort(), en, `${locale} has exactly the English keys`);
      for (const key of en) {
        const text = catalogText(locale, key);
        assert.doesNotThrow(() => new IntlMessageFormat(text, locale, undefined, { ignoreTag: true }), `${locale} ${key} parses`);
        assert.deepEqual([...new Set(argumentsOf(text))], [...new Set(argumentsOf(catalogText('en', key)))], `${locale} ${key} takes the English arguments`);
        if (locale !== 'en') assert.doesNotMatch(untranslatable(text), /[A-Za-z]{2,}/, `${locale} ${key} has no English word left: ${text}`);
      }
    }
  });

  it('count with plurals and format numbers, shares and dates the way each language writes them', () => {
    const en = translator('en'), zh = translator('zh-CN');
    assert.equal(en.t('audit.intact', { entries: 1 }), '✔ Hash chain intact: 1 entry.');
    assert.equal(en.t('audit.intact', { entries: 1234 }), '✔ Hash chain intact: 1,234 entries.');
    assert.equal(zh.t('audit.intact', { entries: 1234 }), '✔ 哈希链完整：共 1,234 条。');
    assert.equal(en.t('grid.rowsPass', { pass: 12345, rows: 1000000 }), '12,345 of 1,000,000 rows pass');
    assert.equal(zh.t('grid.rowsPass', { pass: 12345, rows: 1000000 }), '1,000,000 行中 12,345 行符合');
    assert.equal(en.t('ws.imported', { rows: 1000, columns: 21, dataset: 'g', seconds: 0.34 }), "Imported 1,000 rows × 21 columns into 'g' in 0.3 s.");
    assert.equal(en.pct(0.1234), '12.3%');
    assert.equal(zh.pct(0.1234), '12.3%');
    assert.equal(en.num(1234567.891, 2), '1,234,567.89');
    assert.match(zh.dateTime('2026-03-04T05:06:00Z'), /2026\/03\/04/);
    assert.match(en.dateTime('2026-03-04T05:06:00Z'), /03\/04\/2026/);
  });

  it('take the modeling terms from the glossary', () => {
    const zh = translator('zh-CN');
    assert.equal(zh.t('ws.tab.binning'), GLOSSARY.binning.zh);
    assert.equal(zh.t('pipeline.scorecard'), '评分卡');
    assert.equal(zh.t('role.target'), '目标变量');
    for (const [term, { en, zh: z }] of Object.entries(GLOSSARY)) assert.ok(en && /[\u4e00-\u9fffA-Z]/.test(z), term);
  });

  it("say a job's progress from its step, counts and figures in Chinese, and its own sentence in English", () => {
    const p = { id: 'j', phase: 'train', done: 3, total: 30, message: 'epoch 3: loss 0.5000', metrics: { loss: 0.5, valAuc: 0.71234 } };
    assert.equal(progressText(p, translator('zh-CN')), '训练 · 3/30 · 损失 0.5000 · 验证 AUC 0.7123');
    assert.equal(progressText(p, translator('en')), 'train: epoch 3: loss 0.5000');
    assert.equal(progressText({ ...p, phase: 'queued', total: 0, metrics: undefined }, translator('zh-CN'), false), '等待前面的任务完成');
  });

  it('pick the language from a system locale tag', () => {
    assert.deepEqual(['zh_CN.UTF-8', 'zh-Hans-CN', 'zh', 'en_US.UTF-8', 'C', '', undefined, 'zh-CN', 'fr-FR'].map(pickLocale), ['zh-CN', 'zh-CN', 'zh-CN', 'en', 'en', 'en', 'en', 'zh-CN', 'en']);
  });

  it('phrase an error per shell: the core sentence in English, the code and labelled details in Chinese', () => {
    const e = { code: 'RAGGED_ROW' as const, message: 'Row 7 has 3 fields; the header has 4.', details: { file: 'a.csv', line: 8, row: 7, expected: '4 fields', got: '3 fields' } };
    assert.equal(phraseError(e, translator('en')), 'Row 7 has 3 fields; the header has 4.');
    assert.equal(phraseError(e, translator('zh-CN')), '某一行的字段数与表头不一致。');
    assert.deepEqual(phraseErrorDetails(e, translator('zh-CN')), ['文件 a.csv', '第 8 行（物理行）', '应为 4 fields', '实际为 3 fields']);
    assert.equal(phraseError({ ...e, message: '' }, translator('en')), 'A row has a different number of fields than the header.', 'never an empty sentence');
  });

  it('read a key no catalogue holds (a code made into a key at run time) as itself, never failing the page', () => {
    for (const locale of LOCALES) assert.equal(translator(locale).t('purpose.all' as never), 'purpose.all');
  });
});
