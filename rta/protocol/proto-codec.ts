/**
 * Protobuf wire format for the two messages of `rta/rta.proto`, by hand: no dependency, no
 * allocation beyond the result, and every malformed input (truncated varint or field, a length
 * past the end, a field of the wrong wire type, groups) is a BadRequest naming the field.
 * The test suite checks it against protobufjs reading the .proto.
 */
import { BadRequest, DEVICE_ID_FIELDS, OS_TYPES, OUTCOMES, type DeviceIdField, type RtaDevice, type RtaRequest, type RtaResponse } from './rta-message';

const VARINT = 0, FIXED64 = 1, LEN = 2, FIXED32 = 5;

class Reader {
  pos: number;
  constructor(readonly buf: Buffer, start: number, readonly end: number) {
    this.pos = start;
  }

  varint(what: string): number {
    let result = 0, scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new BadRequest(400, `Protobuf ${what}: the message ends inside a varint.`);
      const b = this.buf[this.pos++]!;
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 128;
    }
    throw new BadRequest(400, `Protobuf ${what}: a varint longer than 10 bytes.`);
  }

  /** The [start, end) of a length-delimited field. */
  span(what: string): number {
    const n = this.varint(what);
    if (n > this.end - this.pos) throw new BadRequest(400, `Protobuf ${what}: length ${n} runs past the end of the message (${this.end - this.pos} bytes left).`);
    const start = this.pos;
    this.pos += n;
    return start;
  }

  string(what: string): string {
    const start = this.span(what);
    return this.buf.toString('utf8', start, this.pos);
  }

  skip(wire: number, field: number): void {
    const what = `unknown field ${field}`;
    if (wire === VARINT) this.varint(what);
    else if (wire === LEN) this.span(what);
    else if (wire === FIXED64 || wire === FIXED32) {
      const n = wire === FIXED64 ? 8 : 4;
      if (this.end - this.pos < n) throw new BadRequest(400, `Protobuf ${what}: the message ends inside a fixed-size value.`);
      this.pos += n;
    } else throw new BadRequest(400, `Protobuf field ${field}: wire type ${wire} is not supported (groups are not used by rta.proto).`);
  }
}

function expect(wire: number, want: number, name: string): void {
  if (wire !== want) throw new BadRequest(400, `Protobuf field ${name}: wire type ${wire}, expected ${want === LEN ? '2 (length-delimited)' : '0 (varint)'}.`);
}

const DEVICE_FIELD_BY_NUMBER: (DeviceIdField | undefined)[] = [undefined, undefined, 'imei_md5', 'idfa_md5', 'oaid_md5', 'oaid', 'caid', 'android_id_md5'];

function readDevice(r: Reader): RtaDevice {
  const d: RtaDevice = { os: 'unknown' };
  while (r.pos < r.end) {
    const tag = r.varint('device tag');
    const field = Math.floor(tag / 8), wire = tag & 7;
    if (field === 1) { expect(wire, VARINT, 'device.os'); d.os = OS_TYPES[r.varint('device.os')] ?? 'unknown'; continue; }
    const name = DEVICE_FIELD_BY_NUMBER[field];
    if (name) { expect(wire, LEN, `device.${name}`); const v = r.string(`device.${name}`); if (v) d[name] = v; continue; }
    r.skip(wire, field);
  }
  return d;
}

/** Decodes an RtaRequest; `id` is required as in JSON. */
export function decodeRequest(buf: Buffer): RtaRequest {
  const r = new Reader(buf, 0, buf.length);
  const req: RtaRequest = { id: '', isPing: false, isTest: false, device: { os: 'unknown' }, siteSetId: 0, slotId: '', strategyIds: [], requestTimeMs: 0 };
  while (r.pos < r.end) {
    const tag = r.varint('tag');
    const field = Math.floor(tag / 8), wire = tag & 7;
    switch (field) {
      case 1: expect(wire, LEN, 'id'); req.id = r.string('id'); break;
      case 2: expect(wire, VARINT, 'is_ping'); req.isPing = r.varint('is_ping') !== 0; break;
      case 3: expect(wire, VARINT, 'is_test'); req.isTest = r.varint('is_test') !== 0; break;
      case 4: { expect(wire, LEN, 'device'); const start = r.span('device'); req.device = readDevice(new Reader(buf, start, r.pos)); break; }
      case 5: expect(wire, VARINT, 'site_set_id'); req.siteSetId = r.varint('site_set_id'); break;
      case 6: expect(wire, LEN, 'slot_id'); req.slotId = r.string('slot_id'); break;
      case 7: expect(wire, LEN, 'strategy_ids'); req.strategyIds.push(r.string('strategy_ids')); break;
      case 8: expect(wire, VARINT, 'request_time_ms'); req.requestTimeMs = r.varint('request_time_ms'); break;
      default:
        if (field === 0) throw new BadRequest(400, 'Protobuf: field number 0 is invalid (not a protobuf message?).');
        r.skip(wire, field);
    }
  }
  if (req.id === '') throw new BadRequest(400, 'id (the request id, field 1) is required.');
  return req;
}

const varintSize = (v: number) => { let n = 1; while (v >= 128) { v = Math.floor(v / 128); n++; } return n; };

/** Appends protobuf fields into a growing byte array. */
class Writer {
  private buf = Buffer.allocUnsafe(256);
  private pos = 0;

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  varint(v: number): void {
    this.room(10);
    while (v >= 128) { this.buf[this.pos++] = (v % 128) | 0x80; v = Math.floor(v / 128); }
    this.buf[this.pos++] = v;
  }

  tag(field: number, wire: number): void { this.varint(field * 8 + wire); }

  string(field: number, s: string): void {
    const n = Buffer.byteLength(s);
    this.tag(field, LEN);
    this.varint(n);
    this.room(n);
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  double(field: number, v: number): void {
    this.tag(field, FIXED64);
    this.room(8);
    this.buf.writeDoubleLE(v, this.pos);
    this.pos += 8;
  }

  uint(field: number, v: number): void { if (v !== 0) { this.tag(field, VARINT); this.varint(v); } }

  message(field: number, write: (w: Writer) => void): void {
    const inner = new Writer();
    write(inner);
    const bytes = inner.bytes();
    this.tag(field, LEN);
    this.varint(bytes.length);
    this.room(bytes.length);
    bytes.copy(this.buf, this.pos);
    this.pos += bytes.length;
  }

  bytes(): Buffer { return this.buf.subarray(0, this.pos); }
}

/** Encodes an RtaResponse (proto3: fields at their default value are left out). */
export function encodeResponse(r: RtaResponse): Buffer {
  const w = new Writer();
  if (r.id) w.string(1, r.id);
  w.uint(2, r.code);
  w.uint(3, r.bid ? 1 : 0);
  for (const s of r.strategyIds) w.string(4, s);
  if (r.bidCoefficient !== 0) w.double(5, r.bidCoefficient);
  w.uint(6, r.cacheSeconds);
  w.uint(7, r.processingTimeUs);
  w.uint(8, OUTCOMES.indexOf(r.outcome));
  if (r.test) {
    w.double(9, r.test.targetingScore);
    w.double(10, r.test.creditScore);
    w.tag(11, LEN); // packed repeated int32 (cells are ≥ 0)
    w.varint(r.test.cell.reduce((n, c) => n + varintSize(c), 0));
    for (const c of r.test.cell) w.varint(c);
    for (const s of r.test.reasonCodes) w.string(12, s);
  }
  if (r.error) w.string(13, r.error);
  return Buffer.from(w.bytes());
}

/** Encodes an RtaRequest: what an ad platform sends (the bench and clients use it). */
export function encodeRequest(q: Partial<RtaRequest> & { id: string }): Buffer {
  const w = new Writer();
  w.string(1, q.id);
  w.uint(2, q.isPing ? 1 : 0);
  w.uint(3, q.isTest ? 1 : 0);
  if (q.device) {
    const d = q.device;
    w.message(4, (m) => {
      m.uint(1, OS_TYPES.indexOf(d.os));
      DEVICE_ID_FIELDS.forEach((f, k) => { const v = d[f]; if (v) m.string(k + 2, v); });
    });
  }
  w.uint(5, q.siteSetId ?? 0);
  if (q.slotId) w.string(6, q.slotId);
  for (const s of q.strategyIds ?? []) w.string(7, s);
  w.uint(8, q.requestTimeMs ?? 0);
  return Buffer.from(w.bytes());
}
