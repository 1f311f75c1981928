/**
 * The previous revision for `podls check` (issue 14): `--previous PATH` (repeatable) reads manifests or live objects
 * (`kubectl get -o yaml`) from files and directories, `--previous-ref REV` reads the checked files at a git revision.
 * Objects are matched across all files by group, kind, namespace and name; the update findings of each input file
 * come back as {@link CheckFinding}s keyed by its name.
 * With `--previous-ref`, a file whose text is the same at the revision is not analysed again: its objects are the
 * stored ones, so updating them changes nothing.
 */
import * as path from 'path';
import { createSnapshot } from '../document/snapshot';
import type { AnalysisContext } from '../features/diagnostics';
import { previousIndexOf, ratchetedCreateFindings, updateDiagnostics } from '../features/update';
import type { RatchetedFinding } from '../features/update';
import { readAtRevision } from '../workspace/git';
import { toCheckFindings } from './check-workers';
import type { CheckFinding, CheckInput } from './check-workers';
import { expandPaths, readInput } from './files';
import type { CliIo } from './io';

/**
 * The update findings of `inputs` against the previous revision, by input name, and the create-rule findings an
 * update does not get (to drop from each file's own findings). Unreadable previous files are
 * reported on stderr as warnings; a missing git or files outside a repository give no findings.
 */
export async function updateFindingsOf(
  inputs: readonly CheckInput[],
  previous: { readonly paths: readonly string[] } | { readonly ref: string },
  ctx: AnalysisContext,
  io: CliIo,
): Promise<{ findings: Map<string, CheckFinding[]>; ratcheted: Map<string, RatchetedFinding[]> }> {
  const out = new Map<string, CheckFinding[]>();
  const ratcheted = new Map<string, RatchetedFinding[]>();
  let targets: readonly CheckInput[];
  const olds: { name: string; text: string }[] = [];
  if ('ref' in previous) {
    const files = inputs.filter((i) => i.name !== '<stdin>');
    const texts = await readAtRevision(
      files.map((f) => path.resolve(f.name)),
      previous.ref,
    );
    const changed: CheckInput[] = [];
    files.forEach((f, i) => {
      const text = texts[i];
      if (text === undefined || text === f.text) return;
      olds.push({ name: `${previous.ref}:${f.name}`, text });
      changed.push(f);
    });
    targets = changed;
  } else {
    for (const file of expandPaths(previous.paths, io)) {
      const read = await readInput(file, io);
      if ('error' in read) io.stderr(`podls: warning: --previous ${read.name}: ${read.error}\n`);
      else olds.push(read);
    }
    targets = inputs;
  }
  if (olds.length === 0) return { findings: out, ratcheted };
  const index = previousIndexOf(olds.map((o) => createSnapshot(o.name, 0, o.text)));
  for (const input of targets) {
    const snapshot = createSnapshot(input.name, 0, input.text);
    const found = updateDiagnostics(snapshot, index, ctx);
    if (found.length > 0) out.set(input.name, toCheckFindings(input.name, snapshot.lineIndex, found));
    const dropped = ratchetedCreateFindings(snapshot, index);
    if (dropped.length > 0) ratcheted.set(input.name, dropped);
  }
  return { findings: out, ratcheted };
}
