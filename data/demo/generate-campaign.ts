import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../types/errors';
import type { JobControls } from '../../types/progress';
import { AtomicCsvWriter, writeAllOrNothing } from '../pseudonymize/csv-writer';
import { personRng, sigmoid } from './person';

export interface CampaignRequest {
  rows: number;
  seed: number;
  out: string;
}

export const OFFERS = ['line_increase', 'coupon', 'price_cut'] as const;
export const CHANNELS = ['app', 'sms', 'call'] as const;
/** Who a customer is to an offer: responds because of it, responds anyway, does not respond either way, or is put off by it. */
export const TIERS = ['persuadable', 'sure_thing', 'lost_cause', 'do_not_disturb'] as const;

/** What the campaign generator knows for certain: the files, the arms' shares, and per tier how many customers and their mean true uplift per offer (app channel). */
export interface CampaignTruth {
  seed: number;
  rows: number;
  customers: string;
  truth: string;
  /** Share of customers given no offer (the control group). */
  controlShare: number;
  tiers: Record<(typeof TIERS)[number], { customers: number; meanControlRate: number; meanUplift: Record<(typeof OFFERS)[number], number> }>;
}

const AGE_BANDS = ['18-24', '25-34', '35-44', '45-59', '60+'];
/** Cost per offer taken up, and per contact by channel (yuan). */
const OFFER_COST: Record<(typeof OFFERS)[number], number> = { line_increase: 10, coupon: 30, price_cut: 60 };
const CONTACT_COST: Record<(typeof CHANNELS)[number], number> = { app: 0.1, sms: 0.05, call: 2 };
const CONTROL_SHARE = 0.4;

/** A stock customer: features the lender holds, the latent tier and the chance to draw down within 30 days without an offer. */
function customer(seed: number, p: number) {
  const r = personRng(seed ^ 0x68e31da4, p);
  const tenure = 1 + Math.floor(r() * 60);
  const line = 5000 + 1000 * Math.floor(r() * 46);
  const utilization = Math.round(r() ** 1.3 * 1000) / 1000;
  const logins = Math.min(30, Math.floor(-Math.log(1 - r()) * 6));
  const drewBefore = r() < 0.8;
  const lastDraw = drewBefore ? Math.floor(r() * 365) : null;
  const age = AGE_BANDS[Math.min(4, Math.floor(r() * 5))]!;
  const tier: (typeof TIERS)[number] = utilization >= 0.7 ? 'sure_thing' : tenure > 40 && logins < 3 ? 'do_not_disturb' : utilization < 0.4 && logins >= 5 ? 'persuadable' : 'lost_cause';
  const base = -2.6 + 2.6 * (utilization >= 0.7 ? 1 : 0) + 0.04 * logins - (lastDraw === null ? 0.5 : lastDraw / 365);
  return { r, tenure, line, utilization, logins, lastDraw, age, tier, pControl: sigmoid(base) };
}

/** The true change in the chance to draw down that an offer by a channel brings a customer of a tier (probability points). */
function upliftOf(tier: (typeof TIERS)[number], offer: (typeof OFFERS)[number], channel: (typeof CHANNELS)[number], logins: number): number {
  if (tier === 'persuadable') return { line_increase: 0.05, coupon: 0.12, price_cut: 0.08 }[offer] * (channel === 'app' ? 1 : channel === 'sms' ? 0.8 : 0.6) * (0.7 + Math.min(logins, 15) / 25);
  if (tier === 'do_not_disturb') return channel === 'call' ? -0.07 : -0.03;
  if (tier === 'sure_thing') return 0.005;
  return 0.01;
}

const clamp = (p: number) => Math.min(0.999, Math.max(0.001, p));

/**
 * Writes a stock-customer campaign with a randomized offer and a known uplift per customer:
 * `customers.csv` (customer_id, tenure_months, current_line, utilization, last_draw_days,
 * app_logins_30d, age_band, offer — none for the 40% control —, channel, treated, responded, value)
 * and `truth.csv` (customer_id, tier, p_control, the true uplift of every offer by every channel),
 * and `campaign-truth.json` (per tier: customers, control rate, mean uplift per offer by app). The uplift is
 * heterogeneous: persuadables respond because of an offer (coupons most, by app most), sure things
 * respond anyway, lost causes barely, do-not-disturbs are put off (by a call most). Same seed, same bytes.
 */
export async function generateCampaign(req: CampaignRequest, controls: JobControls): Promise<CampaignTruth> {
  if (!Number.isInteger(req.rows) || req.rows < 100 || req.rows > 10_000_000) throw new AppError('INVALID_ARGUMENT', `A campaign has 100 to 10,000,000 customers; got ${req.rows}.`, { option: 'rows', expected: '100 … 10000000', got: String(req.rows) });
  fs.mkdirSync(req.out, { recursive: true });
  const customersPath = path.join(req.out, 'customers.csv'), truthPath = path.join(req.out, 'truth.csv');
  for (const f of [customersPath, truthPath]) if (fs.existsSync(f)) throw new AppError('ALREADY_EXISTS', `${f} already exists; the generator never overwrites.`, { file: f, expected: 'a new file' });
  const customers = new AtomicCsvWriter(customersPath), truth = new AtomicCsvWriter(truthPath);
  const tally = Object.fromEntries(TIERS.map((t) => [t, { customers: 0, control: 0, uplift: Object.fromEntries(OFFERS.map((o) => [o, 0])) }])) as Record<(typeof TIERS)[number], { customers: number; control: number; uplift: Record<(typeof OFFERS)[number], number> }>;
  await writeAllOrNothing([customers, truth], () => {
    customers.row(['customer_id', 'tenure_months', 'current_line', 'utilization', 'last_draw_days', 'app_logins_30d', 'age_band', 'offer', 'channel', 'treated', 'responded', 'value']);
    truth.row(['customer_id', 'tier', 'p_control', ...OFFERS.flatMap((o) => CHANNELS.map((c) => `uplift_${o}_${c}`))]);
    for (let p = 0; p < req.rows; p++) {
      const c = customer(req.seed, p);
      const id = `C${String(p + 1).padStart(8, '0')}`;
      const u = c.r();
      const offer = u < CONTROL_SHARE ? null : OFFERS[Math.min(2, Math.floor(((u - CONTROL_SHARE) / (1 - CONTROL_SHARE)) * 3))]!;
      const channel = offer ? CHANNELS[Math.min(2, Math.floor(c.r() * 3))]! : null;
      const prob = offer ? clamp(c.pControl + upliftOf(c.tier, offer, channel!, c.logins)) : c.pControl;
      const responded = c.r() < prob ? 1 : 0;
      const value = responded ? Math.round(c.line * 0.02 - (offer ? OFFER_COST[offer] : 0)) : -(channel ? CONTACT_COST[channel] : 0);
      customers.row([id, String(c.tenure), String(c.line), String(c.utilization), c.lastDraw === null ? '' : String(c.lastDraw), String(c.logins), c.age, offer ?? 'none', channel ?? '', offer ? '1' : '0', String(responded), String(value)]);
      truth.row([id, c.tier, c.pControl.toFixed(6), ...OFFERS.flatMap((o) => CHANNELS.map((ch) => (clamp(c.pControl + upliftOf(c.tier, o, ch, c.logins)) - c.pControl).toFixed(6)))]);
      const t = tally[c.tier];
      t.customers++; t.control += c.pControl;
      for (const o of OFFERS) t.uplift[o] += clamp(c.pControl + upliftOf(c.tier, o, 'app', c.logins)) - c.pControl;
      if (p % 50_000 === 0) {
        if (controls.signal.aborted) throw new AppError('CANCELLED', 'Cancelled; nothing was written.');
        controls.onProgress({ phase: 'write', done: p, total: req.rows, message: `${p.toLocaleString('en')} customers` });
      }
    }
  });
  const result: CampaignTruth = {
    seed: req.seed, rows: req.rows, customers: customersPath, truth: truthPath, controlShare: CONTROL_SHARE,
    tiers: Object.fromEntries(TIERS.map((t) => {
      const x = tally[t], n = Math.max(1, x.customers);
      return [t, { customers: x.customers, meanControlRate: x.control / n, meanUplift: Object.fromEntries(OFFERS.map((o) => [o, x.uplift[o] / n])) }];
    })) as CampaignTruth['tiers'],
  };
  // The file names, not where they were written: the same seed gives the same bytes anywhere.
  fs.writeFileSync(path.join(req.out, 'campaign-truth.json'), `${JSON.stringify({ ...result, customers: 'customers.csv', truth: 'truth.csv' }, null, 2)}\n`);
  return result;
}
