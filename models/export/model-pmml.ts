import type { BundleCharacteristic, BundleScorecard } from '../../types/bundle';
import type { PortableEncoding, PortableNetwork, PortableNode, PortableTrees } from '../../types/portable-model';
import { numberText } from './scorecard-document';

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const arrayValue = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const num = (x: number) => `<Constant dataType="double">${numberText(x)}</Constant>`;
const ref = (f: string) => `<FieldRef field="${xml(f)}"/>`;
const apply = (fn: string, ...args: string[]) => `<Apply function="${fn}">${args.join('')}</Apply>`;
const ifThen = (cond: string, then: string, otherwise: string) => apply('if', cond, then, otherwise);

/** The PMML field a challenger reads for each of its inputs' raw columns: name and type. */
export function modelFields(card: BundleScorecard): [string, 'numeric' | 'categorical'][] {
  return card.model!.encodings.map((e) => [e.name, e.kind === 'category' || e.kind === 'onehot' || (e.kind === 'woe' && e.bins.type === 'categorical') ? 'categorical' : 'numeric']);
}

/** A WOE lookup as nested `if`s: missing first, then special values, then bins (in the bundle's order), else the unseen value. */
export function woeExpression(c: BundleCharacteristic): string {
  const x = ref(c.name);
  const missing = c.attributes.find((a) => a.kind === 'missing')?.points ?? c.unseenPoints;
  let expr = num(c.unseenPoints);
  for (const a of [...c.attributes].reverse()) {
    if (a.kind === 'missing') continue;
    let cond: string;
    if (a.kind === 'special') cond = apply('equal', x, num(a.value!));
    else if (c.type === 'categorical') {
      if (!a.categories?.length) continue;
      cond = apply('isIn', x, ...a.categories.map((v) => `<Constant dataType="string">${xml(v)}</Constant>`));
    } else {
      const parts: string[] = [];
      if (a.lower != null) parts.push(apply('greaterOrEqual', x, num(a.lower)));
      if (a.upper != null) parts.push(apply('lessThan', x, num(a.upper)));
      cond = parts.length === 0 ? '<Constant dataType="boolean">true</Constant>' : parts.length === 1 ? parts[0]! : apply('and', ...parts);
    }
    expr = ifThen(cond, num(a.points), expr);
  }
  return ifThen(apply('isMissing', x), num(missing), expr);
}

const woeField = (name: string) => `woe(${name})`;

function treeNodes(tree: readonly PortableNode[], m: PortableTrees, k: number, id: string, predicate: string, indent: string): string[] {
  const n = tree[k]!;
  if (n.f < 0) return [`${indent}<Node id="${id}" score="${numberText(n.v!)}" recordCount="${n.n}">${predicate}</Node>`];
  const e = m.encodings[n.f]!;
  let left: string;
  if (e.kind === 'category') {
    const names = n.c!.map((c) => e.levels[c]!);
    const isIn = names.length ? `<SimpleSetPredicate field="${xml(e.name)}" booleanOperator="isIn"><Array n="${names.length}" type="string">${xml(names.map(arrayValue).join(' '))}</Array></SimpleSetPredicate>` : '<False/>';
    // An unlisted level is routed as a missing value.
    const unseen = e.levels.length ? `<SimpleSetPredicate field="${xml(e.name)}" booleanOperator="isNotIn"><Array n="${e.levels.length}" type="string">${xml(e.levels.map(arrayValue).join(' '))}</Array></SimpleSetPredicate>` : '<True/>';
    left = n.m ? `<CompoundPredicate booleanOperator="or"><SimplePredicate field="${xml(e.name)}" operator="isMissing"/>${isIn}${unseen}</CompoundPredicate>` : isIn;
  } else {
    const field = e.kind === 'woe' ? woeField(e.name) : e.name;
    left = `<SimplePredicate field="${xml(field)}" operator="lessOrEqual" value="${numberText(n.t!)}"/>`;
  }
  const l = `${id}L`, r = `${id}R`;
  return [
    `${indent}<Node id="${id}" defaultChild="${n.m ? l : r}" recordCount="${n.n}">${predicate}`,
    ...treeNodes(tree, m, n.l!, l, left, `${indent}  `),
    ...treeNodes(tree, m, n.r!, r, '<True/>', `${indent}  `),
    `${indent}</Node>`,
  ];
}

function miningSchema(card: BundleScorecard, indent: string, target?: string): string[] {
  return [
    `${indent}<MiningSchema>`,
    ...(target ? [`${indent}  <MiningField name="${xml(target)}" usageType="target"/>`] : []),
    ...card.model!.encodings.map((e) => `${indent}  <MiningField name="${xml(e.name)}" usageType="active"/>`),
    `${indent}</MiningSchema>`,
  ];
}

/** logodds, probability and score outputs (the score the PDO scaling of the log-odds, rounded when the card rounds). */
function outputs(card: BundleScorecard, logOdds: string, indent: string): string[] {
  const sign = card.orientation === 'higher-is-better' ? -1 : 1;
  const scaled = apply('+', num(card.offset), apply('*', num(sign * card.factor), ref(logOdds)));
  return [
    `${indent}<Output>`,
    `${indent}  <OutputField name="${xml(logOdds)}" feature="predictedValue" dataType="double" optype="continuous"/>`,
    `${indent}  <OutputField name="probability_${card.key}" feature="transformedValue" dataType="double" optype="continuous">${apply('/', num(1), apply('+', num(1), apply('exp', apply('*', num(-1), ref(logOdds)))))}</OutputField>`,
    `${indent}  <OutputField name="score_${card.key}" feature="transformedValue" dataType="double" optype="continuous">${card.rounded ? apply('round', scaled) : scaled}</OutputField>`,
    `${indent}</Output>`,
  ];
}

/** Trees as a MiningModel: a first segment holding the baseline, then one TreeModel per tree, summed; logistic and the score as outputs. */
function treesModel(card: BundleScorecard, m: PortableTrees): string[] {
  const woe = m.encodings.filter((e): e is Extract<PortableEncoding, { kind: 'woe' }> => e.kind === 'woe');
  const segment = (id: number, node: string[]) => [
    `      <Segment id="${id}"><True/>`,
    '        <TreeModel functionName="regression" missingValueStrategy="defaultChild" noTrueChildStrategy="returnLastPrediction" splitCharacteristic="binarySplit">',
    ...miningSchema(card, '          '),
    ...node,
    '        </TreeModel>',
    '      </Segment>',
  ];
  return [
    `  <MiningModel modelName="${card.key}" functionName="regression">`,
    ...miningSchema(card, '    '),
    ...outputs(card, `logodds_${card.key}`, '    '),
    ...(woe.length ? ['    <LocalTransformations>', ...woe.map((e) => `      <DerivedField name="${xml(woeField(e.name))}" optype="continuous" dataType="double">${woeExpression(e.bins)}</DerivedField>`), '    </LocalTransformations>'] : []),
    '    <Segmentation multipleModelMethod="sum">',
    ...segment(0, [`          <Node id="baseline" score="${numberText(m.baseline)}"><True/></Node>`]),
    ...m.trees.flatMap((tree, t) => segment(t + 1, treeNodes(tree, m, 0, `t${t + 1}`, '<True/>', '          '))),
    '    </Segmentation>',
    '  </MiningModel>',
  ];
}

/** The expressions of an encoding's network inputs, in order. */
function inputExpressions(e: PortableEncoding): string[] {
  const x = ref(e.name);
  switch (e.kind) {
    case 'impute': return [apply('*', apply('-', `<FieldRef field="${xml(e.name)}" mapMissingTo="${numberText(e.median)}"/>`, num(e.shift)), num(e.scale))];
    case 'onehot': return e.levels.map((l) => `<NormDiscrete field="${xml(e.name)}" value="${xml(l)}" mapMissingTo="0"/>`);
    case 'ple': return [
      ...e.edges.slice(1).map((hi, t) => {
        const lo = e.edges[t]!;
        return ifThen(apply('isMissing', x), num(0), ifThen(apply('greaterOrEqual', x, num(hi)), num(1), ifThen(apply('lessOrEqual', x, num(lo)), num(0), apply('/', apply('-', x, num(lo)), num(hi - lo)))));
      }),
      ifThen(apply('isMissing', x), num(1), num(0)),
    ];
    case 'woe': return [woeExpression(e.bins)];
    case 'raw': return [x];
    case 'category': throw new Error('a network has no category-index inputs');
  }
}

/** A network (or a logistic regression as one) as a NeuralNetwork: ReLU hidden layers, an identity output unit holding the log-odds. */
function networkModel(card: BundleScorecard, m: PortableNetwork): string[] {
  const target = `logodds_${card.key}`;
  const inputs = m.encodings.flatMap(inputExpressions);
  const out = [
    `  <NeuralNetwork modelName="${card.key}" functionName="regression" activationFunction="identity">`,
    ...miningSchema(card, '    ', target),
    ...outputs(card, target, '    '),
    `    <NeuralInputs numberOfInputs="${inputs.length}">`,
    ...inputs.map((expr, i) => `      <NeuralInput id="i${i}"><DerivedField optype="continuous" dataType="double">${expr}</DerivedField></NeuralInput>`),
    '    </NeuralInputs>',
  ];
  let below = inputs.map((_, i) => `i${i}`);
  m.layers.forEach((layer, k) => {
    const ids = layer.bias.map((_, u) => `${k + 1},${u}`);
    out.push(`    <NeuralLayer numberOfNeurons="${ids.length}" activationFunction="${layer.activation === 'relu' ? 'rectifier' : 'identity'}">`);
    layer.bias.forEach((b, u) => out.push(`      <Neuron id="${ids[u]}" bias="${numberText(b)}">${layer.weights[u]!.map((w, i) => `<Con from="${below[i]}" weight="${numberText(w)}"/>`).join('')}</Neuron>`));
    out.push('    </NeuralLayer>');
    below = ids;
  });
  out.push(
    '    <NeuralOutputs numberOfOutputs="1">',
    `      <NeuralOutput outputNeuron="${below[0]}"><DerivedField optype="continuous" dataType="double">${ref(target)}</DerivedField></NeuralOutput>`,
    '    </NeuralOutputs>',
    '  </NeuralNetwork>',
  );
  return out;
}

/** A challenger card's PMML model: MiningModel of TreeModels for trees, NeuralNetwork otherwise. */
export function modelCardPmml(card: BundleScorecard): string[] {
  const m = card.model!;
  return m.kind === 'gbdt' ? treesModel(card, m) : networkModel(card, m);
}
