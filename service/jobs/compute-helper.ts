import type { MessagePort } from 'node:worker_threads';
import { pseudonymizeRange, type RangeResult, type RangeRunner, type RangeTask } from '../../data/pseudonymize/pseudonymize-range';
import { AppError, toWireError, type WireError } from '../../types/errors';
import { profileInput, type ColumnProfiler, type ProfileInput } from '../../data/profile/profile-dataset';
import type { BinaryTarget } from '../../data/profile/target';
import { binVariable, type VariableInput } from '../../models/binning/bin-variable';
import type { BinningOptions, VariableBinning } from '../../types/binning';
import type { ColumnSpec } from '../../types/columns';
import type { ColumnProfile } from '../../types/dataset';
import { spawnWorker } from '../../data/compute/spawn-worker';
import { scoreRange, type ScoreRangeResult, type ScoreRangeRunner, type ScoreRangeTask } from '../export/score-range';
import { parseCsvSegment, segmentBuffers, type CsvSegment, type CsvSegmentTask, type SegmentParser } from '../../data/import/csv-segments';
import { blinder, type PsiScalar } from '../../data/psi/psi-group';
import type { RemoteBlinder } from '../../data/psi/blind-many';
import type { HalfMatcher } from '../../data/join/key-column';
import { matchHexPart, type PackedKeys } from '../../data/join/match-hex-part';
import { demoPart, type DemoPart, type DemoPartMaker, type DemoRequest } from '../../data/demo/generate-session';
import { gatherColumn, type ColumnGatherer, type GatheredColumn, type GatherTask } from '../../data/join/gather-column';

type HelperRequest =
  | { id: number; task: 'profile'; spec: ColumnSpec; col: ProfileInput; target: BinaryTarget | null }
  | { id: number; task: 'bin'; input: VariableInput; options: BinningOptions }
  | { id: number; task: 'pseudonymize-range'; range: RangeTask }
  | { id: number; task: 'psi-blind'; scalar: PsiScalar; elements: Uint8Array }
  | { id: number; task: 'csv-segment'; segment: CsvSegmentTask }
  | { id: number; task: 'score-range'; range: ScoreRangeTask }
  | { id: number; task: 'match-keys'; left: PackedKeys; right: PackedKeys; part: number }
  | { id: number; task: 'demo-part'; req: DemoRequest; from: number; to: number }
  | { id: number; task: 'gather-column'; gather: GatherTask };
type HelperReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError };

/** Bins a variable elsewhere (another thread); takes ownership of the column's buffers. */
export type VariableBinner = (input: VariableInput, options: BinningOptions) => Promise<VariableBinning>;

function serve(m: HelperRequest): unknown {
  if (m.task === 'profile') return profileInput(m.spec, m.col, m.target);
  if (m.task === 'bin') return binVariable(m.input, m.options);
  if (m.task === 'psi-blind') {
    const out = new Uint8Array(m.elements.length);
    blinder(m.scalar)(m.elements, out, 0, m.elements.length / 32);
    return out;
  }
  if (m.task === 'csv-segment') return parseCsvSegment(m.segment);
  if (m.task === 'score-range') return scoreRange(m.range);
  if (m.task === 'match-keys') return matchHexPart(m.left, m.right, m.part);
  if (m.task === 'demo-part') return demoPart(m);
  if (m.task === 'gather-column') return gatherColumn(m.gather);
  return pseudonymizeRange(m.range);
}

/** Buffers a reply hands over rather than copies. */
function transferOf(value: unknown, m: HelperRequest): ArrayBuffer[] {
  if (m.task === 'match-keys') return [(value as Int32Array).buffer as ArrayBuffer];
  if (m.task === 'demo-part') { const d = value as DemoPart; return [d.lender, d.partner, ...(d.truthBad ? [d.truthBad] : [])].map((b) => b.buffer as ArrayBuffer); }
  if (m.task === 'gather-column') return (value as GatheredColumn).chunks.map((c) => c.buffer as ArrayBuffer);
  return m.task === 'csv-segment' ? segmentBuffers(value as CsvSegment) : [];
}

/** The helper thread's loop: profile or bin each column it is sent, pseudonymize or score a range, blind PSI elements, parse a segment of a CSV, match half of two sets of hashed keys, make part of the sample data, or gather a joined column. */
export function serveComputeHelper(port: MessagePort): void {
  port.on('message', (m: HelperRequest) => {
    const fail = (err: unknown) => port.postMessage({ id: m.id, ok: false, error: toWireError(err) } satisfies HelperReply);
    try {
      const value = serve(m);
      // Scoring a range loads the bundle's module first: its answer comes later.
      if (value instanceof Promise) value.then((v: unknown) => port.postMessage({ id: m.id, ok: true, value: v } satisfies HelperReply), fail);
      else port.postMessage({ id: m.id, ok: true, value } satisfies HelperReply, transferOf(value, m));
    } catch (err) {
      fail(err);
    }
  });
}

const buffersOf = (col: ProfileInput) => [col.kind === 'f64' ? col.values.buffer : col.kind === 'f64-stored' ? col.bytes.buffer : col.codes.buffer] as ArrayBuffer[];

/**
 * Starts a second thread that profiles or bins columns, so a job works on two columns at a time
 * on two cores (column buffers are transferred, not copied), pseudonymizes half a file, or blinds
 * chunks of private-set-intersection elements.
 */
export function startComputeHelper(workerScript: string): { profiler: ColumnProfiler; binner: VariableBinner; pseudonymizer: RangeRunner; blinder: RemoteBlinder; csvSegments: SegmentParser; scorer: ScoreRangeRunner; keyMatcher: HalfMatcher; demoParts: DemoPartMaker; gatherer: ColumnGatherer; stop: () => Promise<void> } {
  const worker = spawnWorker(workerScript, { role: 'compute-helper' });
  worker.unref();
  let seq = 0;
  const pending = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void }>();
  worker.on('message', (m: HelperReply) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.ok) p?.resolve(m.value as never); else p?.reject(AppError.fromWire(m.error));
  });
  worker.on('error', (err) => { for (const p of pending.values()) p.reject(err); pending.clear(); });
  const send = <T>(request: HelperRequest, transfer: ArrayBuffer[]) => new Promise<T>((resolve, reject) => {
    pending.set(request.id, { resolve: resolve as (v: never) => void, reject });
    worker.postMessage(request, transfer);
  });
  return {
    profiler: (spec, col, target) => send<ColumnProfile>({ id: ++seq, task: 'profile', spec, col, target }, buffersOf(col)),
    binner: (input, options) => send<VariableBinning>({ id: ++seq, task: 'bin', input, options }, buffersOf(input.column)),
    pseudonymizer: (range) => send<RangeResult>({ id: ++seq, task: 'pseudonymize-range', range }, []),
    csvSegments: (segment) => send<CsvSegment>({ id: ++seq, task: 'csv-segment', segment }, []),
    scorer: (range) => send<ScoreRangeResult>({ id: ++seq, task: 'score-range', range }, []),
    // The keys are in shared memory: nothing to copy or hand over.
    keyMatcher: (task) => send<Int32Array>({ id: ++seq, task: 'match-keys', ...task }, []),
    demoParts: (task) => send<DemoPart>({ id: ++seq, task: 'demo-part', ...task }, []),
    // The stored chunks are handed over; the rows to pick are in shared memory.
    gatherer: (gather) => send<GatheredColumn>({ id: ++seq, task: 'gather-column', gather }, [gather.stored.bytes.buffer as ArrayBuffer]),
    blinder: (scalar, elements) => send<Uint8Array>({ id: ++seq, task: 'psi-blind', scalar, elements }, [elements.buffer as ArrayBuffer]),
    stop: async () => { await worker.terminate(); },
  };
}
