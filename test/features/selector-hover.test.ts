import * as assert from 'assert';
import { createSnapshot } from '../../server/src/document/snapshot';
import type { Snapshot } from '../../server/src/document/snapshot';
import { selectorHover } from '../../server/src/features/selector-hover';
import { parseMarkers } from '../harness/fixture';
import { dedent } from './fixtures';

/** A small multi-file workspace: a shop namespace with a web Deployment, its Service, Pods, a database and namespaces. */
const WORKSPACE: Readonly<Record<string, string>> = {
  'file:///ws/web.yaml': dedent(`
    # The storefront.
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      namespace: shop
    spec:
      selector:
        matchLabels:
          app: web
      template:
        metadata:
          labels:
            app: web
            tier: frontend
        spec:
          containers:
            - name: web
              image: nginx:1.27
          topologySpreadConstraints:
            - maxSkew: 1
              topologyKey: kubernetes.io/hostname
              whenUnsatisfiable: DoNotSchedule
              labelSelector:
                matchLabels: {tier: frontend}
    ---
    apiVersion: v1
    kind: Service
    metadata:
      name: web
      namespace: shop
    spec:
      selector:
        app: web
      ports:
        - port: 80
    ---
    apiVersion: v1
    kind: Service
    metadata:
      name: external
      namespace: shop
    spec:
      selector: {}
      ports:
        - port: 80
  `),
  'file:///ws/pods.yaml': dedent(`
    apiVersion: v1
    kind: Pod
    metadata:
      name: debug
      namespace: shop
      labels:
        app: web
    spec:
      containers:
        - name: sh
          image: busybox:1.36
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: stray
      labels:
        app: web
    spec:
      containers:
        - name: sh
          image: busybox:1.36
  `),
  'file:///ws/db.yaml': dedent(`
    apiVersion: apps/v1
    kind: StatefulSet
    metadata:
      name: db
      namespace: shop
    spec:
      serviceName: db
      selector:
        matchExpressions:
          - {key: app, operator: In, values: [db, cache]}
          - key: tier
            operator: DoesNotExist
      template:
        metadata:
          labels:
            app: db
        spec:
          affinity:
            podAntiAffinity:
              requiredDuringSchedulingIgnoredDuringExecution:
                - topologyKey: kubernetes.io/hostname
                  labelSelector:
                    matchLabels:
                      app: db
            podAffinity:
              preferredDuringSchedulingIgnoredDuringExecution:
                - weight: 10
                  podAffinityTerm:
                    topologyKey: kubernetes.io/hostname
                    labelSelector:
                      matchLabels:
                        app: web
                    namespaceSelector:
                      matchLabels:
                        team: shop
            nodeAffinity:
              requiredDuringSchedulingIgnoredDuringExecution:
                nodeSelectorTerms:
                  - matchExpressions:
                      - {key: disk, operator: In, values: [ssd]}
          nodeSelector:
            disk: ssd
          containers:
            - name: db
              image: postgres:16
      volumeClaimTemplates:
        - metadata:
            name: data
          spec:
            selector:
              matchLabels:
                pv: fast
            accessModes: [ReadWriteOnce]
            resources:
              requests:
                storage: 1Gi
  `),
  'file:///ws/namespaces.yaml': dedent(`
    apiVersion: v1
    kind: List
    items:
      - apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
          labels:
            team: shop
      - apiVersion: v1
        kind: Namespace
        metadata:
          name: staging
          labels:
            team: shop
      - apiVersion: v1
        kind: Namespace
        metadata:
          name: ops
      - apiVersion: v1
        kind: Service
        metadata:
          name: everything
        spec:
          selector:
            app: web
  `),
};

function workspace(): Snapshot[] {
  return Object.entries(WORKSPACE).map(([uri, text]) => createSnapshot(uri, 1, text));
}

/**
 * The selector hover in workspace file `uri` at the cursor of `needle`: a piece of that file's text with a
 * `<|>` marker, found exactly once in the file. Renders the hovered text and the Markdown, or `<no hover>`.
 */
function checkSelectorHover(uri: string, needle: string): string {
  const { text: piece, cursor } = parseMarkers(needle);
  const files = workspace();
  const snapshot = files.find((s) => s.uri === uri);
  assert.ok(snapshot, `no workspace file ${uri}`);
  const at = snapshot.text.indexOf(piece);
  assert.ok(at >= 0 && snapshot.text.indexOf(piece, at + 1) < 0, `${JSON.stringify(piece)} must occur exactly once in ${uri}`);
  const info = selectorHover(files, snapshot, at + cursor);
  if (info === undefined) return '<no hover>';
  return `hovered: ${snapshot.text.slice(info.range.start, info.range.end)}\n${info.markdown}`;
}

describe('features: selector hover', () => {
  it('shows a Deployment selector as a kubectl command and lists what it selects in its namespace', () => {
    assert.strictEqual(
      checkSelectorHover('file:///ws/web.yaml', '  sel<|>ector:\n    matchLabels:\n      app: web\n  template'),
      [
        'hovered: selector',
        "**Label selector** `app=web`",
        '',
        '```sh',
        "kubectl get pods -l 'app=web' -n shop",
        '```',
        '',
        'Selects 2 objects in namespace `shop` in the workspace:',
        '',
        '- [Deployment/web](file:///ws/web.yaml#L2) (namespace `shop`)',
        '- [Pod/debug](file:///ws/pods.yaml#L1) (namespace `shop`)',
      ].join('\n'),
    );
  });

  it('answers on matchLabels and on each entry, key or value', () => {
    for (const needle of ['match<|>Labels:\n      app: web\n  template', '    matchLabels:\n      a<|>pp: web\n  template', '    matchLabels:\n      app: w<|>eb\n  template']) {
      const out = checkSelectorHover('file:///ws/web.yaml', needle);
      assert.match(out, /kubectl get pods -l 'app=web' -n shop/, needle);
    }
    assert.match(checkSelectorHover('file:///ws/web.yaml', '    matchLabels:\n      app: w<|>eb\n  template'), /^hovered: web\n/);
  });

  it('shows a Service selector (a plain map) with the Pods and pod templates it selects', () => {
    const out = checkSelectorHover('file:///ws/web.yaml', 'kind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    app: w<|>eb');
    assert.match(out, /kubectl get pods -l 'app=web' -n shop/);
    assert.match(out, /\[Deployment\/web\]\(file:\/\/\/ws\/web\.yaml#L2\)/);
    assert.match(out, /\[Pod\/debug\]\(file:\/\/\/ws\/pods\.yaml#L1\)/);
    assert.doesNotMatch(out, /stray/, 'a Pod in another namespace is not selected');
  });

  it('selects in the default namespace when the object names none (a Service inside a List)', () => {
    const out = checkSelectorHover('file:///ws/namespaces.yaml', '      selector:\n        a<|>pp: web');
    assert.match(out, /kubectl get pods -l 'app=web'\n/);
    assert.match(out, /Selects 1 object in namespace `default` in the workspace:\n\n- \[Pod\/stray\]\(file:\/\/\/ws\/pods\.yaml#L13\)$/);
  });

  it('renders matchExpressions in the kubectl language, sorted by key', () => {
    const out = checkSelectorHover('file:///ws/db.yaml', '  selector:\n    match<|>Expressions:');
    assert.match(out, /kubectl get pods -l 'app in \(cache,db\),!tier' -n shop/);
    assert.match(out, /- \[StatefulSet\/db\]\(file:\/\/\/ws\/db\.yaml#L1\)/);
    assert.match(checkSelectorHover('file:///ws/db.yaml', 'operator: DoesNot<|>Exist'), /!tier/);
  });

  it('covers pod anti-affinity terms in the Pod\'s own namespace', () => {
    const out = checkSelectorHover('file:///ws/db.yaml', '              label<|>Selector:\n                matchLabels:\n                  app: db');
    assert.match(out, /^hovered: labelSelector\n/);
    assert.match(out, /kubectl get pods -l 'app=db' -n shop/);
    assert.match(out, /Selects 1 object in namespace `shop`/);
  });

  it('takes an affinity term\'s namespaceSelector into account, and explains the namespaceSelector itself', () => {
    const pods = checkSelectorHover('file:///ws/db.yaml', '                  matchLabels:\n                    app: w<|>eb');
    assert.match(pods, /kubectl get pods -l 'app=web'\n/);
    assert.match(pods, /in namespaces `shop`, `staging`/);
    assert.match(pods, /Deployment\/web/);
    const namespaces = checkSelectorHover('file:///ws/db.yaml', 'namespace<|>Selector:');
    assert.match(namespaces, /kubectl get namespaces -l 'team=shop'/);
    assert.match(namespaces, /- \[Namespace\/shop\]\(file:\/\/\/ws\/namespaces\.yaml#L4\)\n- \[Namespace\/staging\]\(file:\/\/\/ws\/namespaces\.yaml#L10\)$/);
  });

  it('covers topologySpreadConstraints label selectors in flow style', () => {
    const out = checkSelectorHover('file:///ws/web.yaml', 'matchLabels: {tier: front<|>end}');
    assert.match(out, /^hovered: frontend\n/);
    assert.match(out, /kubectl get pods -l 'tier=frontend' -n shop/);
    assert.match(out, /Deployment\/web/);
    assert.doesNotMatch(out, /Pod\/debug/);
  });

  it('says so for an empty Service selector', () => {
    assert.match(checkSelectorHover('file:///ws/web.yaml', '  selector: {<|>}'), /empty[\s\S]*selects no Pods/);
  });

  it('is silent elsewhere: other fields, node selectors, volume claim selectors', () => {
    for (const [uri, needle] of [
      ['file:///ws/web.yaml', 'image: ngi<|>nx:1.27'],
      ['file:///ws/web.yaml', '      lab<|>els:\n        app: web\n        tier'],
      ['file:///ws/db.yaml', 'node<|>Selector:'],
      ['file:///ws/db.yaml', 'nodeSelectorTerms:\n              - match<|>Expressions'],
      ['file:///ws/db.yaml', '    pv: fa<|>st'],
      ['file:///ws/db.yaml', '        sel<|>ector:\n          matchLabels:\n            pv'],
      ['file:///ws/pods.yaml', '  name: de<|>bug'],
    ] as const) {
      assert.strictEqual(checkSelectorHover(uri, needle), '<no hover>', needle);
    }
  });

  it('handles selectors that select nothing or are invalid, and files being typed', () => {
    const file = (body: string): Snapshot => createSnapshot('file:///ws/new.yaml', 1, dedent(body));
    const nothing = file(`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: lonely
      spec:
        selector:
          matchLabels:
            app: nobody
    `);
    const nothingOut = selectorHover([nothing], nothing, nothing.text.indexOf('nobody'));
    assert.match(nothingOut?.markdown ?? '', /Selects no Pods and pod templates in namespace `default` in the workspace\./);
    const invalid = file(`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: bad
      spec:
        selector:
          matchExpressions:
            - {key: app, operator: Near}
    `);
    assert.match(selectorHover([invalid], invalid, invalid.text.indexOf('Near'))?.markdown ?? '', /invalid[\s\S]*not a valid label selector operator/);
    const typing = file(`
      apiVersion: apps/v1
      kind: Deployment
      spec:
        selector:
          matchLabels:
            app
    `);
    for (let offset = 0; offset <= typing.text.length; offset++) selectorHover([typing], typing, offset);
  });

  it('searches the hovered file in its current version, not the workspace\'s older one', () => {
    const files = workspace();
    const edited = createSnapshot('file:///ws/web.yaml', 2, (WORKSPACE['file:///ws/web.yaml'] ?? '').replace('  name: web\n  namespace: shop\nspec:\n  selector:\n    matchLabels', '  name: web2\n  namespace: shop\nspec:\n  selector:\n    matchLabels'));
    const info = selectorHover(files, edited, edited.text.indexOf('selector:'));
    assert.match(info?.markdown ?? '', /\[Deployment\/web2\]/);
    assert.doesNotMatch(info?.markdown ?? '', /\[Deployment\/web\]/);
  });
});
