/**
 * The repository layout `podls check` judges its inputs in (`features/kustomize.ts`): the kustomization files and
 * Helm charts among the inputs and in the directories that hold them or lie above them (so that checking one patch
 * file still finds the kustomization that names it). Reads through {@link CliIo}; never throws.
 */
import * as path from 'path';
import { createSnapshot } from '../document/snapshot';
import { buildProjectLayout, isChartFile, isKustomizationFile, KUSTOMIZATION_FILE_NAMES } from '../features/kustomize';
import type { KustomizationSource, ProjectLayout } from '../features/kustomize';
import { readText } from './files';
import type { CliIo } from './io';

/** Levels above an input's directory searched for kustomizations and charts. */
const MAX_ANCESTORS = 32;

/** The value of the first YAML document of `text`, or undefined. */
function firstValue(name: string, text: string): unknown {
  return createSnapshot(name, 0, text).documents[0]?.value;
}

/**
 * The layout of `inputs` (file names as given, `<stdin>` ignored): kustomization files and `Chart.yaml` files among
 * them, and those found in the inputs' directories and their ancestors (up to {@link MAX_ANCESTORS} levels).
 */
export function layoutOfInputs(inputs: readonly { readonly name: string; readonly text: string }[], io: CliIo): ProjectLayout {
  const kustomizations = new Map<string, KustomizationSource>();
  const charts = new Set<string>();
  const files = inputs.filter((i) => i.name !== '<stdin>');
  for (const input of files) {
    const name = path.normalize(input.name);
    if (isKustomizationFile(name)) kustomizations.set(name, { path: name, value: firstValue(name, input.text) });
    else if (isChartFile(name)) charts.add(name);
  }
  const visited = new Set<string>();
  for (const input of files) {
    let dir = path.dirname(path.normalize(input.name));
    for (let level = 0; level <= MAX_ANCESTORS && !visited.has(dir); level++) {
      visited.add(dir);
      for (const base of KUSTOMIZATION_FILE_NAMES) {
        const file = path.join(dir, base);
        if (kustomizations.has(file)) continue;
        const text = readText(file, io);
        if (text !== undefined) kustomizations.set(file, { path: file, value: firstValue(file, text) });
      }
      const chart = path.join(dir, 'Chart.yaml');
      if (!charts.has(chart) && readText(chart, io) !== undefined) charts.add(chart);
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return buildProjectLayout([...kustomizations.values()], [...charts]);
}
