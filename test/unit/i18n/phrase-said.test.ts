import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { binLabel } from '../../../i18n/bin-label';
import { phraseSaid, saidInEnglish } from '../../../i18n/phrase-said';
import { translator } from '../../../i18n/translate';
import { stepwise } from '../../../models/selection/stepwise';
import { pipelineSteps } from '../../../service/pipeline/pipeline-steps';
import { said } from '../../../types/said';

const zh = translator('zh-CN');
const en = translator('en');

describe('what the core says, phrased at the edge', () => {
  it('keeps the English sentence beside the code and says the same in Chinese, naming code-valued parameters in Chinese', () => {
    const s = said('leak.pureGroup', { group: 'missing', rows: 1234, rate: '99.1', base: '30.0' });
    assert.equal(saidInEnglish(s), 'where it is missing (1,234 training rows) the event rate is 99.1% against 30.0% overall');
    assert.equal(phraseSaid(s, zh), '取值为缺失时（1,234 行训练样本）事件率为 99.1%，而整体为 30.0%');
    const tune = said('tune.binNext', { loss: '0.51234', folds: 5, rows: 700, trend: 'none', share: 0.05, next: '0.51300' });
    assert.match(saidInEnglish(tune), /next best free, share 0\.05: 0\.51300$/);
    assert.match(phraseSaid(tune, zh), /次优为不限、最小箱占比 0\.05：0\.51300$/);
    assert.equal(phraseSaid(said('import.formattedNumbers', { column: 'amt', format: 'thousands', example: '1,000' }), en), "'amt' holds numbers written with thousands separators (1,000) (e.g. '1,000'): stored as text; clean them into plain numbers to use it as a number.");
    assert.equal(phraseSaid(said('report.sourceDefault', { inputs: 'every varying variable' }), zh), '默认规则（所有有变化的变量）');
    assert.equal(phraseSaid(said('report.sourceDefault', { inputs: 'IV >= 0.02' }), zh), '默认规则（IV >= 0.02）', 'a rule is data');
  });

  it('gives every pipeline step a code whose Chinese sentence has no English word but the data', () => {
    const steps = pipelineSteps({
      dataset: { name: 'joint', rows: 1000, columns: 12, createdAt: '2026-01-01T00:00:00Z' },
      split: { createdAt: '2026-01-01T00:01:00Z', counts: [{ sample: 'train', rows: 700 }, { sample: 'test', rows: 300 }] },
      binnings: [{ sample: 'train', event: '1', variables: 9, createdAt: '2026-01-01T00:02:00Z', updatedAt: '2026-01-01T00:02:00Z', stale: false }],
      selection: null, models: [], cards: [], strategies: [], exports: [],
    });
    assert.deepEqual(steps.map((s) => s.detail).slice(0, 3), ['1,000 rows × 12 columns', 'train 700 · test 300', '9 variables on the train sample (event 1)']);
    const chinese = steps.map((s) => phraseSaid(s.said, zh));
    assert.deepEqual(chinese.slice(0, 3), ['1,000 行 × 12 列', '训练集 700 · 测试集 300', '9 个变量，基于训练集（事件 1）']);
    for (const text of chinese) assert.doesNotMatch(text.replace(/\b(IV|PSI|RTA)\b/g, ''), /[A-Za-z]{2,}/, text);
  });

  it('says why a stepwise step was taken, in both languages, from the same numbers', () => {
    const fit = (vars: string[]) => ({ aic: 100 - vars.length * 5, bic: 100, pValues: new Map(vars.map((v) => [v, 0.01])) });
    const { steps } = stepwise(['a', 'b'], fit, { direction: 'forward', criterion: 'aic' });
    assert.equal(steps[0]!.reason, saidInEnglish(steps[0]!.said));
    assert.match(phraseSaid(steps[0]!.said, zh), /^AIC 100\.00 → 95\.00$/);
  });

  it('names the missing, other and special bins in the reader\'s language and leaves ranges and categories as the data wrote them', () => {
    assert.equal(binLabel({ label: 'Missing', kind: 'missing' }, zh.t), '缺失');
    assert.equal(binLabel({ label: 'Other', kind: 'other' }, zh.t), '其他');
    assert.equal(binLabel({ label: 'Special -999', kind: 'special' }, zh.t), '特殊值 -999');
    assert.equal(binLabel({ label: 'Special -999', kind: 'special' }, en.t), 'Special -999');
    assert.equal(binLabel({ label: '[10, 20)', kind: 'bin' }, zh.t), '[10, 20)');
    assert.equal(binLabel({ label: 'Missing' }, zh.t), 'Missing', 'a category the data calls Missing stays a category');
  });
});
