import crypto from 'node:crypto';
import fs from 'node:fs';
import { AppError } from '../../types/errors';
import type { JobControls } from '../../types/progress';
import { cancelled } from '../import/cancel';
import type { KeyKind } from '../pseudonymize/normalize';
import { hashToGroup, newScalar, POINT_BYTES, PSI_GROUP, PSI_HASH, type PsiScalar } from './psi-group';
import { openPsiFile, readPsiFile, writePsiFile, type PsiHeader } from './psi-file';
import { ElementTable } from './element-table';
import { readPsiState, writePsiState } from './psi-state';
import { readPartyIds, type PartyIds } from './read-ids';

/** Blinds n elements (n·32 bytes) with a scalar, reporting progress under `phase`; may use more than one thread. */
export type BlindMany = (scalar: PsiScalar, elements: Uint8Array, controls: JobControls, phase: string) => Promise<Uint8Array>;

/** How both parties normalized their ids: files made with another kind are refused. */
export const normalizationOf = (kind: KeyKind) => `jointscore-v1:${kind}`;

export interface PsiStartRequest { input: string; key: string; keyKind: KeyKind; out: string; secretOut: string }
export interface PsiRespondRequest { request: string; input: string; key: string; keyKind: KeyKind; out: string; secretOut: string }
export interface PsiFinishRequest { state: string; response: string; out: string; revealOut?: string }
export interface PsiApplyRequest { state: string; matches?: string; reveal?: string; input: string; out: string; tokenColumn?: string; allRows?: boolean }

/** What a step did: files written, ids read, and what the file sent to the other party lets it learn. */
export interface PsiStepResult {
  step: 'start' | 'respond' | 'finish' | 'apply';
  written: string[];
  /** The file to send to the other party (none after apply). */
  send: string | null;
  session: string;
  rows: number;
  ids: number;
  invalid: number;
  duplicates: number;
  /** finish/apply: rows matched. */
  matches: number | null;
  partnerIds: number | null;
  seconds: number;
  idsPerSecond: number;
}

const refuseExisting = (files: readonly string[]) => {
  for (const f of files) if (fs.existsSync(f)) throw new AppError('ALREADY_EXISTS', `${f} already exists; a PSI step never overwrites.`, { file: f, expected: 'a new file' });
};

/** The ids' group elements, shuffled by a secret permutation (the other party must not learn the input's order); their rows in the same order. */
function shuffledElements(party: PartyIds, kind: KeyKind, controls: JobControls): { elements: Uint8Array; rows: Uint32Array } {
  const n = party.ids.length;
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) { const j = crypto.randomInt(i + 1); const t = order[i]!; order[i] = order[j]!; order[j] = t; }
  const elements = new Uint8Array(n * POINT_BYTES), rows = new Uint32Array(n);
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    hashToGroup(kind, party.ids[i]!, elements, k * POINT_BYTES);
    rows[k] = party.rows[i]!;
    if ((k & 0xffff) === 0) {
      if (controls.signal.aborted) throw cancelled();
      controls.onProgress({ phase: 'hash', done: k, total: n, message: `hashing ids to the group: ${k.toLocaleString('en-US')} of ${n.toLocaleString('en-US')}` });
    }
  }
  return { elements, rows };
}

function partyIds(input: string, key: string, kind: KeyKind, controls: JobControls): PartyIds {
  const party = readPartyIds(input, key, kind, controls);
  if (party.ids.length === 0) throw new AppError('INVALID_ARGUMENT', `No id in column '${key}' of ${input} is a valid ${kind}; nothing to match.`, { file: input, column: key, expected: `${kind} ids`, got: `${party.invalid} invalid` });
  return party;
}

const header = (h: Omit<PsiHeader, 'group' | 'hash' | 'created'>): PsiHeader => ({ ...h, group: PSI_GROUP, hash: PSI_HASH, created: new Date().toISOString() });

/** Writes files in order; if one fails, those already written are removed (nothing half-done is left). */
function allOrNothing(writes: readonly (() => string)[]): string[] {
  const done: string[] = [];
  try {
    for (const w of writes) done.push(w());
    return done;
  } catch (err) {
    for (const f of done) fs.rmSync(f, { force: true });
    throw err;
  }
}

/**
 * Party A's first step: its ids normalized, hashed to the group, shuffled and blinded with a new
 * secret scalar into the request file; the scalar and the shuffled rows kept in A's state file
 * (mode 600). The request lets B learn how many distinct ids A has, nothing else.
 */
export async function psiStart(req: PsiStartRequest, controls: JobControls, blind: BlindMany): Promise<PsiStepResult> {
  const t0 = performance.now();
  refuseExisting([req.out, req.secretOut]);
  const party = partyIds(req.input, req.key, req.keyKind, controls);
  const { elements, rows } = shuffledElements(party, req.keyKind, controls);
  const scalar = newScalar();
  const blinded = await blind(scalar, elements, controls, 'blind');
  const session = crypto.randomBytes(16).toString('hex');
  const written = allOrNothing([
    () => { writePsiState(req.secretOut, { role: 'A', session, scalar, input: req.input, inputSha256: party.sha256, key: req.key, keyKind: req.keyKind, rows }); return req.secretOut; },
    () => { writePsiFile(req.out, header({ step: 'request', normalization: normalizationOf(req.keyKind), session, counts: { request: rows.length } }), blinded); return req.out; },
  ]);
  return result('start', written, req.out, session, party, null, null, t0);
}

/**
 * Party B's step: A's elements re-blinded with B's new scalar in A's order, then B's own ids
 * hashed, shuffled and blinded — both in the response. B keeps its scalar and shuffled rows in its
 * state. The response lets A learn the intersection and how many distinct ids B has.
 */
export async function psiRespond(req: PsiRespondRequest, controls: JobControls, blind: BlindMany): Promise<PsiStepResult> {
  const t0 = performance.now();
  refuseExisting([req.out, req.secretOut]);
  const request = readPsiFile(req.request, 'request');
  if (request.header.normalization !== normalizationOf(req.keyKind)) {
    throw new AppError('INVALID_ARGUMENT', `The request normalized ids as '${request.header.normalization}'; these are '${req.keyKind}' ids, which would never match.`, { file: req.request, option: 'keyKind', expected: request.header.normalization, got: normalizationOf(req.keyKind) });
  }
  const party = partyIds(req.input, req.key, req.keyKind, controls);
  const scalar = newScalar();
  const theirs = await blind(scalar, request.body, controls, 'reblind');
  const { elements, rows } = shuffledElements(party, req.keyKind, controls);
  const ours = await blind(scalar, elements, controls, 'blind');
  const body = new Uint8Array(theirs.length + ours.length);
  body.set(theirs, 0);
  body.set(ours, theirs.length);
  const session = request.header.session;
  let sent = '';
  const written = allOrNothing([
    () => { sent = writePsiFile(req.out, header({ step: 'response', normalization: request.header.normalization, session, counts: { request: request.header.counts.request, partner: rows.length }, answers: request.sha256 }), body); return req.out; },
    () => { writePsiState(req.secretOut, { role: 'B', session, scalar, input: req.input, inputSha256: party.sha256, key: req.key, keyKind: req.keyKind, rows, sent }); return req.secretOut; },
  ]);
  return result('respond', written, req.out, session, party, null, request.header.counts.request, t0);
}

/** Partner elements blinded and looked up per chunk in the finishing step: memory beyond A's own table stays bounded. */
const FINISH_CHUNK = 1 << 18;

/**
 * Party A's last step: B's elements blinded with A's scalar and looked up among A's re-blinded
 * ones. Each match gets a fresh random join token: `out` lists A's matched data rows and tokens;
 * the optional reveal file tells B which of its elements matched, with the same tokens, and nothing else.
 */
export async function psiFinish(req: PsiFinishRequest, controls: JobControls, blind: BlindMany): Promise<PsiStepResult> {
  const t0 = performance.now();
  refuseExisting([req.out, ...(req.revealOut ? [req.revealOut] : [])]);
  const state = readPsiState(req.state, 'A');
  const response = openPsiFile(req.response, 'response');
  const h = response.header;
  const matches: { row: number; j: number; token: Buffer }[] = [];
  const nA = state.rows.length, nB = h.counts.partner ?? 0;
  try {
    if (h.session !== state.session) throw new AppError('INVALID_ARGUMENT', `${req.response} answers another session (${h.session}) than this state's (${state.session}).`, { file: req.response, expected: state.session, got: h.session });
    if (h.counts.request !== state.rows.length) throw new AppError('INVALID_ARGUMENT', `${req.response} re-blinded ${h.counts.request} elements; the request sent ${state.rows.length}.`, { file: req.response, expected: String(state.rows.length), got: String(h.counts.request) });
    const table = new ElementTable(response.read(nA), nA);
    for (let start = 0; start < nB; start += FINISH_CHUNK) {
      const count = Math.min(FINISH_CHUNK, nB - start);
      const progress: JobControls = { signal: controls.signal, onProgress: (p) => controls.onProgress({ ...p, done: start + p.done, total: nB, message: `blind: ${(start + p.done).toLocaleString('en-US')} of ${nB.toLocaleString('en-US')} partner elements` }) };
      const partner = await blind(state.scalar, response.read(count), progress, 'blind');
      for (let j = 0; j < count; j++) {
        const i = table.find(partner, j * POINT_BYTES);
        if (i >= 0) matches.push({ row: state.rows[i]!, j: start + j, token: crypto.randomBytes(16) });
      }
    }
  } catch (err) {
    try { response.close(); } catch { /* the first error is the one to tell */ }
    throw err;
  }
  // The checksum is checked before anything is written: a changed response is refused whole.
  const sha256 = response.close();
  if (controls.signal.aborted) throw cancelled();
  const byRow = [...matches].sort((a, b) => a.row - b.row);
  const writes = [() => { writeMatches(req.out, byRow); return req.out; }];
  if (req.revealOut) {
    const out = req.revealOut;
    writes.push(() => {
      const body = new Uint8Array(matches.length * 20);
      const view = new DataView(body.buffer);
      matches.forEach((m, k) => { view.setUint32(k * 20, m.j, true); body.set(m.token, k * 20 + 4); });
      writePsiFile(out, header({ step: 'reveal', normalization: h.normalization, session: state.session, counts: { request: nA, partner: nB, matches: matches.length }, answers: sha256 }), body);
      return out;
    });
  }
  const written = allOrNothing(writes);
  return { step: 'finish', written, send: req.revealOut ?? null, session: state.session, rows: nA, ids: nA, invalid: 0, duplicates: 0, matches: matches.length, partnerIds: nB, seconds: secondsSince(t0), idsPerSecond: (nA + nB) / Math.max(1e-9, secondsSince(t0)) };
}

function writeMatches(file: string, matches: readonly { row: number; token: Buffer }[]): void {
  const tmp = `${file}.partial-${process.pid}`;
  try {
    fs.writeFileSync(tmp, `row,psi_token\n${matches.map((m) => `${m.row},${m.token.toString('hex')}`).join('\n')}${matches.length ? '\n' : ''}`, { mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

const secondsSince = (t0: number) => (performance.now() - t0) / 1000;

function result(step: PsiStepResult['step'], written: string[], send: string | null, session: string, party: PartyIds, matches: number | null, partnerIds: number | null, t0: number): PsiStepResult {
  const seconds = secondsSince(t0);
  return { step, written, send, session, rows: party.read, ids: party.ids.length, invalid: party.invalid, duplicates: party.duplicates, matches, partnerIds, seconds, idsPerSecond: (party.ids.length + (partnerIds ?? 0)) / Math.max(1e-9, seconds) };
}
