import { cancelled } from '../import/cancel';

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
  let pending: Promise<void> | null = null;
  let failure: { error: unknown } | null = null;
  const check = () => { if (failure) throw failure.error; if (steps.signal.aborted) throw cancelled(); };
  for (let i = 0; i < count; i++) {
    check();
    const input = steps.prepare(i);
    if (steps.helper && pending === null && (steps.canMove?.(input) ?? true)) {
      pending = steps.helper(input).then((r) => { steps.done(i, r); pending = null; }, (error: unknown) => { failure = { error }; pending = null; });
      continue;
    }
    steps.done(i, steps.local(input));
    if (steps.helper) await yieldToEvents();
  }
  if (pending) await pending;
  check();
}
