/**
 * A {@link CliIo} for tests: the real file system, captured stdout/stderr and a given standard input.
 */
import type { CliIo } from '../../server/src/cli/io';
import { processIo } from '../../server/src/cli/io';

/** A CliIo whose output is collected in `out` and `err`. */
export interface CapturedIo extends CliIo {
  readonly out: string[];
  readonly err: string[];
  stdoutText(): string;
  stderrText(): string;
}

/** Captures output; `stdin` is what `-` reads. */
export function capturedIo(stdin = ''): CapturedIo {
  const real = processIo();
  const out: string[] = [];
  const err: string[] = [];
  return {
    ...real,
    out,
    err,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    readStdin: () => Promise.resolve(stdin),
    stdoutText: () => out.join(''),
    stderrText: () => err.join(''),
  };
}
