/**
 * Navigation over the multi-file workspace of test/fixtures/workspace: definition, references, rename,
 * document and workspace symbols, name completion and missing references.
 * Results render as `file:line:col text` (1-based), so a failing case shows where it points.
 */
import * as assert from 'assert';
import { createSnapshot } from '../../server/src/document/snapshot';
import type { Snapshot } from '../../server/src/document/snapshot';
import { definition } from '../../server/src/features/navigation/definition';
import { documentSymbols } from '../../server/src/features/navigation/document-symbol';
import type { DocumentSymbolInfo } from '../../server/src/features/navigation/document-symbol';
import { missingReferences } from '../../server/src/features/navigation/missing-references';
import { nameCompletions } from '../../server/src/features/navigation/name-completion';
import { references } from '../../server/src/features/navigation/references';
import { prepareRename, rename } from '../../server/src/features/navigation/rename';
import { buildWorkspaceIndex, createNavigationCache } from '../../server/src/features/navigation/workspace-index';
import { workspaceSymbols } from '../../server/src/features/navigation/workspace-symbol';
import { cursorIn, editedFile, fileOf, loadWorkspace, renderLocations, renderRange } from './navigation-workspace';

const ws = loadWorkspace();

function checkDefinition(file: string, needle: string, occurrence = 0): string[] {
  const s = fileOf(ws, file);
  return renderLocations(ws, definition(ws, s, cursorIn(s, needle, occurrence)));
}

function checkReferences(file: string, needle: string, includeDeclaration = true, occurrence = 0): string[] {
  const s = fileOf(ws, file);
  return renderLocations(ws, references(ws, s, cursorIn(s, needle, occurrence), includeDeclaration));
}

/** The edits as `file:line:col old -> new`, or the error. */
function checkRename(file: string, needle: string, newName: string, occurrence = 0): string[] | string {
  const s = fileOf(ws, file);
  const result = rename(ws, s, cursorIn(s, needle, occurrence), newName);
  if ('error' in result) return result.error;
  return result.edits.map((e) => `${renderRange(ws, e.uri, e.range)} -> ${e.newText}`);
}

/** Name candidates as `label | detail | insertText` after replacing `replace` by `by` (with a cursor) in `file`. */
function checkCompletion(file: string, replace: string, by: string): string[] {
  const { snapshot, offset } = editedFile(ws, file, replace, by);
  return nameCompletions(() => ws, snapshot, offset).map((c) => `${c.label} | ${c.detail ?? ''} | ${c.insertText}`);
}

function renderSymbols(snapshot: Snapshot, symbols: readonly DocumentSymbolInfo[], depth = 0): string[] {
  return symbols.flatMap((s) => {
    const start = snapshot.lineIndex.positionAt(s.range.start).line + 1;
    const end = snapshot.lineIndex.positionAt(s.range.end).line + 1;
    const selected = snapshot.text.slice(s.selectionRange.start, s.selectionRange.end);
    const line = `${'  '.repeat(depth)}${s.kind} ${s.name}${s.detail === undefined ? '' : ` (${s.detail})`} lines ${start}-${end} [${selected}]`;
    return [line, ...renderSymbols(snapshot, s.children, depth + 1)];
  });
}

describe('navigation: definition', () => {
  it('goes from a volumeMount to the volume of the same Pod spec', () => {
    assert.deepStrictEqual(checkDefinition('deployment.yaml', '- name: con<|>fig'), ['deployment.yaml:60:17 config']);
    assert.deepStrictEqual(checkDefinition('pod.yaml', '- name: wo<|>rk'), ['pod.yaml:50:13 work']);
  });

  it('goes from a probe, lifecycle handler or Service targetPort to the named containerPort', () => {
    assert.deepStrictEqual(checkDefinition('deployment.yaml', 'port: h<|>ttp'), ['deployment.yaml:24:21 http']);
    assert.deepStrictEqual(checkDefinition('deployment.yaml', 'port: http<|>', 2), ['deployment.yaml:24:21 http']);
    assert.deepStrictEqual(checkDefinition('service.yaml', 'targetPort: <|>http'), ['deployment.yaml:24:21 http']);
    // The quoted port name's range excludes the quotes.
    assert.deepStrictEqual(checkDefinition('pod.yaml', 'port: adm<|>in'), ['pod.yaml:23:18 admin']);
  });

  it('goes from ConfigMap, Secret, PVC and ServiceAccount references to the objects and keys', () => {
    assert.deepStrictEqual(checkDefinition('deployment.yaml', 'name: app-con<|>fig'), ['config.yaml:5:9 app-config']);
    assert.deepStrictEqual(checkDefinition('deployment.yaml', 'key: LOG<|>_LEVEL'), ['config.yaml:7:3 LOG_LEVEL']);
    assert.deepStrictEqual(checkDefinition('deployment.yaml', 'key: pass<|>word'), ['config.yaml:16:3 password']);
    assert.deepStrictEqual(checkDefinition('deployment.yaml', 'secretName: db<|>'), ['config.yaml:13:9 db-credentials']);
    assert.deepStrictEqual(checkDefinition('deployment.yaml', 'claimName: <|>web'), ['storage.yaml:5:9 web-data']);
    assert.deepStrictEqual(checkDefinition('deployment.yaml', 'serviceAccountName: <|>web'), ['storage.yaml:15:9 web']);
  });

  it('finds nothing for a reference to an object absent from the workspace', () => {
    assert.deepStrictEqual(checkDefinition('pod.yaml', 'name: debug-set<|>tings'), []);
  });

  it('goes from a container name reference to the container', () => {
    assert.deepStrictEqual(checkDefinition('pod.yaml', 'default-container: sh<|>ell'), ['pod.yaml:20:13 shell']);
  });

  it('goes from a selector to the labels of the Pods and templates it selects', () => {
    assert.deepStrictEqual(checkDefinition('service.yaml', '<|>app: web'), ['deployment.yaml:16:9 app']);
    assert.deepStrictEqual(checkDefinition('service.yaml', 'app: w<|>eb'), ['deployment.yaml:16:14 web']);
    assert.deepStrictEqual(checkDefinition('service.yaml', 'sel<|>ector'), ['deployment.yaml:15:7 labels']);
    assert.deepStrictEqual(checkDefinition('service.yaml', 'key: ti<|>er'), ['deployment.yaml:17:9 tier', 'pod.yaml:8:5 tier']);
    assert.deepStrictEqual(checkDefinition('service.yaml', '[front<|>end'), ['deployment.yaml:17:15 frontend', 'pod.yaml:8:11 frontend']);
    assert.deepStrictEqual(checkDefinition('deployment.yaml', 'match<|>Labels'), ['deployment.yaml:15:7 labels']);
  });

  it('answers the definition itself on a definition, nothing elsewhere', () => {
    assert.deepStrictEqual(checkDefinition('deployment.yaml', '- name: h<|>ttp'), ['deployment.yaml:24:21 http']);
    assert.deepStrictEqual(checkDefinition('deployment.yaml', 'ima<|>ge'), []);
  });

  it('stays in the namespace of the referring object', () => {
    const other = createSnapshot('file:///workspace/other.yaml', 1, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: prod\nspec:\n  serviceAccountName: web\n  containers: [{ name: c, image: busybox }]\n');
    const offset = other.text.indexOf('web') + 1;
    assert.deepStrictEqual(definition([...ws, other], other, offset), []);
  });
});

describe('navigation: references', () => {
  it('lists the mounts of a volume', () => {
    assert.deepStrictEqual(checkReferences('deployment.yaml', '- name: con<|>fig', true, 1), ['deployment.yaml:55:21 config', 'deployment.yaml:60:17 config']);
    assert.deepStrictEqual(checkReferences('deployment.yaml', '- name: con<|>fig', false, 1), ['deployment.yaml:55:21 config']);
  });

  it('lists the probes, lifecycle handlers and Service targetPorts using a named port', () => {
    assert.deepStrictEqual(checkReferences('deployment.yaml', '- name: h<|>ttp', false), [
      'deployment.yaml:45:21 http',
      'deployment.yaml:48:21 http',
      'deployment.yaml:53:23 http',
      'service.yaml:12:19 http',
    ]);
  });

  it('lists every reference to a ConfigMap and to a Secret key in the workspace', () => {
    assert.deepStrictEqual(checkReferences('config.yaml', 'name: app<|>-config'), [
      'config.yaml:5:9 app-config',
      'deployment.yaml:32:25 app-config',
      'deployment.yaml:41:23 app-config',
      'deployment.yaml:62:19 app-config',
    ]);
    assert.deepStrictEqual(checkReferences('config.yaml', 'pass<|>word', false), ['deployment.yaml:38:24 password']);
  });

  it('lists the selectors that select a label', () => {
    assert.deepStrictEqual(checkReferences('deployment.yaml', 'a<|>pp: web', true, 2), [
      'deployment.yaml:12:7 app',
      'deployment.yaml:16:9 app',
      'service.yaml:8:5 app',
    ]);
    assert.deepStrictEqual(checkReferences('pod.yaml', 'tier: front<|>end', false), ['service.yaml:23:18 frontend']);
    assert.deepStrictEqual(checkReferences('deployment.yaml', 'lab<|>els', false, 1), [
      'deployment.yaml:10:3 selector',
      'service.yaml:7:3 selector',
      'service.yaml:19:3 podSelector',
    ]);
    // The Deployment's own labels are not Pod labels: no selector selects them.
    assert.deepStrictEqual(checkReferences('deployment.yaml', 'a<|>pp: web', false, 0), []);
  });

  it('indexes the selector of every kind that has one (schema/pod-selectors.ts), a CronJob\'s Job selector too', () => {
    const text = [
      'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: nightly\nspec:\n  schedule: "0 3 * * *"\n  jobTemplate:\n    spec:\n      manualSelector: true',
      '      selector:\n        matchLabels:\n          job: nightly\n      template:\n        metadata:\n          labels:\n            job: nightly',
      '        spec:\n          restartPolicy: Never\n          containers:\n            - name: c\n              image: busybox:1.36\n',
    ].join('\n');
    const cron = createSnapshot('file:///workspace/cron.yaml', 1, text);
    const index = buildWorkspaceIndex([cron]);
    assert.deepStrictEqual(
      index.selectors.map((s) => `${s.ownerKind} ${s.path.join('.')}`),
      ['CronJob spec.jobTemplate.spec.selector'],
    );
    const at = text.indexOf('job: nightly', text.indexOf('labels:')) + 1;
    assert.deepStrictEqual(
      renderLocations([cron], references([cron], cron, at, false)),
      ['cron.yaml:12:11 job'],
    );
  });
});

describe('navigation: rename', () => {
  it('renames a volume and its mounts', () => {
    assert.deepStrictEqual(checkRename('deployment.yaml', '- name: da<|>ta', 'storage'), [
      'deployment.yaml:57:21 data -> storage',
      'deployment.yaml:63:17 data -> storage',
    ]);
  });

  it('renames a port with its probes, handlers and the targetPorts of selecting Services', () => {
    assert.deepStrictEqual(checkRename('service.yaml', 'targetPort: <|>http', 'web-http'), [
      'deployment.yaml:24:21 http -> web-http',
      'deployment.yaml:45:21 http -> web-http',
      'deployment.yaml:48:21 http -> web-http',
      'deployment.yaml:53:23 http -> web-http',
      'service.yaml:12:19 http -> web-http',
    ]);
  });

  it('keeps quotes and quotes plain scalars that would stop being strings', () => {
    assert.deepStrictEqual(checkRename('pod.yaml', 'name: "ad<|>min"', 'ops'), ['pod.yaml:23:18 admin -> ops', 'pod.yaml:27:17 admin -> ops', 'pod.yaml:31:17 admin -> ops']);
    assert.deepStrictEqual(checkRename('deployment.yaml', 'app: w<|>eb', 'true', 2), [
      'deployment.yaml:12:12 web -> "true"',
      'deployment.yaml:16:14 web -> "true"',
      'service.yaml:8:10 web -> "true"',
    ]);
  });

  it('renames a container and the references to it', () => {
    assert.deepStrictEqual(checkRename('pod.yaml', 'name: sh<|>ell', 'main'), ['pod.yaml:10:46 shell -> main', 'pod.yaml:20:13 shell -> main']);
  });

  it('renames a ConfigMap across the workspace', () => {
    assert.deepStrictEqual(checkRename('config.yaml', 'name: app<|>-config', 'web-config'), [
      'config.yaml:5:9 app-config -> web-config',
      'deployment.yaml:32:25 app-config -> web-config',
      'deployment.yaml:41:23 app-config -> web-config',
      'deployment.yaml:62:19 app-config -> web-config',
    ]);
  });

  it('renames a ConfigMap data key with the keys naming it', () => {
    assert.deepStrictEqual(checkRename('config.yaml', 'LOG_<|>LEVEL', 'LOG_VERBOSITY'), [
      'config.yaml:7:3 LOG_LEVEL -> LOG_VERBOSITY',
      'deployment.yaml:33:24 LOG_LEVEL -> LOG_VERBOSITY',
    ]);
  });

  it('renames a label value with the selectors using it', () => {
    assert.deepStrictEqual(checkRename('deployment.yaml', 'app: w<|>eb', 'frontend-web', 2), [
      'deployment.yaml:12:12 web -> frontend-web',
      'deployment.yaml:16:14 web -> frontend-web',
      'service.yaml:8:10 web -> frontend-web',
    ]);
  });

  it('renames a label key in every label set the linked selectors select', () => {
    assert.deepStrictEqual(checkRename('pod.yaml', 'ti<|>er', 'layer'), [
      'deployment.yaml:17:9 tier -> layer',
      'pod.yaml:8:5 tier -> layer',
      'service.yaml:21:14 tier -> layer',
    ]);
  });

  it('refuses invalid names and places without a name', () => {
    assert.strictEqual(checkRename('pod.yaml', 'name: "ad<|>min"', 'way-too-long-port-name'), '"way-too-long-port-name" is not a valid port name: must be no more than 15 characters');
    assert.match(String(checkRename('deployment.yaml', '- name: da<|>ta', 'Data')), /is not a valid volume name: a lowercase RFC 1123 label/);
    assert.match(String(checkRename('pod.yaml', 'ima<|>ge', 'main')), /^Only container, volume and port names/);
  });

  it('prepares a rename with the name range or an error', () => {
    const pod = fileOf(ws, 'pod.yaml');
    const ok = prepareRename(ws, pod, cursorIn(pod, 'name: sh<|>ell'));
    assert.ok('range' in ok);
    assert.deepStrictEqual([renderRange(ws, pod.uri, ok.range), ok.placeholder], ['pod.yaml:20:13 shell', 'shell']);
    assert.ok('error' in prepareRename(ws, pod, cursorIn(pod, 'ima<|>ge')));
  });
});

describe('navigation: symbols', () => {
  it('outlines each document with its containers and volumes', () => {
    const pod = fileOf(ws, 'pod.yaml');
    assert.deepStrictEqual(renderSymbols(pod, documentSymbols(pod)), [
      'object Pod debug lines 2-54 [debug]',
      '  container shell (busybox:1.36) lines 20-48 [shell]',
      '  initContainer setup (busybox:1.36) lines 13-18 [setup]',
      '  volume work (emptyDir) lines 50-51 [work]',
      '  volume settings (configMap) lines 52-54 [settings]',
    ]);
    const config = fileOf(ws, 'config.yaml');
    assert.deepStrictEqual(renderSymbols(config, documentSymbols(config)), ['object ConfigMap app-config lines 2-8 [app-config]', 'object Secret db-credentials lines 9-17 [db-credentials]']);
  });

  it('lists kind/name of every object, filtered by the query', () => {
    assert.deepStrictEqual(
      workspaceSymbols(ws, '').map((s) => s.name),
      ['ConfigMap/app-config', 'Deployment/web', 'NetworkPolicy/frontend', 'PersistentVolumeClaim/web-data', 'Pod/debug', 'Secret/db-credentials', 'Service/web', 'ServiceAccount/web'],
    );
    assert.deepStrictEqual(
      workspaceSymbols(ws, 'service/web').map((s) => `${s.name} ${renderRange(ws, s.uri, s.selectionRange)}`),
      ['Service/web service.yaml:5:9 web', 'ServiceAccount/web storage.yaml:15:9 web'],
    );
  });
});

describe('navigation: name completion', () => {
  it('completes volume names in volumeMounts', () => {
    assert.deepStrictEqual(checkCompletion('deployment.yaml', '- name: data\n', '- name: data\n            - name: <|>\n'), [
      'config | volume (configMap) | config',
      'creds | volume (secret) | creds',
      'data | volume (persistentVolumeClaim) | data',
    ]);
  });

  it('completes port names in probes and Service targetPorts', () => {
    const expected = ['http | containerPort 8080/TCP | http', 'metrics | containerPort 9090/TCP | metrics'];
    assert.deepStrictEqual(checkCompletion('deployment.yaml', 'port: http', 'port: me<|>'), expected);
    assert.deepStrictEqual(checkCompletion('service.yaml', 'targetPort: http', 'targetPort: <|>'), expected);
  });

  it('completes ConfigMap, Secret, PVC and ServiceAccount names and data keys from the workspace', () => {
    assert.deepStrictEqual(checkCompletion('deployment.yaml', 'name: app-config\n                  key', 'name: <|>\n                  key'), [
      'app-config | ConfigMap in config.yaml | app-config',
    ]);
    assert.deepStrictEqual(checkCompletion('deployment.yaml', 'key: LOG_LEVEL', 'key: <|>'), [
      'FEATURE_FLAGS | key of ConfigMap app-config | FEATURE_FLAGS',
      'LOG_LEVEL | key of ConfigMap app-config | LOG_LEVEL',
    ]);
    assert.deepStrictEqual(checkCompletion('deployment.yaml', 'key: password', 'key: <|>'), [
      'password | key of Secret db-credentials | password',
      'username | key of Secret db-credentials | username',
    ]);
    assert.deepStrictEqual(checkCompletion('deployment.yaml', 'secretName: db-credentials', 'secretName: <|>'), ['db-credentials | Secret in config.yaml | db-credentials']);
    assert.deepStrictEqual(checkCompletion('deployment.yaml', 'claimName: web-data', 'claimName: <|>'), ['web-data | PersistentVolumeClaim in storage.yaml | web-data']);
    assert.deepStrictEqual(checkCompletion('deployment.yaml', 'serviceAccountName: web', 'serviceAccountName: <|>'), ['web | ServiceAccount in storage.yaml | web']);
  });

  it('completes label keys and values in selectors from Pod labels, and in labels from selectors', () => {
    assert.deepStrictEqual(checkCompletion('service.yaml', '    app: web\n', '    app: web\n    <|>\n'), ['tier | label of Deployment web | tier: ']);
    assert.deepStrictEqual(checkCompletion('service.yaml', '    app: web\n', '    app: <|>\n'), ['debug | app of Pod debug | debug', 'web | app of Deployment web | web']);
    assert.deepStrictEqual(checkCompletion('service.yaml', 'key: tier', 'key: <|>'), ['app | label of Deployment web | app', 'tier | label of Deployment web | tier']);
    assert.deepStrictEqual(checkCompletion('pod.yaml', '    tier: frontend\n', '    tier: <|>\n'), [
      'edge | selected by NetworkPolicy frontend | edge',
      'frontend | selected by NetworkPolicy frontend | frontend',
    ]);
  });

  it('offers nothing outside name fields', () => {
    assert.deepStrictEqual(checkCompletion('deployment.yaml', 'image: nginx:1.27', 'image: <|>'), []);
  });
});

describe('navigation: missing references', () => {
  it('reports objects referenced but absent from the workspace, skipping optional ones', () => {
    const pod = fileOf(ws, 'pod.yaml');
    assert.deepStrictEqual(
      missingReferences(ws, pod).map((m) => `${renderRange(ws, pod.uri, m.range)} ${m.severity} ${m.code}: ${m.message}`),
      [
        'pod.yaml:36:21 debug-settings hint missing-reference: configmap "debug-settings" not found in the workspace (it may exist in the cluster)',
        'pod.yaml:54:15 debug-settings hint missing-reference: configmap "debug-settings" not found in the workspace (it may exist in the cluster)',
      ],
    );
    assert.deepStrictEqual(missingReferences(ws, fileOf(ws, 'deployment.yaml')), []);
  });

  it('looks objects up in the namespace of the referrer and takes the severity', () => {
    const other = createSnapshot('file:///workspace/other.yaml', 1, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: prod\nspec:\n  serviceAccountName: web\n  containers: [{ name: c, image: busybox }]\n');
    assert.deepStrictEqual(
      missingReferences([...ws, other], other, 'warning').map((m) => [m.kind, m.name, m.namespace, m.severity]),
      [['ServiceAccount', 'web', 'prod', 'warning']],
    );
  });
});

describe('navigation: cache', () => {
  it('gives the same answers with a cache, and sees edits to cached files', () => {
    const cache = createNavigationCache();
    const deployment = fileOf(ws, 'deployment.yaml');
    const offset = cursorIn(deployment, 'claimName: <|>web');
    const uncached = definition(ws, deployment, offset);
    assert.deepStrictEqual(definition(ws, deployment, offset, cache), uncached);
    assert.deepStrictEqual(definition(ws, deployment, offset, cache), uncached);
    // The PVC is renamed in storage.yaml: the cached documents of that file must not answer.
    const storage = fileOf(ws, 'storage.yaml');
    const renamed = createSnapshot(storage.uri, 2, storage.text.replace('name: web-data', 'name: other-data'));
    assert.deepStrictEqual(definition(ws, deployment, offset, cache).length, 1);
    assert.deepStrictEqual(definition(ws.map((s) => (s.uri === storage.uri ? renamed : s)), deployment, offset, cache), []);
  });
});
