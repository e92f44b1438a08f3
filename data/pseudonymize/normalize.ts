/**
 * Normalizing an id before hashing, the same way on both parties' machines: two parties only
 * match if they hash the same characters. Each function returns the normalized id, or a reason
 * string (starting with "invalid:") when the id cannot be one.
 */
export type KeyKind = 'phone' | 'idcard' | 'device' | 'imei' | 'idfa' | 'oaid' | 'caid' | 'email' | 'text';
export const KEY_KINDS: readonly KeyKind[] = ['phone', 'idcard', 'device', 'imei', 'idfa', 'oaid', 'caid', 'email', 'text'];

export interface Normalized {
  ok: boolean;
  /** The normalized id when ok, else the reason it was rejected. */
  value: string;
}

const ok = (value: string): Normalized => ({ ok: true, value });
const bad = (value: string): Normalized => ({ ok: false, value });

/** Mainland mobile number: spaces, dashes, dots and brackets removed, a +86 / 0086 / 86 prefix dropped; 11 digits starting with 1. */
export function normalizePhone(raw: string): Normalized {
  let s = raw.replace(/[\s\-().]/g, '');
  if (s.startsWith('+86')) s = s.slice(3);
  else if (s.startsWith('0086')) s = s.slice(4);
  else if (s.length === 13 && s.startsWith('86')) s = s.slice(2);
  return /^1\d{10}$/.test(s) ? ok(s) : bad('not an 11-digit mainland mobile number starting with 1');
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The check character of the first 17 digits of a resident ID number (ISO 7064 MOD 11-2). */
export function idCardCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

/** Resident ID number: 18 characters, 17 digits and a valid check character; x becomes X. */
export function normalizeIdCard(raw: string): Normalized {
  const s = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(s)) return bad('not 18 characters (17 digits and a digit or X)');
  return idCardCheckChar(s) === s[17] ? ok(s) : bad('check digit does not match');
}

const UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;
const ZERO_UUID = /^[0-]+$/;

/** IMEI: 14–16 digits (the 15-digit form usual), as ad platforms hash it. */
export function normalizeImei(raw: string): Normalized {
  const s = raw.trim();
  return /^\d{14,16}$/.test(s) && !/^0+$/.test(s) ? ok(s) : bad('not an IMEI (14–16 digits)');
}

/** IDFA: a UUID in upper case (Apple's form); the all-zero IDFA of limited ad tracking is refused. */
export function normalizeIdfa(raw: string): Normalized {
  const s = raw.trim();
  if (!UUID.test(s)) return bad('not an IDFA (a UUID)');
  return ZERO_UUID.test(s) ? bad('all-zero IDFA (ad tracking limited)') : ok(s.toUpperCase());
}

/** OAID: trimmed and in lower case, as Android's MSA SDK reports it; all-zero refused. */
export function normalizeOaid(raw: string): Normalized {
  const s = raw.trim().toLowerCase();
  if (s.length < 16 || !/^[0-9a-z-]+$/.test(s)) return bad('not an OAID (16+ letters, digits or dashes)');
  return ZERO_UUID.test(s) ? bad('all-zero OAID (ad tracking limited)') : ok(s);
}

/** CAID: trimmed, as issued. */
export function normalizeCaid(raw: string): Normalized {
  const s = raw.trim();
  return /^[0-9A-Za-z_-]{16,64}$/.test(s) ? ok(s) : bad('not a CAID (16–64 letters or digits)');
}

/** Any device id: IMEI when all digits, IDFA when a UUID in upper case, else OAID rules. */
export function normalizeDevice(raw: string): Normalized {
  const s = raw.trim();
  if (/^\d+$/.test(s)) return normalizeImei(s);
  if (UUID.test(s) && s === s.toUpperCase()) return normalizeIdfa(s);
  return normalizeOaid(s);
}

/** E-mail: trimmed and in lower case; one @ with text on both sides and a dot in the domain. */
export function normalizeEmail(raw: string): Normalized {
  const s = raw.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s) ? ok(s) : bad('not an e-mail address');
}

/** Free text: trimmed; must not be empty. */
export function normalizeText(raw: string): Normalized {
  const s = raw.trim();
  return s.length > 0 ? ok(s) : bad('empty');
}

export const NORMALIZERS: Record<KeyKind, (raw: string) => Normalized> = {
  phone: normalizePhone, idcard: normalizeIdCard, device: normalizeDevice, imei: normalizeImei, idfa: normalizeIdfa,
  oaid: normalizeOaid, caid: normalizeCaid, email: normalizeEmail, text: normalizeText,
};
