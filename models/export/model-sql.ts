import type { BundleScorecard } from '../../types/bundle';
import type { PortableEncoding, PortableNode, PortableTrees } from '../../types/portable-model';
import { numberText } from './scorecard-document';
import { characteristicCase, quoteId, quoteText, type SqlDialect } from './scorecard-sql';

/** Whether a row goes left at a split, as SQL (a missing value — NULL, '' for text, an unlisted level — by the split's side). */
function leftCondition(n: PortableNode, e: PortableEncoding, d: SqlDialect): string {
  const col = quoteId(e.name, d);
  if (e.kind === 'category') {
    const names = n.c!.map((c) => quoteText(e.levels[c]!, d));
    const isIn = names.length ? `${col} IN (${names.join(', ')})` : '1 = 0';
    const unseen = e.levels.length ? `${col} NOT IN (${e.levels.map((l) => quoteText(l, d)).join(', ')})` : '1 = 1';
    return n.m ? `(${col} IS NULL OR ${col} = '' OR ${isIn} OR ${unseen})` : isIn;
  }
  if (e.kind === 'woe') return `(${characteristicCase(e.bins, d).replace(/\n\s*/g, ' ')}) <= ${numberText(n.t!)}`;
  return n.m ? `(${col} IS NULL OR ${col} <= ${numberText(n.t!)})` : `${col} <= ${numberText(n.t!)}`;
}

function treeCase(tree: readonly PortableNode[], m: PortableTrees, k: number, d: SqlDialect): string {
  const n = tree[k]!;
  if (n.f < 0) return numberText(n.v!);
  return `CASE WHEN ${leftCondition(n, m.encodings[n.f]!, d)} THEN ${treeCase(tree, m, n.l!, d)} ELSE ${treeCase(tree, m, n.r!, d)} END`;
}

/** A network input's value as SQL (networks without hidden layers only: logistic regressions). */
function inputSql(e: PortableEncoding, d: SqlDialect): string[] {
  const col = quoteId(e.name, d);
  switch (e.kind) {
    case 'impute': return [`((COALESCE(${col}, ${numberText(e.median)}) - ${numberText(e.shift)}) * ${numberText(e.scale)})`];
    case 'onehot': return e.levels.map((l) => `(CASE WHEN ${col} = ${quoteText(l, d)} THEN 1 ELSE 0 END)`);
    case 'woe': return [`(${characteristicCase(e.bins, d).replace(/\n\s*/g, ' ')})`];
    case 'raw': return [col];
    default: throw new Error(`a ${e.kind} input has no SQL form here`);
  }
}

/**
 * A challenger card's log-odds as one SQL expression — the baseline plus one nested CASE per tree
 * (added in tree order), or a logistic regression's linear predictor — or null: a network with
 * hidden layers has no SQL form here.
 */
export function modelLogOddsSql(card: BundleScorecard, d: SqlDialect): string | null {
  const m = card.model!;
  if (m.kind === 'gbdt') return [numberText(m.baseline), ...m.trees.map((t) => `(${treeCase(t, m, 0, d)})`)].join('\n    + ');
  if (m.layers.length !== 1) return null;
  const inputs = m.encodings.flatMap((e) => inputSql(e, d));
  const layer = m.layers[0]!;
  return [numberText(layer.bias[0]!), ...layer.weights[0]!.map((w, i) => `${numberText(w)} * ${inputs[i]}`)].join('\n    + ');
}

/** The score from the log-odds column: offset + s·factor·log-odds, ROUND()ed when the card rounds. */
export function scaledScoreSql(card: BundleScorecard, logOdds: string): string {
  const sign = card.orientation === 'higher-is-better' ? -1 : 1;
  const e = `${numberText(card.offset)} + ${numberText(sign * card.factor)} * ${logOdds}`;
  return card.rounded ? `ROUND(${e})` : e;
}
