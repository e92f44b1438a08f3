import { createHash } from 'node:crypto';
import type { CellDecision } from '../../types/strategy';
import type { DeviceIdField, RtaDevice, RtaRequest, RtaResponse } from '../protocol/rta-message';
import type { Generation } from './generation';
import { inChallenger } from './assignment';

export interface DecisionConfig {
  /** Device ids tried in this order; the first found in the snapshot decides. */
  lookupOrder: readonly DeviceIdField[];
  /** How long the platform may reuse an answer (decisions and the default; 0 for deadline answers and pings). */
  cacheSeconds: number;
  /** The strategy ids this server answers for; empty: whatever the platform asks about. */
  strategyIds: readonly string[];
}

export const DEFAULT_LOOKUP_ORDER: readonly DeviceIdField[] = ['oaid_md5', 'imei_md5', 'idfa_md5', 'oaid', 'caid', 'android_id_md5'];

/**
 * The snapshot key a device id is looked up under: MD5 fields as sent (lower-cased); a raw OAID
 * as its MD5, so one snapshot keyed by OAID MD5 serves both forms; CAID as sent (lower-cased).
 */
export function lookupKey(field: DeviceIdField, value: string): string {
  if (field === 'oaid') return createHash('md5').update(value).digest('hex');
  return value.toLowerCase();
}

/** The row of the first device id found, in lookup order, or −1. */
export function findUser(g: Generation, device: RtaDevice, order: readonly DeviceIdField[]): number {
  for (const f of order) {
    const v = device[f];
    if (!v) continue;
    const r = g.snapshot.find(lookupKey(f, v));
    if (r >= 0) return r;
  }
  return -1;
}

function answer(req: RtaRequest, outcome: RtaResponse['outcome'], cacheSeconds: number): RtaResponse {
  return { id: req.id, code: 0, bid: false, strategyIds: [], bidCoefficient: 0, cacheSeconds, processingTimeUs: 0, outcome };
}

/** The strategy ids to bid for: those asked that this server serves (all asked, or all served, when one side names none). */
function servedIds(asked: readonly string[], served: readonly string[]): string[] {
  if (served.length === 0) return [...asked];
  if (asked.length === 0) return [...served];
  return asked.filter((s) => served.includes(s));
}

function withDecision(r: RtaResponse, d: CellDecision | { bid: boolean; coefficient: number }, ids: string[]): RtaResponse {
  const bid = 'action' in d ? d.action === 'bid' : d.bid;
  if (bid) { r.bid = true; r.bidCoefficient = d.coefficient; r.strategyIds = ids; }
  return r;
}

/** The default decision (unknown user, or the deadline passed). */
export function defaultAnswer(g: Generation, req: RtaRequest, cfg: DecisionConfig, outcome: 'unknown_user' | 'deadline'): RtaResponse {
  return withDecision(answer(req, outcome, outcome === 'deadline' ? 0 : cfg.cacheSeconds), g.defaultDecision, servedIds(req.strategyIds, cfg.strategyIds));
}

/**
 * Answers one bid request: a ping at once; else the user's row by device id, both scores from
 * the bundle's scorer.mjs and the strategy's decision for their cell — or the default decision
 * for an unknown user. `record` is scratch space reused across requests; `onScored` sees each
 * scored user's inputs and scores (the server's drift metrics).
 */
export function decideRequest(champion: Generation, req: RtaRequest, cfg: DecisionConfig, record: Record<string, unknown>, onScored?: (g: Generation, record: Record<string, unknown>, targeting: number, credit: number) => void): RtaResponse {
  if (req.isPing) return answer(req, 'ping', 0);
  const c = champion.challenger;
  const g = c && inChallenger(req.device, cfg.lookupOrder, c.share) ? c.gen : champion;
  const r = decideWith(g, req, cfg, record, onScored);
  r.model = g.model;
  return r;
}

function decideWith(g: Generation, req: RtaRequest, cfg: DecisionConfig, record: Record<string, unknown>, onScored?: (g: Generation, record: Record<string, unknown>, targeting: number, credit: number) => void): RtaResponse {
  const row = findUser(g, req.device, cfg.lookupOrder);
  if (row < 0) return defaultAnswer(g, req, cfg, 'unknown_user');
  g.snapshot.fill(row, record);
  const t = g.scorer.targetingScore(record), c = g.scorer.creditScore(record);
  const d = g.scorer.decide(t, c);
  onScored?.(g, record, t, c);
  const ids = servedIds(req.strategyIds, cfg.strategyIds);
  const notServed = d.bid && ids.length === 0 && req.strategyIds.length > 0;
  const r = notServed ? answer(req, 'not_served', cfg.cacheSeconds) : withDecision(answer(req, 'scored', cfg.cacheSeconds), d, ids);
  r.scores = [t, c];
  if (req.isTest) r.test = { targetingScore: t, creditScore: c, cell: d.cell, reasonCodes: g.scorer.score(record).reasonCodes, model: g.model };
  return r;
}
