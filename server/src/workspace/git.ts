/**
 * Reading files as they were at a git revision, with the `git` binary (the previous revision of manifests for the
 * update rules: `podls check --previous-ref origin/main`, the `podls.previous` setting `git:HEAD`).
 *
 * One `git rev-parse --show-toplevel` per repository and one `git cat-file --batch` per repository and call, whatever
 * the number of files; the revision and paths reach git on standard input, never as arguments. A missing `git`, a
 * file outside a repository, an unknown revision or a file absent at that revision all give `undefined` for that
 * file: the feature is silently off, never an error. Never throws.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** Runs git with `args` in `cwd`, `input` on stdin; resolves to stdout, or undefined when git is missing or fails. */
export type GitRun = (args: readonly string[], cwd: string, input?: string) => Promise<Buffer | undefined>;

/** Largest output read from one git call (bytes). */
const MAX_GIT_OUTPUT = 1024 * 1024 * 1024;

/** The real git binary (no prompts, no optional locks). */
export const runGit: GitRun = (args, cwd, input) =>
  new Promise((resolve) => {
    try {
      const child = execFile(
        'git',
        [...args],
        { cwd, encoding: 'buffer', maxBuffer: MAX_GIT_OUTPUT, windowsHide: true, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' } },
        (error, stdout) => resolve(error === null ? stdout : undefined),
      );
      child.on('error', () => resolve(undefined));
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(input ?? '');
    } catch {
      resolve(undefined);
    }
  });

function realPath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

/** The work tree root of the repository holding `dir`, or undefined (no git, not a repository). */
export async function repositoryRoot(dir: string, run: GitRun = runGit): Promise<string | undefined> {
  const out = await run(['rev-parse', '--show-toplevel'], dir);
  const root = out?.toString('utf8').trim();
  return root === undefined || root === '' ? undefined : realPath(path.resolve(root));
}

/**
 * Parses `git cat-file --batch` output for `count` requests: each answer is `<oid> <type> <size>\n<content>\n`, or
 * `<name> missing\n` (also `ambiguous`). Contents are decoded as UTF-8; non-blobs and missing objects are undefined.
 */
export function parseCatFileBatch(out: Buffer, count: number): (string | undefined)[] {
  const result: (string | undefined)[] = [];
  let at = 0;
  for (let i = 0; i < count && at < out.length; i++) {
    const eol = out.indexOf(10, at);
    if (eol < 0) break;
    const header = out.subarray(at, eol).toString('utf8');
    at = eol + 1;
    const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (m === null) {
      result.push(undefined);
      continue;
    }
    const size = Number(m[2]);
    result.push(m[1] === 'blob' ? out.subarray(at, at + size).toString('utf8') : undefined);
    at += size + 1;
  }
  while (result.length < count) result.push(undefined);
  return result;
}

/**
 * The text of each of `files` (paths, absolute or relative to the process) at git revision `rev`, in the order given;
 * undefined where it cannot be read (see the module comment). Files of several repositories are fine.
 */
export async function readAtRevision(files: readonly string[], rev: string, run: GitRun = runGit): Promise<(string | undefined)[]> {
  const out: (string | undefined)[] = files.map(() => undefined);
  if (rev === '' || /[\n\r]/.test(rev)) return out;
  const roots: string[] = [];
  const byRoot = new Map<string, { index: number; rel: string }[]>();
  const rootByDir = new Map<string, string | undefined>();
  for (const [index, file] of files.entries()) {
    // git prints the work tree with symlinks resolved (/tmp -> /private/tmp): compare real paths.
    const abs = realPath(path.resolve(file));
    const dir = path.dirname(abs);
    let root = roots.find((r) => abs.startsWith(r + path.sep));
    if (root === undefined) {
      if (!rootByDir.has(dir)) rootByDir.set(dir, await repositoryRoot(dir, run));
      root = rootByDir.get(dir);
      if (root === undefined) continue;
      if (!roots.includes(root)) roots.push(root);
    }
    const rel = path.relative(root, abs).split(path.sep).join('/');
    if (rel.startsWith('..') || /[\n\r]/.test(rel)) continue;
    byRoot.set(root, [...(byRoot.get(root) ?? []), { index, rel }]);
  }
  for (const [root, entries] of byRoot) {
    const batch = await run(['cat-file', '--batch'], root, entries.map((e) => `${rev}:${e.rel}\n`).join(''));
    if (batch === undefined) continue;
    parseCatFileBatch(batch, entries.length).forEach((text, i) => {
      const entry = entries[i];
      if (entry !== undefined) out[entry.index] = text;
    });
  }
  return out;
}
