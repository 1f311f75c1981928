/**
 * Checks of request parameters, for dispatch's InvalidParams answer (-32602): each returns a description of the
 * first problem (`position.line: expected an integer >= 0`) or undefined when the parameters have the shape the
 * LSP 3.17 specification gives them (`TextDocumentPositionParams`, `Range`, ...). Values are checked as far as the
 * handlers read them; unknown extra properties are allowed, as the specification allows them.
 */

type Problem = string | undefined;

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function record(v: unknown, name: string): Problem {
  return isRecord(v) ? undefined : `${name}: expected an object`;
}

function string(v: unknown, name: string): Problem {
  return typeof v === 'string' ? undefined : `${name}: expected a string`;
}

/** A uinteger of LSP: an integer from 0 to 2^31 - 1. */
function uinteger(v: unknown, name: string): Problem {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0x7fffffff ? undefined : `${name}: expected an integer >= 0`;
}

/** The first problem of a list of checks, evaluated in order (later checks may assume earlier ones passed). */
function first(...checks: (() => Problem)[]): Problem {
  for (const check of checks) {
    const problem = check();
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function field(params: unknown, key: string): unknown {
  return isRecord(params) ? params[key] : undefined;
}

/** An LSP `Position` at `name`. */
export function positionProblem(v: unknown, name: string): Problem {
  return first(
    () => record(v, name),
    () => uinteger(field(v, 'line'), `${name}.line`),
    () => uinteger(field(v, 'character'), `${name}.character`),
  );
}

/** An LSP `Range` at `name`. */
export function rangeProblem(v: unknown, name: string): Problem {
  return first(
    () => record(v, name),
    () => positionProblem(field(v, 'start'), `${name}.start`),
    () => positionProblem(field(v, 'end'), `${name}.end`),
  );
}

/** `{ textDocument: { uri } }` (TextDocumentIdentifier params: documentSymbol, codeLens, ...). */
export function textDocumentProblem(params: unknown): Problem {
  return first(
    () => record(params, 'params'),
    () => record(field(params, 'textDocument'), 'textDocument'),
    () => string(field(field(params, 'textDocument'), 'uri'), 'textDocument.uri'),
  );
}

/** TextDocumentPositionParams: hover, completion, definition, prepareRename. */
export function textDocumentPositionProblem(params: unknown): Problem {
  return first(
    () => textDocumentProblem(params),
    () => positionProblem(field(params, 'position'), 'position'),
  );
}

/** ReferenceParams: a position and `context.includeDeclaration`. */
export function referenceProblem(params: unknown): Problem {
  return first(
    () => textDocumentPositionProblem(params),
    () => record(field(params, 'context'), 'context'),
    () => (typeof field(field(params, 'context'), 'includeDeclaration') === 'boolean' ? undefined : 'context.includeDeclaration: expected a boolean'),
  );
}

/** RenameParams: a position and `newName`. */
export function renameProblem(params: unknown): Problem {
  return first(
    () => textDocumentPositionProblem(params),
    () => string(field(params, 'newName'), 'newName'),
  );
}

/** CodeActionParams: a range and `context.diagnostics` (an array). */
export function codeActionProblem(params: unknown): Problem {
  return first(
    () => textDocumentProblem(params),
    () => rangeProblem(field(params, 'range'), 'range'),
    () => record(field(params, 'context'), 'context'),
    () => (Array.isArray(field(field(params, 'context'), 'diagnostics')) ? undefined : 'context.diagnostics: expected an array'),
  );
}

/** WorkspaceSymbolParams: `query`. */
export function workspaceSymbolProblem(params: unknown): Problem {
  return first(
    () => record(params, 'params'),
    () => string(field(params, 'query'), 'query'),
  );
}

/** A CompletionItem (completionItem/resolve): `label`. */
export function completionItemProblem(params: unknown): Problem {
  return first(
    () => record(params, 'params'),
    () => string(field(params, 'label'), 'label'),
  );
}

/** A CodeAction (codeAction/resolve): `title`. */
export function codeActionResolveProblem(params: unknown): Problem {
  return first(
    () => record(params, 'params'),
    () => string(field(params, 'title'), 'title'),
  );
}

/** podls/explain: `{ uri, position }`. */
export function explainProblem(params: unknown): Problem {
  return first(
    () => record(params, 'params'),
    () => string(field(params, 'uri'), 'uri'),
    () => positionProblem(field(params, 'position'), 'position'),
  );
}

/** podls/lifecycle: `{ uri, position?, documentIndex?, scenario? }`. */
export function lifecycleProblem(params: unknown): Problem {
  return first(
    () => record(params, 'params'),
    () => string(field(params, 'uri'), 'uri'),
    () => (field(params, 'position') === undefined ? undefined : positionProblem(field(params, 'position'), 'position')),
    () => (field(params, 'documentIndex') === undefined ? undefined : uinteger(field(params, 'documentIndex'), 'documentIndex')),
    () => {
      const scenario = field(params, 'scenario');
      return scenario === undefined || typeof scenario === 'string' || isRecord(scenario) ? undefined : 'scenario: expected a preset id or a scenario object';
    },
  );
}

/** podls/select: `{ selector }`. */
export function selectProblem(params: unknown): Problem {
  return first(
    () => record(params, 'params'),
    () => string(field(params, 'selector'), 'selector'),
  );
}
