import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findSplitPoint } from '../../../../data/pseudonymize/split-point';
import { mulberry32 } from '../../../../models/stats/random';
import { tempDir, write } from '../../../helpers/temp';

const dir = tempDir();
const layout = { encoding: 'utf8' as const, bom: 0, delimiter: ',' as const };

/** Lines and non-empty lines before byte `at`, counted the slow way (CRLF one line end, a lone CR one). */
function countBefore(text: string, at: number): { lines: number; records: number } {
  let lines = 0, records = 0, has = false;
  for (let i = 0; i < at; i++) {
    const c = text[i]!;
    if (c === '\n' && text[i - 1] === '\r') continue;
    if (c === '\n' || c === '\r') { lines++; if (has) records++; has = false; } else has = true;
  }
  return { lines, records };
}

describe('where a CSV is cut for two threads', () => {
  it('names the first line and the data rows before the cut exactly, with blank lines, CRLF and lone CR, across read chunks', () => {
    const rnd = mulberry32(4);
    for (const [name, rows, eols] of [['small-lf', 500, ['\n']], ['small-mixed', 500, ['\n', '\r\n', '\r']], ['big-lf', 400_000, ['\n']], ['big-crlf', 400_000, ['\r\n']]] as const) {
      let text = 'id,x\n';
      for (let i = 0; i < rows; i++) {
        const eol = eols[Math.floor(rnd() * eols.length)]!;
        text += `${i},${Math.floor(rnd() * 1000)}${eol}`;
        if (rnd() < 0.01) text += eol;
      }
      const file = write(dir, `${name}.csv`, text);
      const split = findSplitPoint(file, layout);
      assert.ok(split, name);
      const before = countBefore(text, split.at);
      assert.equal(text[split.at - 1], '\n', `${name}: cut after a line feed`);
      assert.deepEqual({ firstLine: split.firstLine, rowsBefore: split.rowsBefore }, { firstLine: before.lines + 1, rowsBefore: before.records - 1 }, name);
    }
  });

  it('does not cut a file holding a quote', () => {
    const file = write(dir, 'quoted.csv', `id,x\n${'1,2\n'.repeat(1000)}"a",3\n`);
    assert.equal(findSplitPoint(file, layout), null);
  });
});
