/** One stage of a funnel: who reached it, and how many of the previous stage did. */
export interface FunnelStage {
  stage: string;
  count: number;
  /** count / previous stage's count (1 for the first stage). */
  conversion: number;
  /** (previous − this) / previous (0 for the first stage). */
  dropOff: number;
  /** count / the first stage's count. */
  overall: number;
}

export interface FunnelSegment {
  segment: string;
  stages: FunnelStage[];
}

/**
 * The funnel lenders monitor (exposed → applied → pre-screen passed → approved → drew down): a row
 * reaches a stage when it reached every earlier one and its flag for this stage is set
 * (`reached[k][i]` = 1). The first stage is every row given. Per stage: count, conversion from
 * the previous stage, drop-off rate = (passed previous − passed this) / passed previous, and the
 * share of the first stage; overall and per segment (`segments[i]` a label index, −1 = none).
 */
export function funnel(stageNames: readonly string[], reached: readonly Uint8Array[], segments?: { codes: Int32Array; labels: readonly string[] }): { overall: FunnelStage[]; segments: FunnelSegment[] } {
  const n = reached[0]?.length ?? 0;
  const groups = segments ? segments.labels.length : 0;
  // counts[g][k]: rows of group g (g = groups: all rows) that reached stage k
  const counts = Array.from({ length: groups + 1 }, () => new Float64Array(stageNames.length));
  for (let i = 0; i < n; i++) {
    const g = segments ? segments.codes[i]! : -1;
    for (let k = 0; k < stageNames.length; k++) {
      if (reached[k]![i] !== 1) break;
      counts[groups]![k]!++;
      if (g >= 0) counts[g]![k]!++;
    }
  }
  const stagesOf = (c: Float64Array): FunnelStage[] => stageNames.map((stage, k) => {
    const prev = k === 0 ? c[0]! : c[k - 1]!;
    return { stage, count: c[k]!, conversion: k === 0 ? 1 : prev ? c[k]! / prev : 0, dropOff: k === 0 ? 0 : prev ? (prev - c[k]!) / prev : 0, overall: c[0]! ? c[k]! / c[0]! : 0 };
  });
  return {
    overall: stagesOf(counts[groups]!),
    segments: segments ? segments.labels.map((segment, g) => ({ segment, stages: stagesOf(counts[g]!) })).filter((s) => s.stages[0]!.count > 0) : [],
  };
}
