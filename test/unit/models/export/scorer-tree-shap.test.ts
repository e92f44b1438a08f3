import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scorerRuntime, type CompiledTrees } from '../../../../models/export/scorer-runtime';
import { mulberry32 } from '../../../../models/stats/random';

interface PortableNode { f: number; t?: number; c?: number[]; m?: boolean; l?: number; r?: number; v?: number; n: number }

/** A random tree over `inputs` inputs (the same input often split twice on a path; some splits by level sets), each node's cover split between its children. */
function randomTree(r: () => number, inputs: number, maxDepth: number): PortableNode[] {
  const nodes: PortableNode[] = [];
  const grow = (n: number, depth: number): number => {
    const k = nodes.length;
    if (depth === maxDepth || n < 4 || r() < 0.15) { nodes.push({ f: -1, v: r() * 2 - 1, n }); return k; }
    const f = Math.floor(r() * inputs);
    const node: PortableNode = r() < 0.2 ? { f, c: [0, 2], m: r() < 0.5, n } : { f, t: r() * 2 - 1, m: r() < 0.5, n };
    nodes.push(node);
    const left = Math.max(1, Math.min(n - 1, Math.round(n * (0.2 + 0.6 * r()))));
    node.l = grow(left, depth + 1);
    node.r = grow(n - left, depth + 1);
    return k;
  };
  grow(1000, 0);
  return nodes;
}

/** The trees' expected log-odds: each leaf's value weighted by its cover share. */
function expected(trees: PortableNode[][], baseline: number): number {
  return trees.reduce((s, t) => s + t.filter((n) => n.f < 0).reduce((a, n) => a + (n.v! * n.n) / t[0]!.n, 0), baseline);
}

describe('the exported scorer\'s TreeSHAP', () => {
  it('gives by table lookup the values the path walk gives, adding up to the log-odds minus the expected log-odds', () => {
    const rt = scorerRuntime();
    const r = mulberry32(9);
    const inputs = 5;
    const portable = Array.from({ length: 25 }, (_, t) => randomTree(r, inputs, 3 + (t % 8)));
    const lookup: CompiledTrees = { baseline: -1.2, trees: portable.map((t) => rt.compileTree(t)) };
    const walked: CompiledTrees = { baseline: -1.2, trees: lookup.trees, tables: lookup.trees.map(() => null) };
    const mean = expected(portable, -1.2);
    for (let row = 0; row < 300; row++) {
      const x = Float64Array.from({ length: inputs }, (_, j) => (r() < 0.1 ? NaN : j === 1 ? Math.floor(r() * 3) : r() * 2 - 1));
      const a = rt.treesShap(lookup, x, new Float64Array(inputs)), b = rt.treesShap(walked, x, new Float64Array(inputs));
      for (let j = 0; j < inputs; j++) assert.ok(Math.abs(a[j]! - b[j]!) < 1e-12, `row ${row} input ${j}: lookup ${a[j]} walk ${b[j]}`);
      const total = a.reduce((s, v) => s + v, 0);
      assert.ok(Math.abs(total - (rt.treesLogOdds(lookup, x) - mean)) < 1e-10, `row ${row}: contributions add up`);
    }
    assert.ok(lookup.tables!.every((t) => t !== null), 'every tree small enough was tabled');
  });

  it('walks the trees whose paths have too many inputs for a table', () => {
    const rt = scorerRuntime();
    // A chain 16 splits deep on 16 different inputs: 2^16 subsets is past the table limit.
    const nodes: PortableNode[] = [];
    // Layout: internal node k at index 2k, its right leaf at 2k + 1, its left child the next internal node.
    for (let k = 0; k < 16; k++) {
      nodes.push({ f: k, t: 0, m: false, l: 2 * k + 2, r: 2 * k + 1, n: 1000 - k * 50 });
      nodes.push({ f: -1, v: k / 10, n: 50 });
    }
    nodes.push({ f: -1, v: -1, n: 1000 - 16 * 50 });
    nodes[30]!.l = 32;
    const M: CompiledTrees = { baseline: 0, trees: [rt.compileTree(nodes)] };
    const x = Float64Array.from({ length: 16 }, (_, j) => (j < 10 ? -1 : 1));
    const phi = rt.treesShap(M, x, new Float64Array(16));
    assert.equal(M.tables![0], null);
    const total = phi.reduce((s, v) => s + v, 0);
    assert.ok(Math.abs(total - (rt.treesLogOdds(M, x) - expected([nodes], 0))) < 1e-10);
  });
});
