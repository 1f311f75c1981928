/**
 * `podls select -l SELECTOR PATH...`: prints `file:line kind/name` for every object the selector selects
 * (1-based line of the object's document). Exit code 0 with matches, 1 with none, 2 on a malformed
 * selector or an unreadable file.
 */
import { createSnapshot } from '../document/snapshot';
import type { Snapshot } from '../document/snapshot';
import { selectInWorkspace } from '../features/select';
import { expandPaths, readInput } from './files';
import type { CliIo } from './io';

/** Runs `podls select`; returns the exit code. */
export async function runSelect(args: { selector: string; paths: readonly string[] }, io: CliIo): Promise<number> {
  let ioError = false;
  const snapshots: Snapshot[] = [];
  for (const file of expandPaths(args.paths, io)) {
    const read = await readInput(file, io);
    if ('error' in read) {
      io.stderr(`podls: ${read.name}: ${read.error}\n`);
      ioError = true;
      continue;
    }
    snapshots.push(createSnapshot(read.name, 0, read.text));
  }
  const result = selectInWorkspace(snapshots, args.selector);
  if ('error' in result) {
    io.stderr(`podls: invalid selector "${args.selector}": ${result.error}\n`);
    return 2;
  }
  for (const item of result.items) {
    io.stdout(`${item.uri}:${item.line + 1} ${item.kind}/${item.name}${item.namespace !== undefined ? ` (namespace ${item.namespace})` : ''}\n`);
  }
  if (ioError) return 2;
  return result.items.length > 0 ? 0 : 1;
}
