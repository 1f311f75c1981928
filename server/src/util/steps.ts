/**
 * Work in steps: a long computation written as a generator that yields between bounded pieces of work, so that a
 * caller with an event loop (the language server) can run a few pieces per turn, and a caller without one (the CLI,
 * tests) runs it to the end with {@link runSteps}.
 */

/** A computation that yields (nothing) between pieces of work and returns a `T`. */
export type Steps<T> = Generator<void, T, void>;

/** Runs `steps` to the end and returns its result. Throws what the computation throws. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done === true) return next.value;
  }
}
