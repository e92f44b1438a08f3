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
}

export function emptyMetrics(): MetricsState {
  return {
    outcomes: Object.fromEntries(REQUEST_OUTCOMES.map((o) => [o, 0])) as Record<RequestOutcome, number>,
    buckets: new Array<number>(LATENCY_BUCKETS.length + 1).fill(0), latencySum: 0, latencyCount: 0, reloads: { ok: 0, failed: 0 },
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
  );
  return `${lines.join('\n')}\n`;
}
