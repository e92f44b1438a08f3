/**
 * The plain-JavaScript functions a bundle's scorer.mjs runs for challenger cards (trees and
 * networks): compiled into scorer.mjs as text, and compiled once here for the app, so the
 * workbench and the exported scorer run the very same code for networks' reasons.
 */
export const RUNTIME_SOURCE = String.raw`
/** A portable tree as flat arrays: split input, threshold or level set, missing side, children, leaf value, cover. */
function compileTree(nodes) {
  const n = nodes.length;
  const T = { f: new Int32Array(n), t: new Float64Array(n), c: new Array(n).fill(null), m: new Uint8Array(n), l: new Int32Array(n), r: new Int32Array(n), v: new Float64Array(n), n: new Float64Array(n) };
  for (let k = 0; k < n; k++) {
    const d = nodes[k];
    T.f[k] = d.f; T.n[k] = d.n;
    if (d.f < 0) { T.v[k] = d.v; continue; }
    if (d.c) T.c[k] = new Set(d.c); else T.t[k] = d.t;
    T.m[k] = d.m ? 1 : 0; T.l[k] = d.l; T.r[k] = d.r;
  }
  return T;
}
/** Whether an encoded value goes left at node k: missing (NaN) by the learned side, a level by its set, a number when <= the threshold. */
function goesLeft(T, k, v) {
  if (v !== v) return T.m[k] === 1;
  const c = T.c[k];
  return c === null ? v <= T.t[k] : c.has(v);
}
function leafOf(T, x) {
  let k = 0;
  while (T.f[k] >= 0) k = goesLeft(T, k, x[T.f[k]]) ? T.l[k] : T.r[k];
  return k;
}
/** The trees' log-odds: the baseline plus each tree's leaf value, in tree order. */
function treesLogOdds(M, x) {
  let s = M.baseline;
  for (let t = 0; t < M.trees.length; t++) { const T = M.trees[t]; s += T.v[leafOf(T, x)]; }
  return s;
}
function treeDepth(T, k) { return T.f[k] < 0 ? 0 : 1 + Math.max(treeDepth(T, T.l[k]), treeDepth(T, T.r[k])); }
/**
 * Exact path-dependent TreeSHAP of every tree, added into phi: by table lookup for trees whose
 * tables fit (leafTables), else by Lundberg et al.'s algorithm 2 (treeShapWalk). Both give the same
 * values; the lookup costs a few operations per leaf and path input instead of a walk per row.
 */
function treesShap(M, x, phi) {
  shapTables(M);
  for (let t = 0; t < M.trees.length; t++) {
    const tables = M.tables[t];
    if (tables) treeShapLookup(M.trees[t], tables, x, phi);
    else treeShapWalk(M, M.trees[t], x, phi);
  }
  return phi;
}
/** Builds the trees' SHAP tables once (those within the budget; the others are walked); returns the model. */
function shapTables(M) {
  if (!M.tables) {
    let budget = SHAP_TABLE_BUDGET;
    M.tables = M.trees.map((T) => { const t = leafTables(T, budget); if (t) budget -= t.size; return t; });
  }
  return M;
}
/** Table entries (two per subset of a leaf's path inputs) all trees' tables may take, and the most inputs a tabled path may have. */
const SHAP_TABLE_BUDGET = 1 << 22;
const SHAP_TABLE_MAX_INPUTS = 14;
/**
 * Per leaf of a tree: its value, its path's distinct inputs (each with z, the share of training
 * rows its conditions keep) and two tables over the subsets A of those inputs — C[A] = product of z
 * over the inputs outside A, and K[A] = sum over k of k!(d−k−1)!/d! · e_(|A|−k)(z of A) (e:
 * elementary symmetric polynomials) — so that input j's Shapley value from the leaf, for a row
 * meeting the conditions of the inputs in U, is value · (o_j − z_j) · K[U without j] · C[U with j],
 * o_j = 1 when j is in U (the path-dependent game of Lundberg et al. 2018 restricted to one leaf;
 * the lookup idea of Yang's Fast TreeSHAP v2). A path's inputs are numbered in the order they first
 * appear from the root, so every node has one number (slot) for all the leaves below it. Null when
 * a child comes before its parent, a path has too many inputs or the tables would pass 'budget' entries.
 */
function leafTables(T, budget) {
  const n = T.f.length, slot = new Int32Array(n), leaves = [];
  let size = 0, ordered = true;
  const walk = (k, path) => {
    if (T.f[k] >= 0) {
      if (T.l[k] <= k || T.r[k] <= k) ordered = false;
      let s = path.findIndex((p) => p[0] === T.f[k]);
      if (s < 0) { s = path.length; path = path.concat([[T.f[k], 1]]); }
      slot[k] = s;
      for (const [child, share] of [[T.l[k], T.n[T.l[k]] / T.n[k]], [T.r[k], T.n[T.r[k]] / T.n[k]]]) walk(child, path.map((p, i) => (i === s ? [p[0], p[1] * share] : p)));
      return;
    }
    leaves.push({ node: k, v: T.v[k], inputs: path.map((p) => p[0]), z: path.map((p) => p[1]) });
    size += 2 << path.length;
  };
  walk(0, []);
  if (!ordered || size > budget || leaves.some((l) => l.inputs.length > SHAP_TABLE_MAX_INPUTS)) return null;
  // Flat arrays, leaf after leaf: node, value, inputs and shares, tables.
  const L = leaves.length;
  const t = { L, slot, miss: new Int32Array(n), node: new Int32Array(L), v: new Float64Array(L), inAt: new Int32Array(L + 1), tableAt: new Int32Array(L + 1), size };
  leaves.forEach((l, k) => { t.node[k] = l.node; t.v[k] = l.v; t.inAt[k + 1] = t.inAt[k] + l.inputs.length; t.tableAt[k + 1] = t.tableAt[k] + (1 << l.inputs.length); });
  t.inputs = new Int32Array(t.inAt[L]); t.z = new Float64Array(t.inAt[L]);
  t.C = new Float64Array(t.tableAt[L]); t.K = new Float64Array(t.tableAt[L]);
  leaves.forEach((l, k) => {
    t.inputs.set(l.inputs, t.inAt[k]); t.z.set(l.z, t.inAt[k]);
    const { C, K } = subsetTables(l.z);
    t.C.set(C, t.tableAt[k]); t.K.set(K, t.tableAt[k]);
  });
  return t;
}
/** The C and K tables of leafTables for a path whose inputs keep shares z. */
function subsetTables(z) {
  const d = z.length, full = (1 << d) - 1;
  const C = new Float64Array(full + 1), K = new Float64Array(full + 1);
  C[full] = 1;
  for (let A = full - 1; A >= 0; A--) { const i = 31 - Math.clz32(~A & full & -(~A & full)); C[A] = C[A | (1 << i)] * z[i]; }
  // w[k] = k!(d−k−1)!/d!, and E[A] the coefficients of the product over A of (1 + z_i t), built from A without its highest input.
  const w = new Float64Array(d);
  for (let k = 0; k < d; k++) { let v = 1 / d; for (let i = 1; i <= k; i++) v *= i / (d - i); w[k] = v; }
  const E = new Float64Array((full + 1) * (d + 1));
  E[0] = 1;
  for (let A = 1; A <= full; A++) {
    const top = 31 - Math.clz32(A), B = A ^ (1 << top), zt = z[top];
    const a = A * (d + 1), b = B * (d + 1);
    E[a] = E[b];
    for (let m = 1; m <= d; m++) E[a + m] = E[b + m] + zt * E[b + m - 1];
  }
  for (let A = 0; A < full; A++) {
    let m = 0;
    for (let x = A; x; x &= x - 1) m++;
    let k = 0;
    for (let s = 0; s <= m; s++) k += w[s] * E[A * (d + 1) + m - s];
    K[A] = k;
  }
  return { C, K };
}
/**
 * One tree's SHAP values by its leaf tables: down the tree once (parents before children), each
 * node's slots whose condition x fails; then per leaf a lookup per path input, without branches.
 */
function treeShapLookup(T, tb, x, phi) {
  const { slot, miss, node, v, inAt, tableAt, inputs, z, C, K } = tb;
  miss[0] = 0;
  for (let k = 0; k < T.f.length; k++) {
    if (T.f[k] < 0) continue;
    const left = goesLeft(T, k, x[T.f[k]]) ? 1 : 0, s = slot[k];
    miss[T.l[k]] = miss[k] | ((1 - left) << s);
    miss[T.r[k]] = miss[k] | (left << s);
  }
  for (let leaf = 0; leaf < tb.L; leaf++) {
    const i0 = inAt[leaf], d = inAt[leaf + 1] - i0, at = tableAt[leaf], value = v[leaf];
    const U = ((1 << d) - 1) & ~miss[node[leaf]];
    for (let j = 0; j < d; j++) {
      const bit = 1 << j, A = U & ~bit;
      phi[inputs[i0 + j]] += value * (((U >> j) & 1) - z[i0 + j]) * K[at + A] * C[at + (A | bit)];
    }
  }
}
/** One tree's SHAP values by Lundberg et al. 2018, algorithm 2 (path-dependent), added into phi. */
function treeShapWalk(M, T, x, phi) {
  if (!M.paths) {
    let D = 0;
    for (const T of M.trees) D = Math.max(D, treeDepth(T, 0));
    D += 2;
    M.paths = { D, f: new Int32Array(D * D), z: new Float64Array(D * D), o: new Float64Array(D * D), w: new Float64Array(D * D) };
  }
  const P = M.paths, D = P.D;
  const copy = (from, to, len) => { P.f.copyWithin(to, from, from + len); P.z.copyWithin(to, from, from + len); P.o.copyWithin(to, from, from + len); P.w.copyWithin(to, from, from + len); };
  const extend = (at, m, z, o, f) => {
    const w = P.w;
    P.f[at + m] = f; P.z[at + m] = z; P.o[at + m] = o; w[at + m] = m === 0 ? 1 : 0;
    for (let i = m - 1; i >= 0; i--) { w[at + i + 1] += (o * w[at + i] * (i + 1)) / (m + 1); w[at + i] = (z * w[at + i] * (m - i)) / (m + 1); }
  };
  const unwind = (at, m, k) => {
    const w = P.w, o = P.o[at + k], z = P.z[at + k];
    let next = w[at + m];
    for (let i = m - 1; i >= 0; i--) {
      if (o !== 0) { const t = w[at + i]; w[at + i] = (next * (m + 1)) / ((i + 1) * o); next = t - (w[at + i] * z * (m - i)) / (m + 1); }
      else w[at + i] = (w[at + i] * (m + 1)) / (z * (m - i));
    }
    for (let i = k; i < m; i++) { P.f[at + i] = P.f[at + i + 1]; P.z[at + i] = P.z[at + i + 1]; P.o[at + i] = P.o[at + i + 1]; }
  };
  const unwoundSum = (at, m, k) => {
    const w = P.w, o = P.o[at + k], z = P.z[at + k];
    let next = w[at + m], total = 0;
    for (let i = m - 1; i >= 0; i--) {
      if (o !== 0) { const t = next / ((i + 1) * o); total += t; next = w[at + i] - t * z * (m - i); }
      else total += w[at + i] / (z * (m - i));
    }
    return total * (m + 1);
  };
  {
    const recurse = (k, depth, m, z, o, f) => {
      const at = depth * D;
      if (depth > 0) copy((depth - 1) * D, at, m);
      extend(at, m, z, o, f);
      if (T.f[k] < 0) {
        for (let i = 1; i <= m; i++) phi[P.f[at + i]] += unwoundSum(at, m, i) * (P.o[at + i] - P.z[at + i]) * T.v[k];
        return;
      }
      const left = goesLeft(T, k, x[T.f[k]]);
      const hot = left ? T.l[k] : T.r[k], cold = left ? T.r[k] : T.l[k];
      let iz = 1, io = 1, len = m + 1;
      for (let i = 1; i <= m; i++) {
        if (P.f[at + i] === T.f[k]) { iz = P.z[at + i]; io = P.o[at + i]; unwind(at, m, i); len -= 1; break; }
      }
      recurse(hot, depth + 1, len, (iz * T.n[hot]) / T.n[k], io, T.f[k]);
      recurse(cold, depth + 1, len, (iz * T.n[cold]) / T.n[k], 0, T.f[k]);
    };
    recurse(0, 0, 0, 1, 1, -1);
  }
}
/** Dense layers as Float64Array rows. */
function compileLayers(layers) {
  return layers.map((L) => ({ w: L.weights.map((row) => Float64Array.from(row)), b: Float64Array.from(L.bias), relu: L.activation === 'relu' }));
}
/** A network's log-odds: each unit its bias plus weight times input in input order, ReLU on hidden units; the last layer's unit. */
function netLogOdds(layers, x) {
  let a = x;
  for (const L of layers) {
    const out = new Float64Array(L.b.length);
    for (let u = 0; u < out.length; u++) {
      const w = L.w[u];
      let s = L.b[u];
      for (let i = 0; i < w.length; i++) s += w[i] * a[i];
      out[u] = L.relu && s < 0 ? 0 : s;
    }
    a = out;
  }
  return a[0];
}
/** The gradient of the network's log-odds with respect to its inputs at x (ReLU's gradient at 0 taken as 0). */
function netGradient(layers, x) {
  const acts = [x], pre = [];
  let a = x;
  for (const L of layers) {
    const z = new Float64Array(L.b.length), out = new Float64Array(L.b.length);
    for (let u = 0; u < z.length; u++) {
      const w = L.w[u];
      let s = L.b[u];
      for (let i = 0; i < w.length; i++) s += w[i] * a[i];
      z[u] = s; out[u] = L.relu && s < 0 ? 0 : s;
    }
    pre.push(z); acts.push(out); a = out;
  }
  let g = Float64Array.of(1);
  for (let k = layers.length - 1; k >= 0; k--) {
    const L = layers[k], z = pre[k];
    const below = new Float64Array(acts[k].length);
    for (let u = 0; u < g.length; u++) {
      const gu = L.relu && z[u] <= 0 ? 0 : g[u];
      if (gu === 0) continue;
      const w = L.w[u];
      for (let i = 0; i < w.length; i++) below[i] += gu * w[i];
    }
    g = below;
  }
  return g;
}
/**
 * Integrated gradients (Sundararajan, Taly & Yan 2017) of the log-odds from the baseline to x:
 * (x − baseline) times the mean gradient at the midpoints of 'steps' equal segments of the straight
 * path, then scaled so the attributions add up exactly to logOdds(x) − logOdds(baseline).
 */
function integratedGradients(layers, x, baseline, steps) {
  const n = x.length, sum = new Float64Array(n), at = new Float64Array(n);
  for (let s = 0; s < steps; s++) {
    const alpha = (s + 0.5) / steps;
    for (let i = 0; i < n; i++) at[i] = baseline[i] + alpha * (x[i] - baseline[i]);
    const g = netGradient(layers, at);
    for (let i = 0; i < n; i++) sum[i] += g[i];
  }
  const phi = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) { phi[i] = ((x[i] - baseline[i]) * sum[i]) / steps; total += phi[i]; }
  const delta = netLogOdds(layers, x) - netLogOdds(layers, baseline);
  if (total !== 0 && Number.isFinite(delta / total)) for (let i = 0; i < n; i++) phi[i] *= delta / total;
  return phi;
}
/** Sums encoded inputs' attributions into their input's: 'widths[k]' encoded inputs belong to input k. */
function groupBy(phi, widths) {
  const out = new Float64Array(widths.length);
  let o = 0;
  for (let k = 0; k < widths.length; k++) { for (let j = 0; j < widths[k]; j++) out[k] += phi[o + j]; o += widths[k]; }
  return out;
}
/**
 * Reason codes from contributions to the log-odds of the event: the inputs that pushed the score
 * most toward the adverse side (toward the event for a credit card, away from it for a targeting
 * card), largest first, ties in input order, only those pushing that way, at most n.
 */
function adverse(contrib, codes, n, towardEvent) {
  const order = [];
  for (let k = 0; k < contrib.length; k++) if ((towardEvent ? contrib[k] : -contrib[k]) > 0) order.push(k);
  order.sort((a, b) => (towardEvent ? contrib[b] - contrib[a] : contrib[a] - contrib[b]) || a - b);
  return order.slice(0, n);
}
`;

export const INTEGRATED_GRADIENT_STEPS = 32;

export interface CompiledLayer { w: Float64Array[]; b: Float64Array; relu: boolean }
/** A tree as the runtime holds it (compileTree). */
export interface CompiledTree { f: Int32Array; t: Float64Array; v: Float64Array; n: Float64Array }
/** Trees with their baseline, and the runtime's lazily built SHAP tables (null per tree: walked). */
export interface CompiledTrees { baseline: number; trees: CompiledTree[]; tables?: unknown[] }
interface Runtime {
  compileTree: (nodes: unknown) => CompiledTree;
  treesLogOdds: (M: CompiledTrees, x: ArrayLike<number>) => number;
  treesShap: (M: CompiledTrees, x: ArrayLike<number>, phi: Float64Array) => Float64Array;
  compileLayers: (layers: unknown) => CompiledLayer[];
  netLogOdds: (layers: CompiledLayer[], x: Float64Array) => number;
  integratedGradients: (layers: CompiledLayer[], x: Float64Array, baseline: ArrayLike<number>, steps: number) => Float64Array;
  groupBy: (phi: Float64Array, widths: readonly number[]) => Float64Array;
}

let compiled: Runtime | null = null;

/** The runtime's functions, compiled once for the app. */
export function scorerRuntime(): Runtime {
  compiled ??= new Function(`${RUNTIME_SOURCE}\nreturn { compileTree, treesLogOdds, treesShap, compileLayers, netLogOdds, integratedGradients, groupBy };`)() as Runtime;
  return compiled;
}
