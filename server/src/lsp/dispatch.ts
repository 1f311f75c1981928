/**
 * Every request handler runs through {@link runRequest} or {@link runLongRequest}: the parameters are validated
 * first (InvalidParams, -32602, with what is wrong), cancellation is checked before the handler runs (and, for long
 * requests, between its units of work), the duration is optionally logged, and a thrown error becomes a logged
 * empty answer (a failing feature never kills the server nor reaches the client as a crash: gopls's bug.Report
 * policy, log and carry on). Cancellation answers the protocol's RequestCancelled (-32800).
 */
import { CancellationToken, ErrorCodes, LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';

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
 * Checks a request's parameters before its handler runs: returns a description of the first problem
 * (`textDocument.uri: expected a string`), or undefined when the parameters are usable.
 */
export type ParamsCheck = () => string | undefined;

function invalidParams(method: string, problem: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, `${method}: invalid params: ${problem}`);
}

function failed<T>(method: string, error: unknown, log: RequestLog, fallback: T): T | ResponseError<void> {
  if (error instanceof Cancelled) return new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
  log.error(`${method} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return fallback;
}

/**
 * Runs `handler` for the LSP method `method`. Returns its result; when `check` finds a problem, an InvalidParams
 * ResponseError; on {@link Cancelled}, a RequestCancelled ResponseError; on any other error logs the stack and
 * returns `fallback`. `traceMs`: when true, logs the handler's duration in milliseconds.
 */
export function runRequest<T>(
  method: string,
  token: CancellationToken | undefined,
  log: RequestLog,
  fallback: T,
  handler: () => T,
  traceMs = false,
  check?: ParamsCheck,
): T | ResponseError<void> {
  const start = performance.now();
  try {
    const problem = check?.();
    if (problem !== undefined) return invalidParams(method, problem);
    checkCancelled(token);
    const result = handler();
    if (traceMs) log.log(`${method} took ${(performance.now() - start).toFixed(1)} ms`);
    return result;
  } catch (error) {
    return failed(method, error, log, fallback);
  }
}

/**
 * Lets the event loop run (pending messages, among them `$/cancelRequest`, are read and dispatched), then throws
 * {@link Cancelled} if the request was cancelled meanwhile. Long handlers await it between units of work.
 */
export type Checkpoint = () => Promise<void>;

/** Resolves after the current event-loop turn: I/O callbacks and queued messages run first. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * {@link runRequest} for requests whose work grows with the workspace (references, rename, workspace symbols,
 * podls/select, ...): `handler` is async and awaits the checkpoint it is given between units of work (files), so
 * other requests are served in between and a `$/cancelRequest` stops it with RequestCancelled. The handler starts
 * after one checkpoint: a request cancelled right after it was sent does no work at all.
 */
export async function runLongRequest<T>(
  method: string,
  token: CancellationToken | undefined,
  log: RequestLog,
  fallback: T,
  handler: (checkpoint: Checkpoint) => Promise<T>,
  check?: ParamsCheck,
): Promise<T | ResponseError<void>> {
  try {
    const problem = check?.();
    if (problem !== undefined) return invalidParams(method, problem);
    const checkpoint: Checkpoint = async () => {
      checkCancelled(token);
      await yieldToEventLoop();
      checkCancelled(token);
    };
    await checkpoint();
    return await handler(checkpoint);
  } catch (error) {
    return failed(method, error, log, fallback);
  }
}
