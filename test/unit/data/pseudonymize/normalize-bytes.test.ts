import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ASK_STRING_NORMALIZER, BYTE_NORMALIZERS } from '../../../../data/pseudonymize/normalize-bytes';
import { idCardCheckChar, NORMALIZERS, type KeyKind } from '../../../../data/pseudonymize/normalize';
import { mulberry32 } from '../../../../models/stats/random';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The byte path's answer: the normalized id, or null when it defers to the string rules. */
function viaBytes(kind: KeyKind, raw: string): string | null {
  const src = encoder.encode(`xx${raw}yy`);
  const dst = new Uint8Array(4096).fill(0x37);
  const n = BYTE_NORMALIZERS[kind](src, 2, src.length - 2, dst, 5);
  return n === ASK_STRING_NORMALIZER ? null : decoder.decode(dst.subarray(5, 5 + n));
}

function variants(rand: () => number): Record<string, string[]> {
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const digits = (n: number) => Array.from({ length: n }, () => String(Math.floor(rand() * 10))).join('');
  const phones: string[] = [];
  const ids: string[] = [];
  const emails: string[] = [];
  const texts: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const core = `1${digits(10)}`;
    const sep = () => pick(['', '', ' ', '-', '.', '(', ')', '\t', '\u3000', '\u00a0']);
    phones.push(`${pick(['', '+86', '0086', '86', '+86 ', '+85', '0', ''])}${core.slice(0, 3)}${sep()}${core.slice(3, 7)}${sep()}${core.slice(7)}`);
    phones.push(pick([digits(11), `2${digits(10)}`, `1${digits(9)}`, `1${digits(11)}`, `1${digits(9)}x`, '', '+86', '86']));
    const first17 = digits(17);
    const good = first17 + idCardCheckChar(first17);
    ids.push(pick([good, good.toLowerCase(), ` ${good} `, `${first17}x`, `${first17}X`, first17 + pick(['0', '1', '5', 'Y']), good.slice(1), `${good}1`, `\u00a0${good}`]));
    const local = pick(['Ann', 'bob.smith', 'X_Y', '张', 'a+b']);
    emails.push(pick([` ${local}@Example.COM `, `${local}@mail.example.cn`, `${local}@@x.cn`, `@x.cn`, `${local}@x.`, `${local}@.x`, `${local}@a..b`, `${local}@x`, `a b@x.cn`, `${local}@x.cn\u00a0`]));
    texts.push(pick(['', '  ', ' abc ', '\tA-1\n', '中文', ` ${digits(5)}`, '\u3000x']));
  }
  return { phone: phones, idcard: ids, email: emails, text: texts };
}

describe('byte-level id normalizers agree with the string rules', () => {
  const cases = variants(mulberry32(5));
  for (const kind of ['phone', 'idcard', 'email', 'text'] as const) {
    it(`${kind}: whatever the byte path accepts, the string rules accept identically; it defers on the rest`, () => {
      let fast = 0;
      for (const raw of cases[kind]!) {
        const bytes = viaBytes(kind, raw);
        if (bytes === null) continue;
        fast++;
        const s = NORMALIZERS[kind](raw);
        assert.ok(s.ok, `${kind} ${JSON.stringify(raw)}: the byte path accepted what the string rules reject (${s.value})`);
        assert.equal(bytes, s.value, `${kind} ${JSON.stringify(raw)}`);
      }
      assert.ok(fast > cases[kind]!.length / 5, `the byte path handled only ${fast} of ${cases[kind]!.length}`);
    });
  }

  it('takes the usual forms of each kind on the fast path', () => {
    assert.equal(viaBytes('phone', '+86 138-0013-8000'), '13800138000');
    assert.equal(viaBytes('phone', '0086 (138) 0013.8000'), '13800138000');
    assert.equal(viaBytes('phone', '8613800138000'), '13800138000');
    assert.equal(viaBytes('idcard', ' 11010519491231002x '), '11010519491231002X');
    assert.equal(viaBytes('email', ' Ann.Lee@Example.COM '), 'ann.lee@example.com');
    assert.equal(viaBytes('text', '  u-1 '), 'u-1');
    assert.equal(viaBytes('phone', '１３８'), null, 'non-ASCII defers to the string rules');
  });
});
