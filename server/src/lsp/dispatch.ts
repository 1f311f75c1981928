/**
 * Every request handler runs through {@link runRequest}: it checks cancellation before the handler runs,
 * optionally logs its duration, turns a thrown error into a logged empty answer (a failing feature never kills the server nor reaches the client as a crash), and
 * maps cancellation to the protocol's RequestCancelled error (gopls's bug.Report policy: log and carry on).
 */
import { CancellationToken, LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';

/** Thrown by {@link checkCancelled} when the client cancelled the request. */
export class Cancelled extends Error {
  constructor() {
    super('request cancelled');
  }
}

/** Throws {@link Cancelled} when the token says the request was cancelled; call between units of work. */
export function checkCancelled(token: CancellationToken | undefined): void {
  if (token?.isCancellationRequested) throw new Cancelled();
}

/** Where dispatch logs: the connection's console in the server, a buffer in tests. */
export interface RequestLog {
  error(message: string): void;
  log(message: string): void;
}

/**
 * Runs `handler` for the LSP method `method`. Returns its result; on {@link Cancelled} returns a
 * RequestCancelled ResponseError; on any other error logs the stack and returns `fallback`.
 * `traceMs`: when true, logs the handler's duration in milliseconds.
 */
export function runRequest<T>(
  method: string,
  token: CancellationToken | undefined,
  log: RequestLog,
  fallback: T,
  handler: () => T,
  traceMs = false,
): T | ResponseError<void> {
  const start = performance.now();
  try {
    checkCancelled(token);
    const result = handler();
    if (traceMs) log.log(`${method} took ${(performance.now() - start).toFixed(1)} ms`);
    return result;
  } catch (error) {
    if (error instanceof Cancelled) return new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
    log.error(`${method} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return fallback;
  }
}
