import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import protobuf from 'protobufjs';
import { jsonResponse, parseJsonRequest } from '../../../rta/protocol/json-codec';
import { decodeRequest, encodeRequest, encodeResponse } from '../../../rta/protocol/proto-codec';
import { BadRequest, type RtaRequest, type RtaResponse } from '../../../rta/protocol/rta-message';
import { REPO } from '../../helpers/temp';

const root = protobuf.loadSync(path.join(REPO, 'rta', 'rta.proto'));
const Request = root.lookupType('jointscore.rta.RtaRequest');
const Response = root.lookupType('jointscore.rta.RtaResponse');

const full: RtaRequest = {
  id: 'req-7f3a', isPing: false, isTest: true, siteSetId: 25, slotId: 'slot-汉字-1', strategyIds: ['s1', 's2'], requestTimeMs: 1_790_000_123_456,
  device: { os: 'ios', imei_md5: '', idfa_md5: 'ab'.repeat(16), oaid_md5: 'cd'.repeat(16), oaid: 'raw-oaid-1', caid: '20230330_abc', android_id_md5: 'ef'.repeat(16) },
};

function refuses(f: () => unknown, pattern: RegExp, status = 400): void {
  assert.throws(f, (e: unknown) => e instanceof BadRequest && e.status === status && pattern.test(e.message));
}

describe('RTA protobuf codec matches rta.proto (checked against protobufjs)', () => {
  it('a request we encode decodes in protobufjs to the same fields, and back', () => {
    const bytes = encodeRequest(full);
    const o = Request.toObject(Request.decode(bytes), { longs: Number, enums: Number, defaults: true }) as Record<string, unknown>;
    assert.equal(o.id, full.id);
    assert.equal(o.isTest, true);
    assert.equal(o.siteSetId, 25);
    assert.equal(o.slotId, full.slotId);
    assert.deepEqual(o.strategyIds, ['s1', 's2']);
    assert.equal(o.requestTimeMs, full.requestTimeMs);
    assert.deepEqual(o.device, { os: 2, imeiMd5: '', idfaMd5: full.device.idfa_md5, oaidMd5: full.device.oaid_md5, oaid: 'raw-oaid-1', caid: '20230330_abc', androidIdMd5: full.device.android_id_md5 });
    const { imei_md5: _, ...device } = full.device;
    assert.deepEqual(decodeRequest(bytes), { ...full, device });
  });

  it('decodes what protobufjs encodes, unknown fields skipped (a newer platform adds fields)', () => {
    const msg = Request.fromObject({ id: 'p-1', isPing: true, device: { os: 1, oaidMd5: 'aa'.repeat(16) }, strategyIds: ['x'], requestTimeMs: 5 });
    const bytes = Buffer.from(Request.encode(msg).finish());
    const extra = Buffer.concat([bytes, Buffer.from([0xa0, 0x06, 0x2a]), Buffer.from([0xaa, 0x06, 0x02, 0x68, 0x69]), Buffer.from([0xb1, 0x06, 1, 2, 3, 4, 5, 6, 7, 8])]);
    for (const b of [bytes, extra]) {
      const r = decodeRequest(b);
      assert.equal(r.id, 'p-1');
      assert.equal(r.isPing, true);
      assert.deepEqual(r.device, { os: 'android', oaid_md5: 'aa'.repeat(16) });
      assert.deepEqual(r.strategyIds, ['x']);
      assert.equal(r.requestTimeMs, 5);
    }
  });

  it('a response we encode reads in protobufjs as sent, test fields included', () => {
    const r: RtaResponse = { id: 'req-1', code: 0, bid: true, strategyIds: ['s1'], bidCoefficient: 1.35, cacheSeconds: 300, processingTimeUs: 41, outcome: 'scored', test: { targetingScore: 512.5, creditScore: 640, cell: [2, 300], reasonCodes: ['RC03', 'RC01'] } };
    const o = Response.toObject(Response.decode(encodeResponse(r)), { enums: String, defaults: true }) as Record<string, unknown>;
    assert.deepEqual(o, { id: 'req-1', code: 0, bid: true, strategyIds: ['s1'], bidCoefficient: 1.35, cacheSeconds: 300, processingTimeUs: 41, outcome: 'OUTCOME_SCORED', targetingScore: 512.5, creditScore: 640, cell: [2, 300], reasonCodes: ['RC03', 'RC01'], error: '' });
    const err = Response.toObject(Response.decode(encodeResponse({ id: '', code: 400, bid: false, strategyIds: [], bidCoefficient: 0, cacheSeconds: 0, processingTimeUs: 3, outcome: 'unspecified', error: 'id is required.' })), { defaults: true }) as Record<string, unknown>;
    assert.equal(err.code, 400);
    assert.equal(err.error, 'id is required.');
  });

  it('refuses malformed protobuf by name: truncated varint or field, length past the end, wrong wire type, groups, field 0, no id', () => {
    const good = encodeRequest(full);
    refuses(() => decodeRequest(good.subarray(0, good.length - 3)), /runs past the end|ends inside/);
    refuses(() => decodeRequest(Buffer.from([0x0a, 0x20, 0x61])), /length 32 runs past the end/);
    refuses(() => decodeRequest(Buffer.from([0x10, 0x80])), /ends inside a varint/);
    refuses(() => decodeRequest(Buffer.from([0x0a, 0x01, 0x61, 0x22, 0x05, 0x08])), /device/);
    refuses(() => decodeRequest(Buffer.from([0x08, 0x01])), /field id: wire type 0, expected 2/);
    refuses(() => decodeRequest(Buffer.from([0x0a, 0x01, 0x61, 0x7b])), /field 15: wire type 3 is not supported/);
    refuses(() => decodeRequest(Buffer.from([0x00, 0x01])), /field number 0/);
    refuses(() => decodeRequest(Buffer.from([0x10, 0x01])), /id \(the request id, field 1\) is required/);
    refuses(() => decodeRequest(Buffer.from([0x0a, 0x01, 0x61, 0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])), /longer than 10 bytes/);
    refuses(() => decodeRequest(Buffer.from('{"id":"json sent as protobuf"}')), /./);
  });
});

describe('RTA JSON requests: every field type-checked, errors name the field', () => {
  it('reads the snake_case fields; os by name or number; unknown fields ignored', () => {
    const r = parseJsonRequest(JSON.stringify({ id: 'j1', is_test: true, device: { os: 'OS_IOS', idfa_md5: 'AB'.repeat(16), caid: '' }, site_set_id: 3, slot_id: 's', strategy_ids: ['a'], request_time_ms: 9, extra: { any: 1 } }));
    assert.deepEqual(r, { id: 'j1', isPing: false, isTest: true, device: { os: 'ios', idfa_md5: 'AB'.repeat(16) }, siteSetId: 3, slotId: 's', strategyIds: ['a'], requestTimeMs: 9 });
    assert.equal(parseJsonRequest('{"id":"j2","device":{"os":1}}').device.os, 'android');
    assert.deepEqual(parseJsonRequest('{"id":"j3"}').device, { os: 'unknown' });
  });

  it('refuses broken JSON, non-objects, a missing id and wrong types', () => {
    refuses(() => parseJsonRequest('{"id": "x", "device": {'), /not valid JSON/);
    refuses(() => parseJsonRequest('[1,2]'), /must be a JSON object; got an array/);
    refuses(() => parseJsonRequest('"id"'), /must be a JSON object; got string/);
    refuses(() => parseJsonRequest('{"device": {}}'), /^id \(the request id, a string\) is required/);
    refuses(() => parseJsonRequest('{"id": 7}'), /^id must be a string; got number/);
    refuses(() => parseJsonRequest('{"id": "x", "device": "abc"}'), /^device must be an object; got string/);
    refuses(() => parseJsonRequest('{"id": "x", "device": {"imei_md5": 5}}'), /^device\.imei_md5 must be a string; got number/);
    refuses(() => parseJsonRequest('{"id": "x", "device": {"os": "windows"}}'), /^device\.os must be one of/);
    refuses(() => parseJsonRequest('{"id": "x", "is_ping": "yes"}'), /^is_ping must be a boolean; got string/);
    refuses(() => parseJsonRequest('{"id": "x", "strategy_ids": "s1"}'), /^strategy_ids must be an array of strings/);
    refuses(() => parseJsonRequest('{"id": "x", "strategy_ids": [1]}'), /^strategy_ids must be an array of strings/);
    refuses(() => parseJsonRequest('{"id": "x", "site_set_id": -1}'), /^site_set_id must be a whole number/);
  });

  it('writes the response as valid JSON with the .proto names', () => {
    const r: RtaResponse = { id: 'q"1', code: 0, bid: true, strategyIds: ['a', 'b"'], bidCoefficient: 0.5, cacheSeconds: 60, processingTimeUs: 12, outcome: 'unknown_user' };
    assert.deepEqual(JSON.parse(jsonResponse(r)), { id: 'q"1', code: 0, bid: true, strategy_ids: ['a', 'b"'], bid_coefficient: 0.5, cache_seconds: 60, processing_time_us: 12, outcome: 'unknown_user' });
    const t = JSON.parse(jsonResponse({ ...r, test: { targetingScore: 1.5, creditScore: 2, cell: [0, 1], reasonCodes: ['RC1'] }, error: 'e' })) as Record<string, unknown>;
    assert.deepEqual([t.targeting_score, t.credit_score, t.cell, t.reason_codes, t.error], [1.5, 2, [0, 1], ['RC1'], 'e']);
  });
});
