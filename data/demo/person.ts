/**
 * One synthetic person of the demo: everything about them follows from (seed, person number), so
 * the lender's file and the partner's file, written separately, agree about the people they share.
 */
export interface Person {
  phone: string;
  os: 'android' | 'ios';
  deviceId: string;
  videoMin: number;
  socialMin: number;
  financeMin: number;
  shoppingMin: number;
  gameMin: number;
  activeHours: number;
  nightRatio: number;
  devicePriceTier: number;
  cityTier: number;
  interestTags: string;
  loanApps: number;
  daysSinceActive: number;
  /** Latent scores behind the lender's outcomes (not written to either file). */
  propensity: number;
  risk: number;
}

/** A small seeded PRNG per person (splitmix32 over seed and person). */
function rng(seed: number, p: number): () => number {
  let a = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(p + 1, 0xc2b2ae35)) >>> 0;
  return () => {
    a = (a + 0x9e3779b9) >>> 0;
    let t = a ^ (a >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    t ^= t >>> 15;
    return (t >>> 0) / 4294967296;
  };
}

function normal(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

const HEX_DIGITS = '0123456789abcdef';

const TAGS = ['finance', 'shopping', 'travel', 'education', 'games', 'auto', 'beauty', 'sports'];

/** The mobile number of person `p`: distinct for every p below 10⁹. */
export function phoneOf(p: number): string {
  return `1${3 + (p % 7)}${String((p * 7919 + 12345) % 1_000_000_000).padStart(9, '0')}`;
}

export function person(seed: number, p: number): Person {
  const r = rng(seed, p);
  const os = r() < 0.72 ? 'android' : 'ios';
  const hex = (n: number) => { let s = ''; for (let i = 0; i < n; i++) s += HEX_DIGITS[Math.floor(r() * 16)]; return s; };
  const uuid = `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(r() * 4)]}${hex(3)}-${hex(12)}`;
  const deviceId = os === 'ios' ? uuid.toUpperCase() : uuid;
  const z = normal(r);
  const devicePriceTier = Math.min(5, Math.max(1, Math.round(3 + 1.1 * normal(r))));
  const cityTier = Math.min(5, Math.max(1, Math.round(2.6 + 1.2 * normal(r))));
  const financeMin = Math.max(0, Math.round(Math.exp(1.5 + 0.9 * normal(r) + 0.6 * z)));
  const loanApps = Math.max(0, Math.round(Math.exp(0.3 + 0.7 * normal(r) + 0.35 * z)) - 1);
  const nightRatio = Math.min(1, Math.max(0, 0.15 + 0.1 * normal(r) + 0.04 * loanApps));
  const tags = TAGS.filter((_, i) => r() < (i === 0 ? 0.2 + 0.15 * Math.tanh(z) : 0.25));
  const person: Person = {
    phone: phoneOf(p), os, deviceId,
    videoMin: Math.max(0, Math.round(Math.exp(3.6 + 0.8 * normal(r)))),
    socialMin: Math.max(0, Math.round(Math.exp(3.2 + 0.7 * normal(r)))),
    financeMin,
    shoppingMin: Math.max(0, Math.round(Math.exp(2.4 + 0.9 * normal(r)))),
    gameMin: Math.max(0, Math.round(Math.exp(2 + 1.2 * normal(r)))),
    activeHours: Math.min(24, Math.max(0.2, Math.round((4 + 2 * normal(r)) * 10) / 10)),
    nightRatio: Math.round(nightRatio * 1000) / 1000,
    devicePriceTier, cityTier,
    interestTags: tags.join('|'),
    loanApps,
    daysSinceActive: Math.floor(-Math.log(1 - r()) * 6),
    propensity: -2.2 + 0.55 * Math.log1p(financeMin) / 2 + 0.35 * Math.min(loanApps, 6) / 2 + 0.3 * (tags.includes('finance') ? 1 : 0) + 0.4 * z,
    risk: -2.4 + 0.28 * Math.min(loanApps, 8) + 2.2 * (nightRatio - 0.15) - 0.25 * (devicePriceTier - 3) + 0.15 * (cityTier - 2.6) + 0.25 * normal(r),
  };
  return person;
}

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
export { rng as personRng };
