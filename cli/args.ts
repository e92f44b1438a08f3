import { pickLocale, type Locale } from '../i18n/locales';
import type { MessageKey } from '../i18n/translate';
/** A tiny argv parser: positionals, `--flag value`, `--flag=value`, repeatable flags and booleans. */
export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string[]>;
  booleans: Set<string>;
}

/** A mistake on the command line. `phrase`: its catalogue key and values, so each language can say it (else the English message). */
export class UsageError extends Error {
  constructor(message: string, readonly phrase?: { key: MessageKey; values: Record<string, string | number> }) {
    super(message);
  }
}

export function parseArgs(argv: readonly string[], booleanFlags: ReadonlySet<string>): ParsedArgs {
  const out: ParsedArgs = { positionals: [], flags: new Map(), booleans: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') { out.positionals.push(...argv.slice(i + 1)); break; }
    if (!a.startsWith('--') || a === '--') { out.positionals.push(a); continue; }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (booleanFlags.has(name)) { out.booleans.add(name); continue; }
    const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`, { key: 'cli.usage.needsValue', values: { flag: `--${name}` } });
    out.flags.set(name, [...(out.flags.get(name) ?? []), value]);
  }
  return out;
}

export function one(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  if (v && v.length > 1) throw new UsageError(`--${name} given more than once`, { key: 'cli.usage.repeated', values: { flag: `--${name}` } });
  return v?.[0];
}

export function required(args: ParsedArgs, name: string): string {
  const v = one(args, name);
  if (v === undefined) throw new UsageError(`--${name} is required`, { key: 'cli.usage.required', values: { flag: `--${name}` } });
  return v;
}

/** `--type a=numeric --type b=date` → { a: 'numeric', b: 'date' } */
export function pairs(args: ParsedArgs, name: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of args.flags.get(name) ?? []) {
    const eq = p.lastIndexOf('=');
    if (eq <= 0) throw new UsageError(`--${name} expects COLUMN=VALUE, got '${p}'`, { key: 'cli.usage.pair', values: { flag: `--${name}`, got: p } });
    out[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return out;
}

export function checkKnown(args: ParsedArgs, known: readonly string[]): void {
  for (const k of [...args.flags.keys(), ...args.booleans]) {
    if (!known.includes(k) && k !== 'json' && k !== 'quiet' && k !== 'lang') throw new UsageError(`unknown option --${k}`, { key: 'cli.usage.unknownOption', values: { flag: `--${k}` } });
  }
}

/** `--features a,b` → ['a', 'b']. */
export const list = (v: string | undefined) => v?.split(',').map((x) => x.trim()).filter(Boolean);

/** A flag saying yes or no: true/false (or 1/0, yes/no); anything else is refused. */
export function truth(args: ParsedArgs, flag: string): boolean | undefined {
  const v = one(args, flag);
  if (v === undefined) return undefined;
  const t = v.toLowerCase();
  if (['true', '1', 'yes'].includes(t)) return true;
  if (['false', '0', 'no'].includes(t)) return false;
  throw new UsageError(`--${flag} takes true or false; got '${v}'`, { key: 'cli.usage.truth', values: { flag: `--${flag}`, expected: 'true | false', got: v } });
}

export function number(args: ParsedArgs, flag: string): number | undefined {
  const v = one(args, flag);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UsageError(`--${flag} takes a number; got '${v}'`, { key: 'cli.usage.number', values: { flag: `--${flag}`, got: v } });
  return n;
}

/** `{ key: value }` when the value is given, else `{}` (options left out stay at their defaults). */
export function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** The language of this run's human-readable output and reports: --lang, else the system's (LC_ALL, LC_MESSAGES, LANG). */
export function cliLocale(args: ParsedArgs): Locale {
  return pickLocale(one(args, 'lang') ?? (process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG));
}

/** `--weight COL` (a weight column), `--no-weight` (none, though the dataset has a weight role), or nothing (the role's column, if any). */
export function weightOption(args: ParsedArgs): { weight?: string | null } {
  const w = one(args, 'weight');
  if (w !== undefined && args.booleans.has('no-weight')) throw new UsageError('--weight and --no-weight exclude each other');
  return w !== undefined ? { weight: w } : args.booleans.has('no-weight') ? { weight: null } : {};
}
