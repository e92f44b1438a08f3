import { BadRequest, DEVICE_ID_FIELDS, OS_TYPES, type OsType, type RtaDevice, type RtaRequest, type RtaResponse } from './rta-message';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

function optional<T>(o: Record<string, unknown>, key: string, kind: 'string' | 'boolean' | 'number', where: string): T | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== kind || (kind === 'number' && !Number.isFinite(v as number))) throw new BadRequest(400, `${where}${key} must be a ${kind}; got ${typeName(v)}.`);
  return v as T;
}

function os(v: unknown): OsType {
  if (v === undefined || v === null) return 'unknown';
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < OS_TYPES.length) return OS_TYPES[v]!;
  if (typeof v === 'string') {
    const s = v.toLowerCase().replace(/^os_/, '');
    if ((OS_TYPES as readonly string[]).includes(s)) return s as OsType;
  }
  throw new BadRequest(400, `device.os must be one of ${OS_TYPES.join(', ')} (or 0–${OS_TYPES.length - 1}); got ${JSON.stringify(v)}.`);
}

/**
 * Reads a JSON bid request (the .proto's fields in snake_case): `id` (string) is required; the
 * rest is optional and type-checked; unknown fields are ignored. Errors name the field.
 */
export function parseJsonRequest(text: string): RtaRequest {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    throw new BadRequest(400, `The body is not valid JSON: ${(e as Error).message}.`);
  }
  if (!isObject(body)) throw new BadRequest(400, `The body must be a JSON object; got ${typeName(body)}.`);
  const id = optional<string>(body, 'id', 'string', '');
  if (id === undefined || id === '') throw new BadRequest(400, 'id (the request id, a string) is required.');
  const d = body.device;
  if (d !== undefined && d !== null && !isObject(d)) throw new BadRequest(400, `device must be an object; got ${typeName(d)}.`);
  const device: RtaDevice = { os: os(d?.os) };
  if (d) for (const f of DEVICE_ID_FIELDS) {
    const v = optional<string>(d, f, 'string', 'device.');
    if (v) device[f] = v;
  }
  const ids = body.strategy_ids;
  if (ids !== undefined && ids !== null && (!Array.isArray(ids) || ids.some((s) => typeof s !== 'string'))) throw new BadRequest(400, `strategy_ids must be an array of strings; got ${JSON.stringify(ids).slice(0, 80)}.`);
  const siteSetId = optional<number>(body, 'site_set_id', 'number', '') ?? 0;
  if (!Number.isInteger(siteSetId) || siteSetId < 0) throw new BadRequest(400, `site_set_id must be a whole number ≥ 0; got ${siteSetId}.`);
  return {
    id, device, siteSetId,
    isPing: optional<boolean>(body, 'is_ping', 'boolean', '') ?? false,
    isTest: optional<boolean>(body, 'is_test', 'boolean', '') ?? false,
    slotId: optional<string>(body, 'slot_id', 'string', '') ?? '',
    strategyIds: (ids as string[] | undefined) ?? [],
    requestTimeMs: optional<number>(body, 'request_time_ms', 'number', '') ?? 0,
  };
}

const q = JSON.stringify;

/** The response as JSON, snake_case like the .proto; test fields and error only when present. Built as text: it is on every request's path. */
export function jsonResponse(r: RtaResponse): string {
  let ids = '';
  for (let k = 0; k < r.strategyIds.length; k++) ids += (k ? ',' : '') + q(r.strategyIds[k]);
  let out = `{"id":${q(r.id)},"code":${r.code},"bid":${r.bid},"strategy_ids":[${ids}],"bid_coefficient":${r.bidCoefficient},"cache_seconds":${r.cacheSeconds},"processing_time_us":${r.processingTimeUs},"outcome":"${r.outcome}"`;
  if (r.test) out += `,"targeting_score":${jsonNumber(r.test.targetingScore)},"credit_score":${jsonNumber(r.test.creditScore)},"cell":[${r.test.cell.join(',')}],"reason_codes":${q(r.test.reasonCodes)}${r.test.model ? `,"model":"${r.test.model}"` : ''}`;
  if (r.error !== undefined) out += `,"error":${q(r.error)}`;
  return `${out}}`;
}

/** A number as JSON: NaN (a score the strategy has no axis for) is null. */
function jsonNumber(x: number): string {
  return Number.isFinite(x) ? String(x) : 'null';
}
