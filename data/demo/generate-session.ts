import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../types/errors';
import type { JobControls } from '../../types/progress';
import { AtomicCsvWriter, CsvRows, writeAllOrNothing } from '../pseudonymize/csv-writer';
import { person, personRng, sigmoid, type Person } from './person';

export interface DemoRequest {
  rows: number;
  seed: number;
  out: string;
  /** Share of lender rows whose person the partner also has (default 0.6). */
  overlap?: number;
  /** Known shifts in given months of exposure (for monitoring tests): the partner's values of shared people exposed then change. */
  drift?: DemoDrift[];
  /** Also write `truth-bad.csv`: each lender person's phone and true probability of going bad if they borrowed (for tests of reject inference). */
  truth?: boolean;
}

/** One injected shift: a partner column of the people exposed in `months` scaled, shifted or no longer arriving. */
export interface DemoDrift {
  column: string;
  months: string[];
  change: 'scale' | 'shift' | 'missing';
  by: number;
}

/** What the generator knows for certain, for tests to check a pipeline against. */
export interface DemoTruth {
  seed: number;
  lenderRows: number;
  partnerRows: number;
  /** People in both files (valid phone numbers on both sides). */
  shared: number;
  /** Lender rows whose phone number is malformed on purpose (they reach the rejects file). */
  invalidLenderPhones: number;
  lender: string;
  partner: string;
  /** The lender's columns recorded after exposure (funnel stages, the line granted, the credit outcome): never inputs of a model decided at exposure. */
  outcomes: string[];
  /** The shifts injected, each with how many partner rows it changed. */
  drift?: (DemoDrift & { rows: number })[];
  /** `truth-bad.csv`, when asked for. */
  truthBad?: string;
}

/** The lender file's post-exposure columns, in file order. */
export const DEMO_OUTCOMES = ['applied', 'prescreen_passed', 'approved', 'drew_down', 'credit_line', 'bad', 'reached', 'repurchased', 'bureau_bad'];

/** The share of applicants who did not borrow here whose loan elsewhere the bureau reports (random: a fair sample of them). */
export const BUREAU_SHARE = 0.3;

/** The six stages of the lending funnel in the sample data: reached by the ad, applied, passed pre-screen, approved, drew down, borrowed again. */
export const DEMO_FUNNEL = ['reached', 'applied', 'prescreen_passed', 'approved', 'drew_down', 'repurchased'];

const MONTHS = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`);

const PARTNER_COLUMNS = ['phone', 'device_id', 'os', 'video_min', 'social_min', 'finance_min', 'shopping_min', 'game_min', 'active_hours', 'night_ratio', 'device_price_tier', 'city_tier', 'interest_tags', 'loan_apps_installed', 'days_since_active'];
/** The partner's numeric columns a drift may change. */
export const DRIFTABLE_COLUMNS = PARTNER_COLUMNS.slice(3).filter((c) => c !== 'interest_tags');

/** Checks the drifts asked for: a numeric partner column, months of the sample year, a finite factor. */
function checkDrift(drift: readonly DemoDrift[]): void {
  for (const d of drift) {
    if (!DRIFTABLE_COLUMNS.includes(d.column)) throw new AppError('INVALID_ARGUMENT', `A drift names '${d.column}', which is not a numeric column of the partner file.`, { option: 'drift', expected: DRIFTABLE_COLUMNS.join(', '), got: d.column });
    const bad = d.months.find((m) => !MONTHS.includes(m));
    if (bad !== undefined || d.months.length === 0) throw new AppError('INVALID_ARGUMENT', `A drift of '${d.column}' names month '${bad ?? ''}'; the sample's exposure months are ${MONTHS[0]} to ${MONTHS[11]}.`, { option: 'drift', expected: `${MONTHS[0]} … ${MONTHS[11]}`, got: bad ?? '' });
    if (!['scale', 'shift', 'missing'].includes(d.change) || !Number.isFinite(d.by)) throw new AppError('INVALID_ARGUMENT', `A drift of '${d.column}' must scale or shift by a number, or make it missing.`, { option: 'drift', expected: '*K, +K or missing', got: `${String(d.change)} ${String(d.by)}` });
  }
}

/** A partner value after a drift: scaled or shifted (three decimals at most), or missing; a missing value stays missing. */
function drifted(v: string, d: DemoDrift): string {
  if (v === '' || d.change === 'missing') return '';
  const x = d.change === 'scale' ? Number(v) * d.by : Number(v) + d.by;
  return String(Math.round(x * 1000) / 1000);
}

/** Raw phone as exports show it: bare, with +86 and spaces, or with dashes. */
function formatPhone(phone: string, r: () => number): string {
  const x = r();
  if (x < 0.6) return phone;
  if (x < 0.8) return `+86 ${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`;
  return `${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`;
}

const maybe = (v: string | number, r: () => number, rate: number) => (r() < rate ? '' : String(v));

/** Person p's row of the lender file (drawn in the file's column order, as always: the same seed gives the same file), its exposure month and whether its phone is broken on purpose. */
function lenderRow(seed: number, p: number, who: Person, isShared: boolean): { fields: string[]; month: number; broken: boolean } {
  const r = personRng(seed ^ 0x5bd1e995, p);
  const applied = r() < sigmoid(who.propensity) ? 1 : 0;
  const passed = applied && r() < sigmoid(1.2 - 0.8 * who.risk - 2) ? 1 : 0;
  const approved = passed && r() < sigmoid(0.8 - 1.1 * (who.risk + 2.4)) ? 1 : 0;
  const drew = approved && r() < 0.8 ? 1 : 0;
  const bad = drew ? (r() < sigmoid(who.risk) ? 1 : 0) : null;
  const line = approved ? Math.round((3000 + 4000 * who.devicePriceTier + 2500 * (5 - who.cityTier) + 6000 * r()) / 100) * 100 : null;
  const broken = !isShared && r() < 0.005;
  const phoneText = broken ? who.phone.slice(0, 7) : formatPhone(who.phone, r);
  const month = Math.floor(r() * 12);
  const channel = r() < 0.7 ? 'short_video' : 'super_app';
  // The first and last stages from a stream of their own, so every other column is as it always was:
  // an applicant was reached; a borrower who stayed good may borrow again.
  const r2 = personRng(seed ^ 0x1b873593, p);
  const reached = applied || r2() < (channel === 'short_video' ? 0.86 : 0.78) ? 1 : 0;
  const repurchased = drew && bad === 0 && r2() < sigmoid(-1.4 - 0.6 * who.risk) ? 1 : 0;
  // An applicant who did not borrow here may have borrowed elsewhere: the credit bureau then reports how that loan went.
  const r3 = personRng(seed ^ 0x68e31da4, p);
  const bureauBad = applied && !drew && r3() < BUREAU_SHARE ? (r3() < sigmoid(who.risk) ? 1 : 0) : null;
  const fields = [
    phoneText, MONTHS[month]!, channel,
    String(applied), String(passed), String(approved), String(drew), line === null ? '' : String(line), bad === null ? '' : String(bad), String(reached), String(repurchased), bureauBad === null ? '' : String(bureauBad),
  ];
  return { fields, month, broken };
}

/** Person p's row of the partner file. */
function partnerRow(seed: number, p: number, who: Person): string[] {
  const r = personRng(seed ^ 0x27d4eb2f, p);
  return [
    formatPhone(who.phone, r), who.deviceId, who.os, String(who.videoMin), String(who.socialMin), maybe(who.financeMin, r, 0.04), String(who.shoppingMin), maybe(who.gameMin, r, 0.06),
    String(who.activeHours), maybe(who.nightRatio, r, 0.03), String(who.devicePriceTier), maybe(who.cityTier, r, 0.08), who.interestTags, String(who.loanApps), String(who.daysSinceActive),
  ];
}

/** People from which the sample is made on two threads. */
const TWO_THREADS_FROM = 200_000;

/** How many people the files hold: lender rows are people [0, L), the partner's [L − shared, people). */
function demoShape(req: DemoRequest): { L: number; shared: number; partnerRows: number; people: number } {
  const L = req.rows;
  const shared = Math.round(L * (req.overlap ?? 0.6));
  const partnerRows = shared + (L - shared);
  return { L, shared, partnerRows, people: L - shared + partnerRows };
}

interface RowSink { row(fields: readonly string[]): void }

/**
 * The rows of people [from, to) in order, each person made once: a lender row (and its truth
 * row) for people below L, a partner row (drifted when the lender exposed them in a drifted
 * month) from L − shared on. `every` hears each 50,000th person.
 */
function writePeople(req: DemoRequest, from: number, to: number, out: { lender: RowSink; partner: RowSink; truthBad: RowSink | null }, tally: { invalid: number; drifted: number[] }, every?: (p: number) => void): void {
  const { L, shared } = demoShape(req);
  const firstPartner = L - shared;
  const drift = req.drift ?? [];
  for (let p = from; p < to; p++) {
    const who = person(req.seed, p);
    let month = 0;
    if (p < L) {
      out.truthBad?.row([who.phone, sigmoid(who.risk).toFixed(6)]);
      const row = lenderRow(req.seed, p, who, p >= firstPartner);
      if (row.broken) tally.invalid++;
      month = row.month;
      out.lender.row(row.fields);
    }
    if (p >= firstPartner) {
      const fields = partnerRow(req.seed, p, who);
      // A person the lender exposed in a drifted month: the partner's value changes.
      if (p < L) drift.forEach((d, j) => {
        if (!d.months.includes(MONTHS[month]!)) return;
        const c = PARTNER_COLUMNS.indexOf(d.column);
        fields[c] = drifted(fields[c]!, d);
        tally.drifted[j]! += 1;
      });
      out.partner.row(fields);
    }
    if (p % 50_000 === 0) every?.(p);
  }
}

/** The rows of people [from, to) of each file as bytes, with the tallies: a part of the sample made on another thread. */
export interface DemoPart { lender: Uint8Array; partner: Uint8Array; truthBad: Uint8Array | null; invalid: number; drifted: number[] }

/** Makes a part of the sample elsewhere (the helper thread). */
export type DemoPartMaker = (task: { req: DemoRequest; from: number; to: number }) => Promise<DemoPart>;

/** The rows of people [from, to), as `generateDemoSession` writes them. */
export function demoPart(task: { req: DemoRequest; from: number; to: number }): DemoPart {
  const out = { lender: new CsvRows(), partner: new CsvRows(), truthBad: task.req.truth ? new CsvRows() : null };
  const tally = { invalid: 0, drifted: (task.req.drift ?? []).map(() => 0) };
  writePeople(task.req, task.from, task.to, out, tally);
  return { lender: out.lender.bytes(), partner: out.partner.bytes(), truthBad: out.truthBad?.bytes() ?? null, ...tally };
}

/**
 * Writes `lender.csv` and `partner.csv` for a realistic RTA joint session, with raw ids so the
 * pseudonymize step is exercised. The lender has `rows` people; `overlap` of them are also
 * partner users, and the partner has as many users again of its own. Outcomes follow known
 * effects of the partner's features: the application rate rises with finance-app minutes and
 * installed loan apps; among borrowers the bad rate (30+ days past due in 6 months) rises with
 * loan apps and night-time activity and falls with device price tier.
 */
export async function generateDemoSession(req: DemoRequest, controls: JobControls, otherPart?: DemoPartMaker): Promise<DemoTruth> {
  if (!Number.isInteger(req.rows) || req.rows < 10 || req.rows > 20_000_000) throw new AppError('INVALID_ARGUMENT', `The number of rows must be a whole number from 10 to 20,000,000; got ${req.rows}.`, { option: 'rows', expected: '10 … 20,000,000', got: String(req.rows) });
  const drift = req.drift ?? [];
  checkDrift(drift);
  fs.mkdirSync(req.out, { recursive: true });
  const lenderPath = path.join(req.out, 'lender.csv');
  const partnerPath = path.join(req.out, 'partner.csv');
  const { L, shared, partnerRows, people } = demoShape(req);
  const lender = new AtomicCsvWriter(lenderPath);
  const partner = new AtomicCsvWriter(partnerPath);
  const truthPath = path.join(req.out, 'truth-bad.csv');
  const truthBad = req.truth ? new AtomicCsvWriter(truthPath) : null;
  const tally = { invalid: 0, drifted: drift.map(() => 0) };
  await writeAllOrNothing(truthBad ? [lender, partner, truthBad] : [lender, partner], async () => {
    lender.row(['phone', 'exposure_month', 'channel', 'applied', 'prescreen_passed', 'approved', 'drew_down', 'credit_line', 'bad', 'reached', 'repurchased', 'bureau_bad']);
    truthBad?.row(['phone', 'p_bad']);
    partner.row(PARTNER_COLUMNS);
    // A large sample is made on two threads: the later people on the helper, as bytes this
    // thread appends after its own — the same files, in the same order.
    const mid = otherPart && people >= TWO_THREADS_FROM ? Math.ceil(people / 2) : people;
    const rest = mid < people ? otherPart!({ req, from: mid, to: people }) : null;
    rest?.catch(() => {});
    const share = mid / people;
    writePeople(req, 0, mid, { lender, partner, truthBad }, tally, (p) => {
      if (controls.signal.aborted) throw new AppError('CANCELLED', 'Cancelled; nothing was written.');
      // Both threads move at about the same pace: this thread's share stands for the whole.
      const done = Math.round(p / share);
      if (done < L) controls.onProgress({ phase: 'lender', done, total: L, message: `${done.toLocaleString('en')} lender rows` });
      else controls.onProgress({ phase: 'partner', done: done - (L - shared), total: partnerRows, message: `${(done - (L - shared)).toLocaleString('en')} partner rows` });
    });
    if (rest) {
      const part = await rest;
      lender.write(part.lender);
      partner.write(part.partner);
      if (truthBad && part.truthBad) truthBad.write(part.truthBad);
      tally.invalid += part.invalid;
      part.drifted.forEach((n, j) => { tally.drifted[j]! += n; });
    }
  });
  const { invalid } = tally;
  const driftedRows = tally.drifted;
  const truth: DemoTruth = {
    seed: req.seed, lenderRows: L, partnerRows, shared, invalidLenderPhones: invalid, lender: lenderPath, partner: partnerPath, outcomes: DEMO_OUTCOMES,
    ...(drift.length ? { drift: drift.map((d, j) => ({ ...d, rows: driftedRows[j]! })) } : {}),
    ...(truthBad ? { truthBad: truthPath } : {}),
  };
  fs.writeFileSync(path.join(req.out, 'truth.json'), `${JSON.stringify(truth, null, 2)}\n`);
  return truth;
}
