import type { BundleCharacteristic, ScorecardDocument } from '../../types/bundle';
import { numberText } from './scorecard-document';

export type SqlDialect = 'ansi' | 'hive';

const quoteId = (name: string, d: SqlDialect) => (d === 'ansi' ? `"${name.replace(/"/g, '""')}"` : `\`${name.replace(/`/g, '``')}\``);
/** ANSI doubles a quote; Hive and Spark read backslash escapes (and would join two adjacent literals). */
const quoteText = (s: string, d: SqlDialect) => (d === 'ansi' ? `'${s.replace(/'/g, "''")}'` : `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`);

/** One characteristic's points as a CASE expression, matching attributes in the bundle's order. */
export function characteristicCase(c: BundleCharacteristic, d: SqlDialect): string {
  const col = quoteId(c.name, d);
  const whens: string[] = [];
  for (const a of c.attributes) {
    let cond: string;
    if (a.kind === 'missing') cond = c.type === 'categorical' ? `${col} IS NULL OR ${col} = ''` : `${col} IS NULL`;
    else if (a.kind === 'special') cond = `${col} = ${numberText(a.value!)}`;
    else if (c.type === 'categorical') {
      if (!a.categories || a.categories.length === 0) continue;
      cond = `${col} IN (${a.categories.map((v) => quoteText(v, d)).join(', ')})`;
    } else {
      const parts: string[] = [];
      if (a.lower !== null && a.lower !== undefined) parts.push(`${col} >= ${numberText(a.lower)}`);
      if (a.upper !== null && a.upper !== undefined) parts.push(`${col} < ${numberText(a.upper)}`);
      cond = parts.length ? parts.join(' AND ') : '1 = 1';
    }
    whens.push(`    WHEN ${cond} THEN ${numberText(a.points)}`);
  }
  return `CASE\n${whens.join('\n')}\n    ELSE ${numberText(c.unseenPoints)}\n  END`;
}

function selectStatement(doc: ScorecardDocument, d: SqlDialect): string {
  const lines: string[] = [];
  for (const card of doc.scorecards) {
    for (const c of card.characteristics) lines.push(`  ${characteristicCase(c, d)} AS ${quoteId(`points_${card.key}_${c.name}`, d)}`);
    const total = [numberText(card.basePoints), ...card.characteristics.map((c) => `(${characteristicCase(c, d).replace(/\n/g, '\n  ')})`)].join('\n  + ');
    lines.push(`  ${total} AS ${quoteId(`score_${card.key}`, d)}`);
  }
  return `SELECT\n  t.*,\n${lines.join(',\n')}\nFROM input_rows t;`;
}

/**
 * scorecard.sql: for each card, one CASE expression per characteristic (its points) and the score
 * (base points plus every characteristic's CASE), over a table `input_rows` holding the inputs —
 * numeric inputs as numbers, categorical ones as text, missing as NULL ('' counts as missing for
 * text). Two statements: ANSI SQL (SQLite, PostgreSQL, …) and Hive/Spark SQL.
 */
export function scorecardSql(doc: ScorecardDocument, header: string): string {
  return [
    `-- ${header}`,
    '-- Rename input_rows to the table that holds one row per user with the inputs listed in manifest.json.',
    '-- Numeric inputs are numbers, categorical inputs text; a missing value is NULL (or \'\' for text).',
    '',
    '-- dialect: ansi',
    selectStatement(doc, 'ansi'),
    '',
    '-- dialect: hive',
    selectStatement(doc, 'hive'),
    '',
  ].join('\n');
}

/** The statement of one dialect out of scorecard.sql. */
export function sqlOfDialect(sql: string, d: SqlDialect): string {
  const start = sql.indexOf(`-- dialect: ${d}\n`);
  if (start < 0) throw new Error(`scorecard.sql has no ${d} statement`);
  const body = sql.slice(start + `-- dialect: ${d}\n`.length);
  const end = '\nFROM input_rows t;';
  return body.slice(0, body.indexOf(end) + end.length);
}
