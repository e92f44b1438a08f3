import type { BundleAttribute, BundleCharacteristic, BundleScorecard, ScorecardDocument } from '../../types/bundle';
import { modelCardPmml, modelFields } from './model-pmml';
import { numberText } from './scorecard-document';

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** A PMML Array of strings: each value in double quotes, inner quotes and backslashes escaped. */
const arrayValue = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

function predicate(c: BundleCharacteristic, a: BundleAttribute): string | null {
  const f = xml(c.name);
  if (a.kind === 'missing') return `<SimplePredicate field="${f}" operator="isMissing"/>`;
  if (a.kind === 'special') return `<SimplePredicate field="${f}" operator="equal" value="${numberText(a.value!)}"/>`;
  if (c.type === 'categorical') {
    if (!a.categories || a.categories.length === 0) return null;
    return `<SimpleSetPredicate field="${f}" booleanOperator="isIn"><Array n="${a.categories.length}" type="string">${xml(a.categories.map(arrayValue).join(' '))}</Array></SimpleSetPredicate>`;
  }
  const parts: string[] = [];
  if (a.lower !== null && a.lower !== undefined) parts.push(`<SimplePredicate field="${f}" operator="greaterOrEqual" value="${numberText(a.lower)}"/>`);
  if (a.upper !== null && a.upper !== undefined) parts.push(`<SimplePredicate field="${f}" operator="lessThan" value="${numberText(a.upper)}"/>`);
  if (parts.length === 0) return '<True/>';
  if (parts.length === 1) return parts[0]!;
  return `<CompoundPredicate booleanOperator="and">${parts.join('')}</CompoundPredicate>`;
}

function scorecardModel(card: BundleScorecard): string[] {
  // Reason codes rank characteristics by baseline − partial score (higher is better) or partial − baseline (higher is riskier).
  const algorithm = card.orientation === 'higher-is-better' ? 'pointsBelow' : 'pointsAbove';
  const out = [
    `  <Scorecard modelName="${card.key}" functionName="regression" useReasonCodes="true" reasonCodeAlgorithm="${algorithm}" initialScore="${numberText(card.basePoints)}" baselineMethod="other">`,
    '    <MiningSchema>',
    ...card.characteristics.map((c) => `      <MiningField name="${xml(c.name)}" usageType="active" invalidValueTreatment="asMissing"/>`),
    '    </MiningSchema>',
    '    <Output>',
    `      <OutputField name="score_${card.key}" feature="predictedValue" dataType="double" optype="continuous"/>`,
    ...Array.from({ length: card.reasonCodeCount }, (_, k) => `      <OutputField name="reason_${card.key}_${k + 1}" feature="reasonCode" rank="${k + 1}" dataType="string" optype="categorical"/>`),
    '    </Output>',
    '    <Characteristics>',
  ];
  for (const c of card.characteristics) {
    out.push(`      <Characteristic name="${xml(`points_${c.name}`)}" reasonCode="${xml(c.reasonCode)}" baselineScore="${numberText(c.baselinePoints)}">`);
    for (const a of c.attributes) {
      const p = predicate(c, a);
      if (p) out.push(`        <Attribute partialScore="${numberText(a.points)}">${p}</Attribute>`);
    }
    // A value no attribute matches (a category never seen, …) scores the unseen points.
    out.push(`        <Attribute partialScore="${numberText(c.unseenPoints)}"><True/></Attribute>`);
    out.push('      </Characteristic>');
  }
  out.push('    </Characteristics>', '  </Scorecard>');
  return out;
}

/** scorecard.pmml: a PMML 4.4 document with one model per card, named by its key: a `Scorecard`, or a challenger's MiningModel of trees or NeuralNetwork. */
export function scorecardPmml(doc: ScorecardDocument, tool: { version: string }, description: string): string {
  const fields = new Map<string, 'numeric' | 'categorical'>();
  for (const card of doc.scorecards) for (const c of card.characteristics) fields.set(c.name, c.type);
  for (const card of doc.scorecards) if (card.model) for (const [name, type] of modelFields(card)) fields.set(name, type);
  // A network's output unit feeds its target field: the log-odds.
  const targets = doc.scorecards.filter((c) => c.model && c.model.kind !== 'gbdt').map((c) => `logodds_${c.key}`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<PMML xmlns="http://www.dmg.org/PMML-4_4" version="4.4">',
    `  <Header description="${xml(description)}">`,
    `    <Application name="Jointscore" version="${xml(tool.version)}"/>`,
    '  </Header>',
    `  <DataDictionary numberOfFields="${fields.size + targets.length}">`,
    ...[...fields].map(([name, type]) => (type === 'numeric'
      ? `    <DataField name="${xml(name)}" optype="continuous" dataType="double"/>`
      : `    <DataField name="${xml(name)}" optype="categorical" dataType="string"/>`)),
    ...targets.map((t) => `    <DataField name="${t}" optype="continuous" dataType="double"/>`),
    '  </DataDictionary>',
    ...doc.scorecards.flatMap((c) => (c.model ? modelCardPmml(c) : scorecardModel(c))),
    '</PMML>',
    '',
  ].join('\n');
}
