import { runPodCases } from './check';

const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

function envSpec(env: string): string {
  return `containers:\n- name: a\n  image: x\n  env:\n${env.replace(/^/gm, '  ')}`;
}

runPodCases('rules/env', [
  {
    name: 'env-vars: names (strict before 1.32)',
    version: '1.31',
    spec: envSpec('- name: 1BAD\n  value: x\n- name: ""\n  value: y'),
    expect: [
      "env-vars: <P>.containers[0].env[0].name: Invalid value: \"1BAD\": a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')",
      'env-vars: <P>.containers[0].env[1].name: Required value',
    ],
  },
  { name: 'env-vars: relaxed names from 1.32', spec: envSpec('- name: 1BAD\n  value: x'), expect: [] },
  {
    name: 'env-vars: relaxed names reject =',
    spec: envSpec('- name: A=B\n  value: x'),
    expect: ["env-vars: <P>.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='"],
  },
  {
    name: 'env-vars: valueFrom with value, empty, two sources',
    spec: envSpec(
      '- name: A\n  value: x\n  valueFrom:\n    fieldRef: {fieldPath: metadata.name}\n- name: B\n  valueFrom: {}\n- name: C\n  valueFrom:\n    fieldRef: {fieldPath: metadata.name}\n    secretKeyRef: {name: s, key: k}',
    ),
    expect: [
      'env-vars: <P>.containers[0].env[0].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
      'env-vars: <P>.containers[0].env[1].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
      'env-vars: <P>.containers[0].env[2].valueFrom: Invalid value: "": may not have more than one field specified at a time',
    ],
  },
  {
    name: 'env-vars: fieldRef paths',
    spec: envSpec(
      "- name: A\n  valueFrom:\n    fieldRef: {fieldPath: metadata.labels}\n- name: B\n  valueFrom:\n    fieldRef: {fieldPath: spec.foo}\n- name: C\n  valueFrom:\n    fieldRef: {fieldPath: \"metadata.labels['app']\"}",
    ),
    expect: [
      'env-vars: <P>.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "metadata.labels": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
      'env-vars: <P>.containers[0].env[1].valueFrom.fieldRef.fieldPath: Invalid value: "spec.foo": error converting fieldPath: field label not supported: spec.foo',
    ],
  },
  {
    name: 'env-vars: resourceFieldRef and key refs',
    spec: envSpec(
      '- name: A\n  valueFrom:\n    resourceFieldRef: {resource: limits.gpu}\n- name: B\n  valueFrom:\n    resourceFieldRef: {resource: limits.cpu, divisor: 1k}\n- name: C\n  valueFrom:\n    configMapKeyRef: {name: My_Config, key: ""}',
    ),
    expect: [
      'env-vars: <P>.containers[0].env[0].valueFrom.resourceFieldRef.resource: Unsupported value: "limits.gpu": supported values: "limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory"',
      'env-vars: <P>.containers[0].env[1].valueFrom.resourceFieldRef.divisor: Invalid value: "limits.cpu": only divisor\'s values 1m and 1 are supported with the cpu resource',
      `env-vars: <P>.containers[0].env[2].valueFrom.configMapKeyRef.name: Invalid value: "My_Config": ${SUBDOMAIN}`,
      'env-vars: <P>.containers[0].env[2].valueFrom.configMapKeyRef.key: Required value',
    ],
  },
  {
    name: 'env-vars: near miss',
    spec: envSpec(
      "- name: POD\n  valueFrom:\n    fieldRef: {fieldPath: metadata.name}\n- name: APP\n  valueFrom:\n    fieldRef: {fieldPath: \"metadata.labels['app']\"}\n- name: MEM\n  valueFrom:\n    resourceFieldRef: {resource: limits.memory, divisor: 1Mi}\n- name: K\n  valueFrom:\n    secretKeyRef: {name: s, key: tls.crt, optional: true}\n- name: EMPTY\n  value: \"\"",
    ),
    expect: [],
  },
  {
    name: 'env-from: neither, both, bad prefix',
    version: '1.31',
    spec: 'containers:\n- name: a\n  image: x\n  envFrom:\n  - prefix: "1_"\n    configMapRef: {name: c}\n  - {}\n  - configMapRef: {name: c}\n    secretRef: {name: s}',
    expect: [
      "env-from: <P>.containers[0].envFrom[0].prefix: Invalid value: \"1_\": a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')",
      'env-from: <P>.containers[0].envFrom: Invalid value: "": must specify one of: `configMapRef` or `secretRef`',
      'env-from: <P>.containers[0].envFrom: Invalid value: "": may not have more than one field specified at a time',
    ],
  },
  { name: 'env-from: near miss', spec: 'containers:\n- name: a\n  image: x\n  envFrom:\n  - prefix: CFG_\n    configMapRef: {name: c}\n  - secretRef: {name: s}', expect: [] },
]);
