import type { BundleCharacteristic, ScorecardDocument } from '../../types/bundle';
import { modelLogOddsSql, scaledScoreSql } from './model-sql';
import { numberText } from './scorecard-document';

export type SqlDialect = 'ansi' | 'hive';

export const quoteId = (name: string, d: SqlDialect) => (d === 'ansi' ? `"${name.replace(/"/g, '""')}"` : `\`${name.replace(/`/g, '``')}\``);
/** ANSI doubles a quote; Hive and Spark read backslash escapes (and would join two adjacent literals). */
export const quoteText = (s: string, d: SqlDialect) => (d === 'ansi' ? `'${s.replace(/'/g, "''")}'` : `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`);

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
  const lines: string[] = [], scaled: string[] = [];
  for (const card of doc.scorecards) {
    if (card.model) {
      const logOdds = modelLogOddsSql(card, d);
      if (logOdds === null) continue;
      const col = quoteId(`logodds_${card.key}`, d);
      lines.push(`  ${logOdds} AS ${col}`);
      scaled.push(`  ${scaledScoreSql(card, `u.${col}`)} AS ${quoteId(`score_${card.key}`, d)}`);
      continue;
    }
    for (const c of card.characteristics) lines.push(`  ${characteristicCase(c, d)} AS ${quoteId(`points_${card.key}_${c.name}`, d)}`);
    const total = [numberText(card.basePoints), ...card.characteristics.map((c) => `(${characteristicCase(c, d).replace(/\n/g, '\n  ')})`)].join('\n  + ');
    lines.push(`  ${total} AS ${quoteId(`score_${card.key}`, d)}`);
  }
  const inner = `SELECT\n  t.*${lines.length ? ',\n' : ''}${lines.join(',\n')}\nFROM input_rows t`;
  // A challenger's score scales its log-odds column: computed once, in an inner query.
  return scaled.length ? `SELECT\n  u.*,\n${scaled.join(',\n')}\nFROM (\n${inner}\n) u;` : `${inner};`;
}

/** Why a card is missing from the SQL: a network with hidden layers has no SQL form here. */
function sqlNotes(doc: ScorecardDocument): string[] {
  return doc.scorecards.filter((c) => c.model && modelLogOddsSql(c, 'ansi') === null)
    .map((c) => `-- The ${c.key} card's model is a neural network (${c.model!.kind}): it has no SQL form here. Score it with scorer.mjs or scorecard.pmml.`);
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
    ...sqlNotes(doc),
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
  return body.slice(0, body.indexOf(';\n') + 1);
}
