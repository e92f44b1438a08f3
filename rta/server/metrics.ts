/**
 * The server's counters, kept per process as plain numbers (cheap to bump, cheap to send between
 * cluster workers) and rendered as Prometheus text after summing every worker's.
 */

/** What became of a request: decisions, pings, defaults, and each kind of refusal. */
export const REQUEST_OUTCOMES = ['bid', 'no_bid', 'unknown_user', 'not_served', 'ping', 'test', 'deadline', 'bad_request', 'too_large', 'unsupported_media_type', 'not_found', 'method_not_allowed', 'client_error', 'internal_error'] as const;
export type RequestOutcome = (typeof REQUEST_OUTCOMES)[number];

/** Latency histogram bounds, seconds. */
export const LATENCY_BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.1] as const;

export interface MetricsState {
  outcomes: Record<RequestOutcome, number>;
  /** Non-cumulative counts per bucket; the last is +Inf. */
  buckets: number[];
  latencySum: number;
  latencyCount: number;
  reloads: { ok: number; failed: number };
  /** Users scored, and per input how many of them lacked it or had a category the bundle never saw (rta/server/drift.ts). */
  scored: number;
  inputs: Record<string, { missing: number; unseen: number }>;
  /** Per card: its score range and the scored users per equal band of it. */
  scores: Record<string, { lo: number; hi: number; counts: number[] }>;
  /** Per model arm (champion, challenger): its bundle version, answers by outcome, and its own drift figures. */
  models: Record<string, ModelMetrics>;
}

/** The drift figures a set of scored users keeps (the whole server's, or one model arm's). */
export type DriftScope = Pick<MetricsState, 'scored' | 'inputs' | 'scores'>;

export interface ModelMetrics extends DriftScope {
  version: string;
  outcomes: Record<string, number>;
}

export function emptyModelMetrics(version: string): ModelMetrics {
  return { version, outcomes: {}, scored: 0, inputs: {}, scores: {} };
}

/** Adds one drift scope's counts into another (a card whose range changed on reload starts afresh). */
function addDrift(into: DriftScope, m: DriftScope): void {
  into.scored += m.scored ?? 0;
  for (const [name, c] of Object.entries(m.inputs ?? {})) {
    const t = (into.inputs[name] ??= { missing: 0, unseen: 0 });
    t.missing += c.missing;
    t.unseen += c.unseen;
  }
  for (const [key, h] of Object.entries(m.scores ?? {})) {
    const t = into.scores[key];
    if (!t || t.lo !== h.lo || t.hi !== h.hi) into.scores[key] = { lo: h.lo, hi: h.hi, counts: [...h.counts] };
    else h.counts.forEach((n, k) => { t.counts[k]! += n; });
  }
}

export function emptyMetrics(): MetricsState {
  return {
    outcomes: Object.fromEntries(REQUEST_OUTCOMES.map((o) => [o, 0])) as Record<RequestOutcome, number>,
    buckets: new Array<number>(LATENCY_BUCKETS.length + 1).fill(0), latencySum: 0, latencyCount: 0, reloads: { ok: 0, failed: 0 },
    scored: 0, inputs: {}, scores: {}, models: {},
  };
}

export function observe(m: MetricsState, outcome: RequestOutcome, seconds: number): void {
  m.outcomes[outcome]++;
  let k = 0;
  while (k < LATENCY_BUCKETS.length && seconds > LATENCY_BUCKETS[k]!) k++;
  m.buckets[k]!++;
  m.latencySum += seconds;
  m.latencyCount++;
}

export function addMetrics(into: MetricsState, m: MetricsState): MetricsState {
  for (const o of REQUEST_OUTCOMES) into.outcomes[o] += m.outcomes[o] ?? 0;
  m.buckets.forEach((n, k) => { into.buckets[k]! += n; });
  into.latencySum += m.latencySum;
  into.latencyCount += m.latencyCount;
  into.reloads.ok += m.reloads.ok;
  into.reloads.failed += m.reloads.failed;
  addDrift(into, m);
  for (const [arm, x] of Object.entries(m.models ?? {})) {
    const t = (into.models[arm] ??= emptyModelMetrics(x.version));
    t.version = x.version;
    for (const [o, n] of Object.entries(x.outcomes)) t.outcomes[o] = (t.outcomes[o] ?? 0) + n;
    addDrift(t, x);
  }
  return into;
}

const label = (v: string | number) => `"${String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

export interface ServingFacts {
  bundleVersion: string;
  strategy: string;
  createdAt: string;
  generation: number;
  snapshotIds: number;
  workers: number;
}

/** Prometheus text exposition format 0.0.4. */
export function prometheusText(m: MetricsState, f: ServingFacts): string {
  const lines = [
    '# HELP jointscore_rta_requests_total Requests by outcome.',
    '# TYPE jointscore_rta_requests_total counter',
    ...REQUEST_OUTCOMES.map((o) => `jointscore_rta_requests_total{outcome=${label(o)}} ${m.outcomes[o]}`),
    '# HELP jointscore_rta_request_duration_seconds Time from a request\'s arrival to its answer.',
    '# TYPE jointscore_rta_request_duration_seconds histogram',
  ];
  let cumulative = 0;
  LATENCY_BUCKETS.forEach((b, k) => { cumulative += m.buckets[k]!; lines.push(`jointscore_rta_request_duration_seconds_bucket{le=${label(b)}} ${cumulative}`); });
  cumulative += m.buckets[LATENCY_BUCKETS.length]!;
  lines.push(
    `jointscore_rta_request_duration_seconds_bucket{le="+Inf"} ${cumulative}`,
    `jointscore_rta_request_duration_seconds_sum ${m.latencySum}`,
    `jointscore_rta_request_duration_seconds_count ${m.latencyCount}`,
    '# HELP jointscore_rta_bundle_info The bundle being served (value 1).',
    '# TYPE jointscore_rta_bundle_info gauge',
    `jointscore_rta_bundle_info{version=${label(f.bundleVersion)},strategy=${label(f.strategy)},created_at=${label(f.createdAt)}} 1`,
    '# HELP jointscore_rta_generation Loads so far: 1 at start, +1 per successful reload.',
    '# TYPE jointscore_rta_generation gauge',
    `jointscore_rta_generation ${f.generation}`,
    '# HELP jointscore_rta_snapshot_ids Device ids in the feature snapshot.',
    '# TYPE jointscore_rta_snapshot_ids gauge',
    `jointscore_rta_snapshot_ids ${f.snapshotIds}`,
    '# HELP jointscore_rta_workers Serving processes.',
    '# TYPE jointscore_rta_workers gauge',
    `jointscore_rta_workers ${f.workers}`,
    '# HELP jointscore_rta_reloads_total Reloads by result.',
    '# TYPE jointscore_rta_reloads_total counter',
    `jointscore_rta_reloads_total{result="ok"} ${m.reloads.ok}`,
    `jointscore_rta_reloads_total{result="failed"} ${m.reloads.failed}`,
    '# HELP jointscore_rta_scored_users_total Users scored (found in the snapshot).',
    '# TYPE jointscore_rta_scored_users_total counter',
    `jointscore_rta_scored_users_total ${m.scored}`,
    '# HELP jointscore_rta_input_missing_total Scored users lacking the input: one that stops arriving climbs with the scored users.',
    '# TYPE jointscore_rta_input_missing_total counter',
    ...Object.entries(m.inputs).map(([name, c]) => `jointscore_rta_input_missing_total{input=${label(name)}} ${c.missing}`),
    '# HELP jointscore_rta_input_unseen_total Scored users with a category of the input the bundle never saw.',
    '# TYPE jointscore_rta_input_unseen_total counter',
    ...Object.entries(m.inputs).map(([name, c]) => `jointscore_rta_input_unseen_total{input=${label(name)}} ${c.unseen}`),
    '# HELP jointscore_rta_score Scores of scored users per card, in equal bands of the card\'s score range.',
    '# TYPE jointscore_rta_score histogram',
    ...Object.entries(m.scores).flatMap(([card, h]) => {
      let cum = 0;
      const step = (h.hi - h.lo) / h.counts.length;
      const out = h.counts.map((n, k) => { cum += n; return k === h.counts.length - 1 ? null : `jointscore_rta_score_bucket{card=${label(card)},le=${label(h.lo + step * (k + 1))}} ${cum}`; }).filter((x): x is string => x !== null);
      return [...out, `jointscore_rta_score_bucket{card=${label(card)},le="+Inf"} ${cum}`, `jointscore_rta_score_count{card=${label(card)}} ${cum}`];
    }),
    ...modelLines(m.models),
  );
  return `${lines.join('\n')}\n`;
}

/** Per model arm: its bundle, answers by outcome, scored users and score histograms (champion/challenger comparison). */
function modelLines(models: Record<string, ModelMetrics>): string[] {
  const arms = Object.entries(models);
  if (arms.length === 0) return [];
  const histogram = (name: string, arm: string, scores: ModelMetrics['scores']) => Object.entries(scores).flatMap(([card, h]) => {
    let cum = 0;
    const step = (h.hi - h.lo) / h.counts.length;
    const out = h.counts.map((n, k) => { cum += n; return k === h.counts.length - 1 ? null : `${name}_bucket{model=${label(arm)},card=${label(card)},le=${label(h.lo + step * (k + 1))}} ${cum}`; }).filter((x): x is string => x !== null);
    return [...out, `${name}_bucket{model=${label(arm)},card=${label(card)},le="+Inf"} ${cum}`, `${name}_count{model=${label(arm)},card=${label(card)}} ${cum}`];
  });
  return [
    '# HELP jointscore_rta_model_info The bundle each model arm serves (value 1).',
    '# TYPE jointscore_rta_model_info gauge',
    ...arms.map(([arm, x]) => `jointscore_rta_model_info{model=${label(arm)},version=${label(x.version)}} 1`),
    '# HELP jointscore_rta_model_requests_total Answered requests per model arm by outcome (bid, no_bid, unknown_user, …).',
    '# TYPE jointscore_rta_model_requests_total counter',
    ...arms.flatMap(([arm, x]) => Object.entries(x.outcomes).map(([o, n]) => `jointscore_rta_model_requests_total{model=${label(arm)},outcome=${label(o)}} ${n}`)),
    '# HELP jointscore_rta_model_scored_users_total Users each model arm scored.',
    '# TYPE jointscore_rta_model_scored_users_total counter',
    ...arms.map(([arm, x]) => `jointscore_rta_model_scored_users_total{model=${label(arm)}} ${x.scored}`),
    '# HELP jointscore_rta_model_score Scores per model arm and card, in equal bands of the card\'s score range.',
    '# TYPE jointscore_rta_model_score histogram',
    ...arms.flatMap(([arm, x]) => histogram('jointscore_rta_model_score', arm, x.scores)),
  ];
}
