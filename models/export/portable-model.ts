import type { BundleCharacteristic } from '../../types/bundle';
import type { BinningTable } from '../../types/binning';
import type { GbdtModel, TreeNode } from '../../types/gbdt';
import type { FeatureEncoding, StoredModel } from '../../types/model';
import type { PortableEncoding, PortableLayer, PortableModel, PortableNetwork, PortableNode, PortableTrees } from '../../types/portable-model';
import { MAX_VALUE_BINS } from '../gbdt/quantize';
import { treeMean } from '../gbdt/tree-shap';

/** A WOE encoding's bins as a bundle characteristic whose points are the WOE (missing first, then specials, then bins; unseen 0). */
export function woeCharacteristic(name: string, party: string | null, type: 'numeric' | 'categorical', table: BinningTable, reasonCode: string): BundleCharacteristic {
  const order = (k: string) => (k === 'missing' ? 0 : k === 'special' ? 1 : 2);
  const attributes = [...table.bins].sort((a, b) => order(a.kind) - order(b.kind)).map((b) => ({
    label: b.label, kind: b.kind,
    ...(b.kind === 'bin' && type === 'numeric' ? { lower: b.lower ?? null, upper: b.upper ?? null } : {}),
    ...(b.categories ? { categories: b.categories } : {}),
    ...(b.value !== undefined ? { value: b.value } : {}),
    points: b.woe, woe: b.woe, count: b.count,
  }));
  return { name, type, party, reasonCode, baselinePoints: 0, unseenPoints: 0, attributes };
}

/** The reason code of a model's k-th input (0-based): RC01, RC02, … */
export const reasonCodeOf = (k: number) => `RC${String(k + 1).padStart(2, '0')}`;

/** How the model's shell encoded its k-th input, in portable terms (`standardize`: the MLP's numbers are standardized). */
export function portableEncoding(e: FeatureEncoding, standardize: boolean, k: number): PortableEncoding {
  switch (e.kind) {
    case 'woe': return { kind: 'woe', name: e.name, party: e.party, bins: woeCharacteristic(e.name, e.party, e.spec.kind, e.table, reasonCodeOf(k)) };
    case 'raw': return { kind: 'raw', name: e.name, party: e.party };
    // A level at or past the trees' last category bin is routed as missing: the bundle does not list it.
    case 'category': return { kind: 'category', name: e.name, party: e.party, levels: e.levels.slice(0, MAX_VALUE_BINS) };
    case 'onehot': return { kind: 'onehot', name: e.name, party: e.party, levels: e.levels };
    case 'ple': return { kind: 'ple', name: e.name, party: e.party, edges: e.edges };
    case 'numeric': {
      const on = standardize && e.sd > 0;
      return { kind: 'impute', name: e.name, party: e.party, median: e.median, shift: on ? e.mean : 0, scale: on ? 1 / e.sd : 1 };
    }
  }
}

/** How many model inputs an encoding yields. */
export function encodedWidth(e: PortableEncoding): number {
  if (e.kind === 'onehot') return e.levels.length;
  if (e.kind === 'ple') return e.edges.length;
  return 1;
}

function portableNode(n: TreeNode, model: GbdtModel): PortableNode {
  if (n.feature < 0) return { f: -1, v: n.value, n: n.rows };
  const bins = model.features[n.feature]!;
  if (bins.kind === 'categorical') {
    return { f: n.feature, c: n.categories!.filter((b) => b < MAX_VALUE_BINS && b < bins.categories).sort((a, b) => a - b), m: n.categories!.includes(MAX_VALUE_BINS), l: n.left, r: n.right, n: n.rows };
  }
  // The last bin has no upper edge: every number goes left.
  const t = n.bin >= bins.thresholds.length ? Number.MAX_VALUE : bins.thresholds[n.bin]!;
  return { f: n.feature, t, m: n.missingLeft, l: n.left, r: n.right, n: n.rows };
}

function portableTrees(features: readonly FeatureEncoding[], g: GbdtModel): PortableTrees {
  return {
    kind: 'gbdt', encodings: features.map((e, k) => portableEncoding(e, false, k)), baseline: g.baseline,
    expected: g.trees.reduce((s, t) => s + treeMean(t), g.baseline), monotone: [...g.monotone],
    trees: g.trees.map((tree) => tree.map((n) => portableNode(n, g))),
  };
}

/** The float32 weights of a stored MLP, in its weight specs' order. */
function mlpWeights(weights: string): Float32Array {
  const bytes = Buffer.from(weights, 'base64');
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}

/** The dense layers of a stored MLP (tfjs kernels are inputs × units): its last layer's unit is the log-odds (its sigmoid dropped). */
export function mlpLayers(mlp: NonNullable<StoredModel['mlp']>): PortableLayer[] {
  const topology = mlp.topology as { config?: { layers?: { class_name: string; config: { activation?: string; use_bias?: boolean } }[] } };
  const dense = (topology.config?.layers ?? []).filter((l) => l.class_name === 'Dense');
  const all = mlpWeights(mlp.weights);
  let at = 0, spec = 0;
  return dense.map((l, k) => {
    const [inputs, units] = mlp.weightSpecs[spec++]!.shape as [number, number];
    const kernel = all.subarray(at, at + inputs * units);
    at += inputs * units;
    let bias: Float32Array = new Float32Array(units);
    if (l.config.use_bias !== false) { bias = all.subarray(at, at + units); at += units; spec++; }
    const last = k === dense.length - 1;
    const activation = l.config.activation ?? 'linear';
    if (!last && activation !== 'relu' && activation !== 'linear') throw new Error(`MLP layer ${k + 1} uses '${activation}', which the bundle cannot carry`);
    return {
      weights: Array.from({ length: units }, (_, u) => Array.from({ length: inputs }, (_, i) => kernel[i * units + u]!)),
      bias: Array.from(bias), activation: last || activation === 'linear' ? 'identity' : 'relu',
    };
  });
}

/**
 * A stored challenger in portable form. `baseline`: the mean of each encoded input over the
 * training rows (networks' reasons start from it; ignored for trees).
 */
export function portableModel(model: StoredModel, baseline: number[] = []): PortableModel {
  if (model.gbdt) return portableTrees(model.features, model.gbdt.model);
  if (model.mlp) {
    const net: PortableNetwork = { kind: 'mlp', encodings: model.features.map((e, k) => portableEncoding(e, true, k)), layers: mlpLayers(model.mlp), baseline };
    return net;
  }
  if (model.logistic) return portableLogistic(model.features, model.logistic.coefficients.map((c) => c.coefficient), baseline);
  throw new Error(`Model '${model.name}' holds neither trees, a network nor coefficients`);
}

/** A logistic regression (intercept first) on its encodings as a one-layer portable network. */
function portableLogistic(features: readonly FeatureEncoding[], b: readonly number[], baseline: number[]): PortableModel {
  return { kind: 'logistic', encodings: features.map((e, k) => portableEncoding(e, false, k)), layers: [{ weights: [b.slice(1)], bias: [b[0]!], activation: 'identity' }], baseline };
}

/** A fitted part of a composite model (an uplift model's response models): trees, or logistic coefficients on its encodings. */
export function portablePart(features: readonly FeatureEncoding[], coefficients: readonly number[] | null, gbdt: GbdtModel | null): PortableModel {
  if (gbdt) return portableTrees(features, gbdt);
  if (!coefficients) throw new Error('a part holds neither trees nor coefficients');
  return portableLogistic(features, coefficients, []);
}
