import { runPodCases } from './check';

const DNS_LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

function withMounts(volumes: string, mounts = ''): string {
  const m = mounts === '' ? '' : `\n  volumeMounts:\n${mounts.replace(/^/gm, '  ')}`;
  return `containers:\n- name: a\n  image: x${m}\nvolumes:\n${volumes}`;
}

runPodCases('rules/volumes', [
  {
    name: 'volumes: before 1.33 an image volume has no source (ImageVolume gate off, the field is dropped); its mount is not found',
    spec: withMounts('- name: tools\n  image: {reference: "quay.io/crio/artifact:v2"}', '- {name: tools, mountPath: /tools}'),
    version: '1.32',
    expect: ['volumes: <P>.volumes[0]: Required value: must specify a volume type', 'volume-mounts: <P>.containers[0].volumeMounts[0].name: Not found: "tools"'],
  },
  {
    name: 'volumes: near miss, an image volume from 1.33',
    spec: withMounts('- name: tools\n  image: {reference: "quay.io/crio/artifact:v2"}', '- {name: tools, mountPath: /tools}'),
    version: '1.33',
    expect: [],
  },
  {
    name: 'volumes: a bare volume is an emptyDir (defaulting)',
    spec: withMounts('- name: scratch', '- {name: scratch, mountPath: /scratch}'),
    expect: [],
  },
  {
    name: 'volumes: name invalid, duplicate, two sources',
    spec: withMounts('- name: Data\n  emptyDir: {}\n- name: cache\n  emptyDir: {}\n  hostPath: {path: /tmp}\n- name: x\n- name: x'),
    expect: [
      `volumes: <P>.volumes[0].name: Invalid value: "Data": ${DNS_LABEL}`,
      'volumes: <P>.volumes[1].hostPath: Forbidden: may not specify more than 1 volume type',
      'volumes: <P>.volumes[3].name: Duplicate value: "x"',
    ],
  },
  {
    name: 'volumes: several sources are reported in the apiserver order of sources, whatever the order of the keys; null sources do not count',
    spec: withMounts(
      '- name: a\n  nfs: {server: s, path: /p}\n  hostPath: {path: /tmp}\n  emptyDir: {}\n- name: b\n  hostPath: null\n  emptyDir: {}\n- name: c\n  secret: null\n  configMap: {name: x}\n  gcePersistentDisk: {pdName: ""}',
    ),
    expect: [
      'volumes: <P>.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type',
      'volumes: <P>.volumes[0].nfs: Forbidden: may not specify more than 1 volume type',
      'volumes: <P>.volumes[2].persistentDisk.pdName: Required value',
      'volumes: <P>.volumes[2].configMap: Forbidden: may not specify more than 1 volume type',
    ],
  },
  {
    name: 'volumes: source fields (secret, configMap items, hostPath, nfs, pvc)',
    spec: withMounts(
      '- name: a\n  secret: {defaultMode: 1000}\n- name: b\n  configMap:\n    name: c\n    items:\n    - {key: k, path: /abs}\n    - {key: k, path: ../up}\n- name: c\n  hostPath: {path: /a/../b, type: dir}\n- name: d\n  nfs: {server: s, path: rel}\n- name: e\n  persistentVolumeClaim: {claimName: ""}',
    ),
    expect: [
      'volumes: <P>.volumes[0].secret.secretName: Required value',
      'volumes: <P>.volumes[0].secret.defaultMode: Invalid value: 1000: must be a number between 0 and 0777 (octal), both inclusive',
      'volumes: <P>.volumes[1].configMap.items[0].path: Invalid value: "/abs": must be a relative path',
      'volumes: <P>.volumes[1].configMap.items[1].path: Invalid value: "../up": must not contain \'..\'',
      'volumes: <P>.volumes[2].hostPath.path: Invalid value: "/a/../b": must not contain \'..\'',
      'volumes: <P>.volumes[3].nfs.path: Invalid value: "rel": must be an absolute path',
      'volumes: <P>.volumes[4].persistentVolumeClaim.claimName: Required value',
    ],
  },
  {
    name: 'volumes: downwardAPI and projected',
    spec: withMounts(
      '- name: a\n  downwardAPI:\n    items:\n    - path: labels\n      fieldRef: {fieldPath: spec.nodeName}\n    - path: x\n- name: b\n  projected:\n    sources:\n    - secret: {name: s, items: [{key: a, path: p}]}\n      configMap: {name: c}\n    - configMap: {name: c, items: [{key: b, path: p}]}\n    - serviceAccountToken: {path: token, expirationSeconds: 60}',
    ),
    expect: [
      'volumes: <P>.volumes[0].downwardAPI.fieldRef.fieldPath: Unsupported value: "spec.nodeName": supported values: "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid"',
      'volumes: <P>.volumes[0].downwardAPI: Required value: one of fieldRef and resourceFieldRef is required',
      'volumes: <P>.volumes[1].projected.sources[0]: Forbidden: may not specify more than 1 volume type per source',
      'volumes: <P>.volumes[1].projected: Invalid value: "c": conflicting duplicate paths',
      'volumes: <P>.volumes[1].projected.sources[2].serviceAccountToken.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes',
    ],
  },
  {
    name: 'volumes: in-tree and csi required fields',
    spec: withMounts('- name: a\n  awsElasticBlockStore: {volumeID: "", fsType: ext4}\n- name: b\n  gcePersistentDisk: {pdName: ""}\n- name: c\n  csi: {driver: ""}'),
    expect: [
      'volumes: <P>.volumes[0].awsElasticBlockStore.volumeID: Required value',
      'volumes: <P>.volumes[1].persistentDisk.pdName: Required value',
      'volumes: <P>.volumes[2].csi.driver: Required value',
    ],
  },
  {
    name: 'volumes: ephemeral needs accessModes and storage',
    spec: withMounts('- name: a\n  ephemeral:\n    volumeClaimTemplate:\n      spec:\n        accessModes: [ReadWriteSometimes]'),
    expect: [
      'volumes: <P>.volumes[0].ephemeral.volumeClaimTemplate.spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
      'volumes: <P>.volumes[0].ephemeral.volumeClaimTemplate.spec.resources[storage]: Required value',
    ],
  },
  {
    name: 'volumes: near miss (many valid sources)',
    spec: withMounts(
      '- name: a\n  secret: {secretName: s, defaultMode: 0400, items: [{key: k, path: dir/file, mode: 0600}]}\n- name: b\n  configMap: {name: c}\n- name: c\n  projected:\n    sources:\n    - serviceAccountToken: {path: token}\n    - downwardAPI:\n        items:\n        - {path: labels, fieldRef: {fieldPath: metadata.labels}}\n        - {path: cpu, resourceFieldRef: {containerName: a, resource: limits.cpu, divisor: 1m}}\n- name: d\n  emptyDir: {medium: Memory, sizeLimit: 64Mi}\n- name: e\n  ephemeral:\n    volumeClaimTemplate:\n      metadata: {labels: {a: b}}\n      spec:\n        accessModes: [ReadWriteOnce]\n        resources: {requests: {storage: 1Gi}}',
    ),
    expect: [],
  },
  {
    name: 'volume-mounts: missing volume, duplicate mountPath, subPath, propagation',
    spec: withMounts(
      '- name: data',
      '- {name: data, mountPath: /data}\n- {name: nope, mountPath: /data}\n- {name: data, mountPath: /b, subPath: ../x}\n- {name: data, mountPath: /c, subPath: a, subPathExpr: $(POD)}\n- {name: data, mountPath: /d, mountPropagation: Bidirectional}',
    ),
    expect: [
      'volume-mounts: <P>.containers[0].volumeMounts[1].name: Not found: "nope"',
      'volume-mounts: <P>.containers[0].volumeMounts[1].mountPath: Invalid value: "/data": must be unique',
      'volume-mounts: <P>.containers[0].volumeMounts.subPath: Invalid value: "../x": must not contain \'..\'',
      'volume-mounts: <P>.containers[0].volumeMounts[3].subPathExpr: Invalid value: "$(POD)": subPathExpr and subPath are mutually exclusive',
      'volume-mounts: <P>.containers[0].volumeMounts.mountPropagation: Forbidden: Bidirectional mount propagation is available only to privileged containers',
    ],
  },
  {
    name: 'volume-mounts: a mount of an invalid volume is not found',
    spec: withMounts('- name: Bad', '- {name: Bad, mountPath: /x}'),
    only: ['volume-mounts'],
    expect: ['volume-mounts: <P>.containers[0].volumeMounts[0].name: Not found: "Bad"'],
  },
  {
    name: 'volume-mounts: recursiveReadOnly needs readOnly',
    spec: withMounts('- name: d', '- {name: d, mountPath: /d, recursiveReadOnly: Enabled}'),
    expect: ['volume-mounts: <P>.containers[0].volumeMounts.recursiveReadOnly: Forbidden: may only be specified when readOnly is true'],
  },
  {
    name: 'volume-mounts: volumeDevices need a PVC volume',
    spec: `containers:\n- name: a\n  image: x\n  volumeDevices:\n  - {name: d, devicePath: /dev/xvda}\nvolumes:\n- name: d\n  emptyDir: {}`,
    expect: ['volume-mounts: <P>.containers[0].volumeDevices[0].name: Invalid value: "d": can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode'],
  },
  {
    name: 'volume-mounts: near miss',
    spec: `containers:\n- name: a\n  image: x\n  securityContext: {privileged: true}\n  volumeMounts:\n  - {name: d, mountPath: /d, mountPropagation: Bidirectional}\n  - {name: d, mountPath: /e, subPathExpr: $(POD_NAME), readOnly: true, recursiveReadOnly: IfPossible}\n  volumeDevices:\n  - {name: p, devicePath: /dev/xvda}\nvolumes:\n- name: d\n- name: p\n  persistentVolumeClaim: {claimName: c}`,
    expect: [],
  },
]);

runPodCases('rules/volumes (StatefulSet)', [
  {
    name: 'volumeClaimTemplates provide volumes',
    kinds: ['StatefulSet'],
    spec: 'containers:\n- name: a\n  image: x\n  volumeMounts:\n  - {name: www, mountPath: /www}',
    expect: ['volume-mounts: <P>.containers[0].volumeMounts[0].name: Not found: "www" (note: the apiserver does not validate a StatefulSet\'s pod template on create; the StatefulSet is accepted but its Pods will be rejected)'],
  },
]);
