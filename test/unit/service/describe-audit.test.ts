import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DESCRIBED_ACTIONS, describeAudit } from '../../../service/audit/describe-audit';
import { REPO } from '../../helpers/temp';

/** Every `appendAudit(db, 'action', …)` in the source. */
function auditedActions(): Set<string> {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts')) for (const m of fs.readFileSync(p, 'utf8').matchAll(/appendAudit\(\w+, '([^']+)'/g)) found.add(m[1]!);
    }
  };
  for (const d of ['service', 'data']) walk(path.join(REPO, d));
  return found;
}

describe('audit entries in words', () => {
  it('every action the product audits has its own sentence', () => {
    const actions = auditedActions();
    assert.ok(actions.size >= 15, `found ${actions.size} audited actions`);
    assert.deepEqual([...actions].filter((a) => !DESCRIBED_ACTIONS.includes(a)), []);
  });

  it('names what changed: the variable and the edit, the model, the strategy cell, the file', () => {
    assert.equal(describeAudit({ action: 'bin.edit', params: { dataset: 'germancredit', target: 'creditability', event: '1', sample: 'train', variable: 'duration', action: { op: 'cuts', cuts: [12, 24] } } }),
      "Edited the bins of duration (cuts 12, 24) in the binning of 'germancredit' → creditability = 1 (train sample)");
    assert.equal(describeAudit({ action: 'train', params: { model: 3, name: 'lr', kind: 'scorecard-lr', purpose: 'credit', dataset: 'g', target: 'bad', event: '1', population: null, features: ['a', 'b'], allowedDespiteLeakage: ['b'] } }),
      "Trained model 3 'lr' (scorecard-lr, credit) on 'g' → bad = 1, 2 inputs; kept despite a leakage warning: b");
    assert.equal(describeAudit({ action: 'strategy.decide', params: { strategy: 4, cells: [{ t: 0, c: 1, action: 'bid', coefficient: 1.2 }], defaultDecision: null } }), 'Changed strategy 4: cell 0,1 bid ×1.2');
    assert.equal(describeAudit({ action: 'export', params: { model: 2, strategy: 5, out: '/x/b', files: [1, 2, 3], minBinRows: 20 } }), 'Exported model 2 with strategy 5 to /x/b (3 files; bins of at least 20 rows)');
  });

  it('says the same in Chinese, from the same codes and parameters (phrased at the edge)', () => {
    assert.equal(describeAudit({ action: 'bin.edit', params: { dataset: 'germancredit', target: 'creditability', event: '1', sample: 'train', variable: 'duration', action: { op: 'cuts', cuts: [12, 24] } } }, 'zh-CN'),
      '手动调整 duration 的分箱（切分点 12, 24），分箱 “germancredit” → creditability = 1（训练集）');
    assert.equal(describeAudit({ action: 'import', params: { file: 'a.csv', sha256: 'ab'.repeat(32), dataset: '资方', rows: 12345, party: 'lender', dropped: ['name'] } }, 'zh-CN'),
      '导入 a.csv（sha256 abababababab…）为“资方”：12,345 行，数据方 资方；未导入 name');
    assert.equal(describeAudit({ action: 'strategy.decide', params: { strategy: 4, cells: [{ t: 0, c: 1, action: 'bid', coefficient: 1.2 }], defaultDecision: { action: 'no-bid' } } }, 'zh-CN'), '修改策略 4：单元格 0,1 bid ×1.2; 无法打分的用户 no-bid');
  });

  it('an unknown or malformed entry still says its action and parameters', () => {
    assert.equal(describeAudit({ action: 'future.thing', params: { a: 1 } }), 'future.thing {"a":1}');
    assert.match(describeAudit({ action: 'split', params: null }), /^Designed samples/);
  });
});
