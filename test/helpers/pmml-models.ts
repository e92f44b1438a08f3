/**
 * A PMML 4.4 evaluator for the challenger models a bundle carries, written from the DMG
 * specification for tests (it shares no code with the exporter): MiningModel with a `sum`
 * Segmentation of regression TreeModels (missingValueStrategy `defaultChild`: a predicate that is
 * UNKNOWN on a missing value sends the row to the node's default child), NeuralNetwork (neurons:
 * bias + Σ weight·input; `rectifier` and `identity` activations), DerivedFields built from Apply
 * (if, isMissing, equal, lessThan, lessOrEqual, greaterOrEqual, and, isIn, + − * /, exp, round),
 * FieldRef (with mapMissingTo), NormDiscrete and Constant, and Output fields (predictedValue,
 * transformedValue).
 */
import { parseXml, type XmlNode } from './pmml-scorecard';

type Value = number | string | boolean | null;
type Truth = true | false | 'unknown';
type Fields = Map<string, Value>;

const child = (n: XmlNode, name: string) => n.children.find((c) => c.name === name);
const children = (n: XmlNode, name: string) => n.children.filter((c) => c.name === name);
const EXPRESSIONS = new Set(['Apply', 'FieldRef', 'Constant', 'NormDiscrete']);

function arrayValues(a: XmlNode): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let m = re.exec(a.text); m; m = re.exec(a.text)) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]!);
  return out;
}

function expression(n: XmlNode, fields: Fields): Value {
  switch (n.name) {
    case 'Constant': return n.attrs.dataType === 'string' ? n.text : n.attrs.dataType === 'boolean' ? n.text.trim() === 'true' : Number(n.text);
    case 'FieldRef': {
      const v = fields.get(n.attrs.field!) ?? null;
      return v === null && n.attrs.mapMissingTo !== undefined ? Number(n.attrs.mapMissingTo) : v;
    }
    case 'NormDiscrete': {
      const v = fields.get(n.attrs.field!) ?? null;
      return v === null ? Number(n.attrs.mapMissingTo ?? NaN) : v === n.attrs.value ? 1 : 0;
    }
    case 'Apply': return applyFunction(n, fields);
    default: throw new Error(`PMML: no expression ${n.name}`);
  }
}

function applyFunction(n: XmlNode, fields: Fields): Value {
  const args = n.children.filter((c) => EXPRESSIONS.has(c.name));
  const fn = n.attrs.function!;
  if (fn === 'if') {
    const c = expression(args[0]!, fields);
    if (c === null) return null;
    return expression(c ? args[1]! : args[2]!, fields);
  }
  if (fn === 'isMissing') return expression(args[0]!, fields) === null;
  const v = args.map((a) => expression(a, fields));
  if (v.some((x) => x === null)) return null;
  const x = v as (number | string | boolean)[];
  switch (fn) {
    case 'equal': return x[0] === x[1];
    case 'lessThan': return (x[0] as number) < (x[1] as number);
    case 'lessOrEqual': return (x[0] as number) <= (x[1] as number);
    case 'greaterOrEqual': return (x[0] as number) >= (x[1] as number);
    case 'and': return x.every(Boolean);
    case 'isIn': return x.slice(1).includes(x[0]!);
    case '+': return (x[0] as number) + (x[1] as number);
    case '-': return (x[0] as number) - (x[1] as number);
    case '*': return (x[0] as number) * (x[1] as number);
    case '/': return (x[0] as number) / (x[1] as number);
    case 'exp': return Math.exp(x[0] as number);
    case 'round': return Math.round(x[0] as number);
    default: throw new Error(`PMML: no function ${fn}`);
  }
}

function predicate(n: XmlNode, fields: Fields): Truth {
  switch (n.name) {
    case 'True': return true;
    case 'False': return false;
    case 'SimplePredicate': {
      const v = fields.get(n.attrs.field!) ?? null;
      if (n.attrs.operator === 'isMissing') return v === null;
      if (n.attrs.operator === 'isNotMissing') return v !== null;
      if (v === null) return 'unknown';
      const r = Number(n.attrs.value);
      if (n.attrs.operator === 'lessOrEqual') return (v as number) <= r;
      throw new Error(`PMML: no operator ${n.attrs.operator}`);
    }
    case 'SimpleSetPredicate': {
      const v = fields.get(n.attrs.field!) ?? null;
      if (v === null) return 'unknown';
      const inSet = arrayValues(child(n, 'Array')!).includes(String(v));
      return n.attrs.booleanOperator === 'isIn' ? inSet : !inSet;
    }
    case 'CompoundPredicate': {
      const parts = n.children.map((c) => predicate(c, fields));
      if (n.attrs.booleanOperator === 'or') return parts.includes(true) ? true : parts.includes('unknown') ? 'unknown' : false;
      return parts.includes(false) ? false : parts.includes('unknown') ? 'unknown' : true;
    }
    default: throw new Error(`PMML: no predicate ${n.name}`);
  }
}

const PREDICATES = new Set(['True', 'False', 'SimplePredicate', 'SimpleSetPredicate', 'CompoundPredicate']);

function treeScore(root: XmlNode, fields: Fields): number {
  let node = root;
  for (;;) {
    const kids = children(node, 'Node');
    if (kids.length === 0) return Number(node.attrs.score);
    let next: XmlNode | undefined;
    for (const k of kids) {
      const t = predicate(k.children.find((c) => PREDICATES.has(c.name))!, fields);
      if (t === 'unknown') { next = kids.find((c) => c.attrs.id === node.attrs.defaultChild); break; }
      if (t) { next = k; break; }
    }
    if (!next) return Number(node.attrs.score);
    node = next;
  }
}

function localTransformations(model: XmlNode, fields: Fields): void {
  const lt = child(model, 'LocalTransformations');
  for (const d of lt ? children(lt, 'DerivedField') : []) fields.set(d.attrs.name!, expression(d.children[0]!, fields));
}

function networkValue(model: XmlNode, fields: Fields): number {
  const values = new Map<string, number>();
  for (const input of children(child(model, 'NeuralInputs')!, 'NeuralInput')) {
    const v = expression(child(input, 'DerivedField')!.children[0]!, fields);
    values.set(input.attrs.id!, v as number);
  }
  for (const layer of children(model, 'NeuralLayer')) {
    const act = layer.attrs.activationFunction ?? model.attrs.activationFunction;
    const out = new Map<string, number>();
    for (const neuron of children(layer, 'Neuron')) {
      let z = Number(neuron.attrs.bias ?? 0);
      for (const con of children(neuron, 'Con')) z += Number(con.attrs.weight) * values.get(con.attrs.from!)!;
      out.set(neuron.attrs.id!, act === 'rectifier' ? Math.max(0, z) : z);
    }
    for (const [k, v] of out) values.set(k, v);
  }
  return values.get(child(child(model, 'NeuralOutputs')!, 'NeuralOutput')!.attrs.outputNeuron!)!;
}

export interface PmmlModels {
  /** Each model's output fields for one record (numbers or text; '' and null are missing). */
  evaluate(modelName: string, record: Record<string, unknown>): Record<string, Value>;
}

/** Parses a PMML document holding MiningModels of trees and NeuralNetworks. */
export function pmmlModels(xml: string): PmmlModels {
  const doc = parseXml(xml);
  const types = new Map(children(child(doc, 'DataDictionary')!, 'DataField').map((f) => [f.attrs.name!, f.attrs.dataType!]));
  return {
    evaluate(name, record) {
      const model = doc.children.find((c) => c.attrs.modelName === name)!;
      const fields: Fields = new Map();
      for (const [f, type] of types) {
        const raw = record[f];
        if (raw === null || raw === undefined || raw === '') { fields.set(f, null); continue; }
        if (type === 'double') { const v = typeof raw === 'number' ? raw : Number(String(raw).trim()); fields.set(f, Number.isNaN(v) ? null : v); } else fields.set(f, String(raw));
      }
      localTransformations(model, fields);
      let predicted: number;
      if (model.name === 'MiningModel') {
        predicted = 0;
        for (const seg of children(child(model, 'Segmentation')!, 'Segment')) predicted += treeScore(child(child(seg, 'TreeModel')!, 'Node')!, fields);
      } else {
        predicted = networkValue(model, fields);
      }
      const out: Record<string, Value> = {};
      for (const o of children(child(model, 'Output')!, 'OutputField')) {
        if (o.attrs.feature === 'predictedValue') out[o.attrs.name!] = predicted;
        fields.set(o.attrs.name!, out[o.attrs.name!] ?? null);
        if (o.attrs.feature === 'transformedValue') { out[o.attrs.name!] = expression(o.children.find((c) => EXPRESSIONS.has(c.name))!, fields); fields.set(o.attrs.name!, out[o.attrs.name!]!); }
      }
      return out;
    },
  };
}
