import { catalogKeys, type MessageKey, type Translator } from './translate';

/** The groups of product codes the catalogues name: column types and roles, parties, purposes, samples, trends, pipeline steps and states. */
export type CodeGroup = 'type' | 'role' | 'party' | 'purpose' | 'sample' | 'edit.trend' | 'pipeline' | 'pipeline.state' | 'audit.d.method' | 'cli.orient' | 'join.how' | 'cli.format' | 'period' | 'infer.method' | 'uplift.tier' | 'uplift.method';

let keys: ReadonlySet<string> | null = null;

/** A product code (a type, a role, a sample…) in the reader's language; any other value as it is. */
export function codeWord(tr: Translator, group: CodeGroup, value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  const key = `${group}.${value}`;
  return (keys ??= new Set(catalogKeys('en'))).has(key) ? tr.t(key as MessageKey) : value;
}
