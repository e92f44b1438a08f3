/**
 * A PMML 4.4 Scorecard evaluator written from the DMG specification, for tests: it shares no code
 * with the exporter. It parses the XML itself (elements, attributes, text; the five predefined
 * entities), converts inputs by each DataField's dataType, applies MiningField
 * invalidValueTreatment, and scores: initialScore + for each Characteristic the partialScore of
 * its first Attribute whose predicate is TRUE (PMML's three-valued logic: a comparison with a
 * missing value is UNKNOWN, which does not select). Reason codes: per Characteristic, baseline −
 * partial (pointsBelow) or partial − baseline (pointsAbove); ranked by that difference, largest
 * first, ties in document order; only positive differences are reported.
 */

export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

const decode = (s: string) => s.replace(/&(lt|gt|amp|quot|apos);/g, (_, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[e]!);

export function parseXml(xml: string): XmlNode {
  const root: XmlNode = { name: '#document', attrs: {}, children: [], text: '' };
  const stack = [root];
  const re = /<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w:.-]+\s*=\s*"[^"]*")*)\s*(\/?)>|([^<]+)/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const [, close, name, attrText, selfClose, text] = m;
    if (text !== undefined) { stack[stack.length - 1]!.text += decode(text); continue; }
    if (!name) continue;
    if (close) {
      const top = stack.pop()!;
      if (top.name !== name) throw new Error(`XML: </${name}> closes <${top.name}>`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of (attrText ?? '').matchAll(/([\w:.-]+)\s*=\s*"([^"]*)"/g)) attrs[a[1]!] = decode(a[2]!);
    const node: XmlNode = { name, attrs, children: [], text: '' };
    stack[stack.length - 1]!.children.push(node);
    if (!selfClose) stack.push(node);
  }
  if (stack.length !== 1) throw new Error('XML: unclosed element');
  return root.children[0]!;
}

const child = (n: XmlNode, name: string) => n.children.find((c) => c.name === name);
const children = (n: XmlNode, name: string) => n.children.filter((c) => c.name === name);

/** A PMML Array's values: whitespace-separated, double-quoted when they hold spaces (\" escapes a quote). */
function arrayValues(a: XmlNode): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let m = re.exec(a.text); m; m = re.exec(a.text)) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]!);
  return out;
}

type Value = number | string | null;
type Truth = true | false | 'unknown';

function compare(v: Value, op: string, ref: string, type: string): Truth {
  if (op === 'isMissing') return v === null;
  if (op === 'isNotMissing') return v !== null;
  if (v === null) return 'unknown';
  const r: Value = type === 'double' ? Number(ref) : ref;
  switch (op) {
    case 'equal': return v === r;
    case 'notEqual': return v !== r;
    case 'lessThan': return v < r;
    case 'lessOrEqual': return v <= r;
    case 'greaterThan': return v > r;
    case 'greaterOrEqual': return v >= r;
    default: throw new Error(`PMML: operator ${op}`);
  }
}

function evaluatePredicate(p: XmlNode, row: Record<string, Value>, types: Map<string, string>): Truth {
  switch (p.name) {
    case 'True': return true;
    case 'False': return false;
    case 'SimplePredicate': return compare(row[p.attrs.field!] ?? null, p.attrs.operator!, p.attrs.value ?? '', types.get(p.attrs.field!)!);
    case 'SimpleSetPredicate': {
      const v = row[p.attrs.field!] ?? null;
      if (v === null) return 'unknown';
      const set = arrayValues(child(p, 'Array')!);
      const isIn = set.some((s) => (types.get(p.attrs.field!) === 'double' ? Number(s) === v : s === v));
      return p.attrs.booleanOperator === 'isIn' ? isIn : !isIn;
    }
    case 'CompoundPredicate': {
      const parts = p.children.filter((c) => c.name !== 'Extension').map((c) => evaluatePredicate(c, row, types));
      const op = p.attrs.booleanOperator;
      if (op === 'and') return parts.includes(false) ? false : parts.includes('unknown') ? 'unknown' : true;
      if (op === 'or') return parts.includes(true) ? true : parts.includes('unknown') ? 'unknown' : false;
      if (op === 'xor') return parts.includes('unknown') ? 'unknown' : parts.filter((x) => x === true).length % 2 === 1;
      if (op === 'surrogate') return parts.find((x) => x !== 'unknown') ?? 'unknown';
      throw new Error(`PMML: booleanOperator ${op}`);
    }
    default: throw new Error(`PMML: predicate ${p.name}`);
  }
}

export interface PmmlScore {
  score: number;
  reasonCodes: string[];
}

/** Scores one input record (raw values; null/undefined missing) with the Scorecard model named `modelName`. */
export function evaluatePmmlScorecard(pmml: XmlNode, modelName: string, record: Record<string, unknown>): PmmlScore {
  const types = new Map(children(child(pmml, 'DataDictionary')!, 'DataField').map((f) => [f.attrs.name!, f.attrs.dataType!]));
  const model = children(pmml, 'Scorecard').find((s) => s.attrs.modelName === modelName);
  if (!model) throw new Error(`PMML: no Scorecard named ${modelName}`);
  const row: Record<string, Value> = {};
  for (const mf of children(child(model, 'MiningSchema')!, 'MiningField')) {
    const name = mf.attrs.name!, raw = record[name];
    let v: Value = raw === null || raw === undefined ? null : types.get(name) === 'double' ? Number(raw) : String(raw);
    if (typeof v === 'number' && Number.isNaN(v)) {
      // Not a number: an invalid value, handled by invalidValueTreatment (default returnInvalid).
      if ((mf.attrs.invalidValueTreatment ?? 'returnInvalid') !== 'asMissing') throw new Error(`PMML: invalid value for ${name}`);
      v = null;
    }
    row[name] = v;
  }
  let score = Number(model.attrs.initialScore ?? 0);
  const below = (model.attrs.reasonCodeAlgorithm ?? 'pointsBelow') === 'pointsBelow';
  const diffs: { code: string; diff: number; k: number }[] = [];
  children(child(model, 'Characteristics')!, 'Characteristic').forEach((ch, k) => {
    const attribute = children(ch, 'Attribute').find((a) => evaluatePredicate(a.children.find((c) => c.name !== 'Extension' && c.name !== 'ComplexPartialScore')!, row, types) === true);
    if (!attribute) throw new Error(`PMML: no attribute of ${ch.attrs.name} matches`);
    const partial = Number(attribute.attrs.partialScore);
    score += partial;
    const baseline = Number(ch.attrs.baselineScore ?? model.attrs.baselineScore);
    diffs.push({ code: attribute.attrs.reasonCode ?? ch.attrs.reasonCode!, diff: below ? baseline - partial : partial - baseline, k });
  });
  diffs.sort((a, b) => b.diff - a.diff || a.k - b.k);
  const ranks = children(child(model, 'Output')!, 'OutputField').filter((f) => f.attrs.feature === 'reasonCode').length;
  return { score, reasonCodes: diffs.filter((d) => d.diff > 0).slice(0, ranks).map((d) => d.code) };
}
