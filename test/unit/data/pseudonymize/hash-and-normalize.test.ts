import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import { createIdHasher } from '../../../../data/pseudonymize/hash-id';
import { idCardCheckChar, normalizeDevice, normalizeEmail, normalizeIdCard, normalizeIdfa, normalizeImei, normalizeOaid, normalizePhone } from '../../../../data/pseudonymize/normalize';
import { AppError } from '../../../../types/errors';

describe('id hashing', () => {
  it('gives exactly what node:crypto gives, for HMAC-SHA256, SHA-256 and MD5, at every length up to 300 bytes', () => {
    const secret = Buffer.from('shared session secret');
    const hmac = createIdHasher('hmac-sha256', secret);
    const sha = createIdHasher('sha256', null);
    const md5 = createIdHasher('md5', null, true);
    for (let len = 0; len <= 300; len++) {
      const s = crypto.randomBytes(len).toString('base64').slice(0, len) + (len % 7 === 0 ? '北京' : '');
      assert.equal(hmac(s), crypto.createHmac('sha256', secret).update(s).digest('hex'), `hmac ${len}`);
      assert.equal(sha(s), crypto.createHash('sha256').update(s).digest('hex'), `sha256 ${len}`);
      assert.equal(md5(s), crypto.createHash('md5').update(s).digest('hex').toUpperCase(), `md5 ${len}`);
    }
    const longKey = crypto.randomBytes(100);
    assert.equal(createIdHasher('hmac-sha256', longKey)('x'), crypto.createHmac('sha256', longKey).update('x').digest('hex'));
  });

  it('refuses HMAC without a secret', () => {
    assert.throws(() => createIdHasher('hmac-sha256', null), (e: unknown) => e instanceof AppError && /session secret/.test(e.message));
  });
});

/** A valid ID number with the check character computed by hand for the test. */
function idNumber(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * w[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}

describe('id normalization', () => {
  it('normalizes mainland mobile numbers with prefixes and separators', () => {
    for (const raw of ['13800138000', '+86 138-0013-8000', '0086 13800138000', '8613800138000', ' 138 0013 8000 ']) assert.deepEqual(normalizePhone(raw), { ok: true, value: '13800138000' }, raw);
    for (const raw of ['1380013800', '23800138000', '138001380001', 'abc', '']) assert.equal(normalizePhone(raw).ok, false, raw);
  });

  it('checks ID-card check characters (ISO 7064 MOD 11-2) and upper-cases x', () => {
    const id = idNumber('11010519491231002');
    assert.equal(id, '11010519491231002X');
    assert.deepEqual(normalizeIdCard(id.toLowerCase()), { ok: true, value: id });
    assert.equal(idCardCheckChar('44030119900101123'), idNumber('44030119900101123')[17]);
    const wrong = id.slice(0, 17) + '5';
    assert.deepEqual(normalizeIdCard(wrong), { ok: false, value: 'check digit does not match' });
    assert.equal(normalizeIdCard('1101051949123100').ok, false);
  });

  it('cases device ids as ad platforms do', () => {
    assert.deepEqual(normalizeIdfa(' 6d92078a-8246-4ba4-ae5b-76104861e7dc '), { ok: true, value: '6D92078A-8246-4BA4-AE5B-76104861E7DC' });
    assert.equal(normalizeIdfa('00000000-0000-0000-0000-000000000000').ok, false);
    assert.deepEqual(normalizeOaid('DFE7F3C1-1B2A-4C5D-9E8F-0A1B2C3D4E5F'.toLowerCase()), { ok: true, value: 'dfe7f3c1-1b2a-4c5d-9e8f-0a1b2c3d4e5f' });
    assert.deepEqual(normalizeImei(' 867530012345678 '), { ok: true, value: '867530012345678' });
    assert.deepEqual(normalizeDevice('867530012345678'), { ok: true, value: '867530012345678' });
    assert.equal(normalizeDevice('6D92078A-8246-4BA4-AE5B-76104861E7DC').value, '6D92078A-8246-4BA4-AE5B-76104861E7DC');
  });

  it('trims and lower-cases e-mail addresses', () => {
    assert.deepEqual(normalizeEmail('  Li.Si@Example.COM '), { ok: true, value: 'li.si@example.com' });
    assert.equal(normalizeEmail('no-at-sign').ok, false);
  });
});
