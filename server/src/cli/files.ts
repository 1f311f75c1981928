/**
 * Reading manifests for the CLI: expanding directories to their *.yaml / *.yml files and decoding bytes
 * as UTF-8 text, with clear errors for unreadable, binary and non-UTF-8 files.
 */
import * as path from 'path';
import type { CliIo } from './io';

/** A file argument read as text, or the reason it could not be. `name` is how messages show it. */
export type ReadResult = { readonly name: string; readonly text: string } | { readonly name: string; readonly error: string };

const YAML_FILE = /\.ya?ml$/i;

/**
 * Expands arguments: a directory becomes its *.yaml and *.yml files, recursively, sorted; `-` stays
 * (standard input); other paths stay as given (so a missing file reports its own error later).
 */
export function expandPaths(args: readonly string[], io: CliIo): string[] {
  const out: string[] = [];
  const visit = (dir: string): void => {
    let entries: ReturnType<CliIo['readDir']>;
    try {
      entries = io.readDir(dir);
    } catch {
      out.push(dir);
      return;
    }
    for (const entry of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) visit(full);
      } else if (entry.isFile && YAML_FILE.test(entry.name)) out.push(full);
    }
  };
  for (const arg of args) {
    if (arg !== '-' && io.isDirectory(arg)) visit(arg);
    else out.push(arg);
  }
  return out;
}

/**
 * Decodes file bytes as UTF-8 text (a BOM is dropped). Returns an error for binary content (a NUL byte in
 * the first 8 KiB) or invalid UTF-8.
 */
export function decodeText(bytes: Uint8Array): { text: string } | { error: string } {
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return { error: 'binary file (contains NUL bytes), not YAML' };
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text };
  } catch {
    return { error: 'not valid UTF-8 text' };
  }
}

/** Reads one argument (`-` is standard input). Never throws. */
export async function readInput(arg: string, io: CliIo): Promise<ReadResult> {
  if (arg === '-') {
    try {
      return { name: '<stdin>', text: await io.readStdin() };
    } catch (e) {
      return { name: '<stdin>', error: e instanceof Error ? e.message : String(e) };
    }
  }
  let bytes: Uint8Array;
  try {
    bytes = io.readFile(arg);
  } catch (e) {
    const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
    const reason =
      code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : e instanceof Error ? e.message : String(e);
    return { name: arg, error: reason };
  }
  const decoded = decodeText(bytes);
  return 'text' in decoded ? { name: arg, text: decoded.text } : { name: arg, error: decoded.error };
}

/** The text of `file` read through `io`, or undefined when it is missing or not UTF-8 text. Never throws. */
export function readText(file: string, io: CliIo): string | undefined {
  try {
    const decoded = decodeText(io.readFile(file));
    return 'text' in decoded ? decoded.text : undefined;
  } catch {
    return undefined;
  }
}
