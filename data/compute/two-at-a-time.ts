import { cancelled } from '../import/cancel';

/** Items the helper holds at once. */
const HELPER_DEPTH = 2;

const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Works through `count` items two at a time: each item is prepared here (e.g. its column read
 * from the workspace), then computed on the helper thread when the helper is free and the item
 * may move there, else on this thread. `done` gets each result as it comes, in any order. A
 * helper failure is rethrown here, never left as an unhandled rejection.
 */
export async function twoAtATime<I, R>(
  count: number,
  steps: {
    prepare: (i: number) => I;
    local: (input: I) => R;
    helper?: ((input: I) => Promise<R>) | undefined;
    canMove?: (input: I) => boolean;
    done: (i: number, result: R) => void;
    signal: { readonly aborted: boolean };
  },
): Promise<void> {
  // The helper holds up to two items (one computing, one queued) so it never waits for this
  // thread to prepare the next; this thread computes an item itself only when the helper is full.
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | null = null;
  const check = () => { if (failure) throw failure.error; if (steps.signal.aborted) throw cancelled(); };
  for (let i = 0; i < count; i++) {
    check();
    const input = steps.prepare(i);
    if (steps.helper && inFlight.size < HELPER_DEPTH && (steps.canMove?.(input) ?? true)) {
      const p: Promise<void> = steps.helper(input).then((r) => { steps.done(i, r); }, (error: unknown) => { failure = { error }; }).finally(() => { inFlight.delete(p); });
      inFlight.add(p);
      continue;
    }
    steps.done(i, steps.local(input));
    if (steps.helper) await yieldToEvents();
  }
  await Promise.all(inFlight);
  check();
}
