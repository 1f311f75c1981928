/**
 * Container ports and host ports (`validateContainerPorts`, `validateHostNetwork`,
 * `AccumulateUniqueHostPorts`; pod warnings.go for duplicate port definitions).
 */
import { formatFieldPath } from '../document/field-path';
import { boolAt, objectItemsAt, prop, strAt } from './json';
import { duplicate, invalid, note, required } from './messages';
import { allContainers, containersOf, type ContainerRef } from './pod-walk';
import type { PodRule, Report } from './rule';
import { isValidPortName, isValidPortNum } from './validation-strings';

const FAMILY = 'ports';

/** PT1-PT6. */
export const containerPorts: PodRule = {
  id: 'container-ports',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'container ports need a valid, unique IANA name and a port number in 1-65535',
  covers: ['PT1', 'PT2', 'PT3', 'PT4', 'PT5'],
  check(ctx, report) {
    for (const c of allContainers(ctx)) {
      if (c.kind === 'ephemeralContainers') continue;
      const names = new Set<string>();
      for (const [j, port] of objectItemsAt(c.container, 'ports')) {
        const p = [...c.path, 'ports', j];
        const name = strAt(port, 'name') ?? '';
        if (name !== '') {
          const msgs = isValidPortName(name);
          for (const msg of msgs) report(invalid([...p, 'name'], name, msg));
          if (msgs.length === 0) {
            if (names.has(name)) report(duplicate([...p, 'name'], name));
            names.add(name);
          }
        }
        const cp = prop(port, 'containerPort');
        if (cp === 0) {
          report(required([...p, 'containerPort'], undefined, { target: 'value' }));
        } else if (typeof cp === 'number') {
          for (const msg of isValidPortNum(cp)) report(invalid([...p, 'containerPort'], cp, msg));
        }
        const hp = prop(port, 'hostPort');
        if (typeof hp === 'number' && hp !== 0) {
          for (const msg of isValidPortNum(hp)) report(invalid([...p, 'hostPort'], hp, msg));
        }
      }
    }
  },
};

/** PT7: the apiserver accepts duplicate containerPort/protocol pairs, with a warning. */
export const duplicateContainerPort: PodRule = {
  id: 'duplicate-container-port',
  family: FAMILY,
  severity: 'warning',
  scope: 'pod',
  summary: 'the same containerPort and protocol are declared twice (the apiserver warns)',
  covers: ['PT7'],
  check(ctx, report) {
    const seen = new Map<string, string>();
    for (const c of containersOf(ctx, 'containers')) {
      for (const [j, port] of objectItemsAt(c.container, 'ports')) {
        const cp = prop(port, 'containerPort');
        if (typeof cp !== 'number') continue;
        const k = `${cp}/${strAt(port, 'protocol') ?? 'TCP'}/${strAt(port, 'hostIP') ?? ''}/${String(prop(port, 'hostPort') ?? 0)}`;
        const p = [...c.path, 'ports', j];
        const first = seen.get(k);
        if (first !== undefined) report(note(p, `duplicate port definition with ${first}`, { target: 'key' }));
        else seen.set(k, formatFieldPath(p));
      }
    }
  },
};

function hostPortKeys(c: ContainerRef, seen: Set<string>, report: Report): void {
  for (const [j, port] of objectItemsAt(c.container, 'ports')) {
    const hp = prop(port, 'hostPort');
    if (typeof hp !== 'number' || hp === 0) continue;
    const k = `${strAt(port, 'protocol') ?? 'TCP'}/${strAt(port, 'hostIP') ?? ''}/${hp}`;
    if (seen.has(k)) report(duplicate([...c.path, 'ports', j, 'hostPort'], k));
    seen.add(k);
  }
}

/** HN1, HN2. */
export const hostPorts: PodRule = {
  id: 'host-ports',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'hostPort must equal containerPort with hostNetwork, and each protocol/hostIP/hostPort is used once',
  covers: ['HN1', 'HN2'],
  check(ctx, report) {
    if (boolAt(ctx.spec, 'hostNetwork') === true) {
      for (const c of containersOf(ctx, 'containers')) {
        for (const [j, port] of objectItemsAt(c.container, 'ports')) {
          const hp = prop(port, 'hostPort');
          const cp = prop(port, 'containerPort');
          if (typeof hp === 'number' && hp !== 0 && typeof cp === 'number' && hp !== cp) {
            report(invalid([...c.path, 'ports', j, 'hostPort'], hp, 'must match `containerPort` when `hostNetwork` is true'));
          }
        }
      }
    }
    const seen = new Set<string>();
    for (const c of containersOf(ctx, 'containers')) hostPortKeys(c, seen, report);
    for (const c of containersOf(ctx, 'initContainers')) hostPortKeys(c, new Set<string>(), report);
  },
};

/** The rules of this family. */
export const PORT_RULES = [containerPorts, duplicateContainerPort, hostPorts] as const;
