/**
 * `kubectl explain` over a schema model: the plaintext output of kubectl v1.32 with OpenAPI v3,
 * byte for byte, and the same content as Markdown for hovers.
 *
 * Source: k8s.io/kubectl/pkg/explain/v2/templates/plaintext.tmpl (templates `output`, `fieldList`,
 * `fieldDetail`, `description`, `typeGuess`, `extractEnum`) and funcs.go (`wrap`, `indent`);
 * resource parsing from k8s.io/kubectl/pkg/explain (SplitAndParseResourceRequestWithMatchingPrefix).
 * Conformance is tested against real kubectl output in test/schema/explain.test.ts.
 */
import type { FieldSchema, KindInfo, TypeRef, TypeSchema } from './model';
import { allowedValues } from './model';
import { fieldSince } from './releases';
import type { SchemaIndex } from './lookup';
import { parseApiVersion } from './kinds';
import { indentText, wordWrap } from './wrap';

/** Options of {@link explainText}, as kubectl's flags: `--recursive`, `--api-version`. */
export interface ExplainOptions {
  readonly recursive: boolean;
  /** `group/version` or `v1`; overrides the group and version the resource name resolves to. */
  readonly apiVersion?: string;
}

/**
 * The outcome: `text` is what kubectl writes to stdout; on failure `error` is its stderr line
 * (without the newline) and `text` holds what kubectl printed before failing (the KIND header).
 */
export type ExplainResult = { readonly text: string } | { readonly error: string; readonly text: string };

/** A resource argument split as kubectl splits `pod.spec.containers` or `deployments.apps.spec`. */
export interface ExplainTarget {
  readonly kind: KindInfo;
  readonly fieldPath: readonly string[];
}

/** What an explain request resolves to, before rendering: the kind, the field (if any) and its type. */
interface Resolved {
  readonly kind: KindInfo;
  readonly root: TypeSchema;
  /** The requested field; undefined when explaining the kind itself. */
  readonly field?: FieldSchema;
  /** The type whose description and fields are shown. */
  readonly type: TypeRef;
  /** The id of the type that has `field`. */
  readonly parentId?: string;
}

/** kubectl's error for a resource name no kind matches. */
function unknownResource(name: string): string {
  return `the server doesn't have a resource type "${name}"`;
}

/**
 * Resolves a resource name plus `--api-version` to a kind, with kubectl's error text on failure.
 * With an apiVersion, kubectl keeps the resource and replaces group and version.
 */
function resolveKind(index: SchemaIndex, resource: string, apiVersion: string | undefined): KindInfo | { error: string } {
  const kind = index.resolveResource(resource);
  if (kind === undefined) return { error: unknownResource(resource) };
  if (apiVersion === undefined) return kind;
  const { group, version } = parseApiVersion(apiVersion);
  const match = index.model.kinds.find((k) => k.resource === kind.resource && k.group === group && k.version === version);
  return match ?? { error: `error: GVR (${group}/${version}, Resource=${kind.resource}) not found in OpenAPI schema` };
}

/**
 * Splits kubectl's argument (`pod.spec.containers`, `deployments.apps.spec`) into the kind and the
 * field path: the first segment names the resource; when the argument starts with the resource's
 * `plural.group`, that whole prefix is the resource. Trailing dots are ignored.
 */
export function splitExplainTarget(index: SchemaIndex, target: string, apiVersion?: string): ExplainTarget | { error: string } {
  const trimmed = target.endsWith('.') ? target.slice(0, -1) : target;
  const parts = trimmed.split('.');
  const kind = resolveKind(index, parts[0] ?? '', apiVersion);
  if ('error' in kind) return kind;
  const groupResource = kind.group === '' ? kind.resource : `${kind.resource}.${kind.group}`;
  if (trimmed.startsWith(groupResource)) {
    const suffix = trimmed.slice(groupResource.length);
    return { kind, fieldPath: suffix.length > 0 ? suffix.split('.').slice(1) : [] };
  }
  return { kind, fieldPath: parts.slice(1) };
}

/** The object type fields are read from, through arrays and maps (kubectl follows items and additionalProperties). */
function objectType(index: SchemaIndex, ref: TypeRef): TypeSchema | undefined {
  let r = ref;
  while (r.kind === 'array' || r.kind === 'map') r = r.kind === 'array' ? r.items : r.values;
  return r.kind === 'named' ? index.typeById(r.id) : undefined;
}

function resolve(index: SchemaIndex, kind: KindInfo, fieldPath: readonly string[]): Resolved | { error: string } {
  const root = index.typeById(kind.typeId);
  if (root === undefined) return { error: `error: GVK ${kind.group}/${kind.version}, Kind=${kind.kind} not found in OpenAPI schema` };
  let type: TypeRef = { kind: 'named', id: root.id };
  let field: FieldSchema | undefined;
  let parentId = root.id;
  for (const segment of fieldPath) {
    const parent = objectType(index, type);
    const next: FieldSchema | undefined = parent?.fields.find((f) => f.name === segment);
    // kubectl names the last element of the path, not the first missing one.
    if (parent === undefined || next === undefined) return { error: `error: field "${fieldPath[fieldPath.length - 1] ?? ''}" does not exist` };
    field = next;
    parentId = parent.id;
    type = next.type;
  }
  return field === undefined ? { kind, root, type } : { kind, root, field, type, parentId };
}

/** Descriptions of a type reference's definitions, each followed by a newline (template `description`). */
function typeDescription(index: SchemaIndex, ref: TypeRef): string {
  switch (ref.kind) {
    case 'array':
      return typeDescription(index, ref.items);
    case 'map':
      return typeDescription(index, ref.values);
    case 'named': {
      const d = index.typeById(ref.id)?.description ?? '';
      return d === '' ? '' : d + '\n';
    }
    default:
      return '';
  }
}

/** The DESCRIPTION text of a resolved request: the field's description, then its type's. */
function descriptionOf(index: SchemaIndex, r: Resolved): string {
  if (r.field === undefined) return r.root.description === '' ? '' : r.root.description + '\n';
  return (r.field.description === '' ? '' : r.field.description + '\n') + typeDescription(index, r.field.type);
}

/** Template `extractEnum`: short view after a field line, long view under `FIELD:`. */
function enumShort(field: FieldSchema, indent: number): string {
  const values = field.enum;
  if (values === undefined || values.length === 0) return '';
  let out = '\n' + ' '.repeat(indent) + 'enum: ';
  for (let i = 0; i < values.length; i++) {
    if (i >= 4) {
      out += ', ....';
      break;
    }
    if (i > 0) out += ', ';
    out += values[i] === '' ? '""' : values[i];
  }
  return out;
}

function enumLong(field: FieldSchema): string {
  const values = field.enum;
  if (values === undefined || values.length === 0) return '';
  return 'ENUM:' + values.map((v) => '\n    ' + (v === '' ? '""' : v)).join('');
}

/** Template `fieldList` + `fieldDetail`; `history` holds the type ids on the way down (cycles stop there). */
function fieldList(index: SchemaIndex, ref: TypeRef, level: number, recursive: boolean, history: ReadonlySet<string>): string {
  if (ref.kind === 'array') return fieldList(index, ref.items, level, recursive, history);
  if (ref.kind === 'map') return fieldList(index, ref.values, level, recursive, history);
  if (ref.kind !== 'named' || history.has(ref.id)) return '';
  const type = index.typeById(ref.id);
  if (type === undefined) return '';
  return typeFieldList(index, type, level, recursive, new Set([...history, ref.id]));
}

function typeFieldList(index: SchemaIndex, type: TypeSchema, level: number, recursive: boolean, history: ReadonlySet<string>): string {
  const indent = level * 2;
  let out = '';
  for (const f of type.fields) {
    out += ' '.repeat(indent) + f.name + '\t<' + index.typeName(f.type) + '>';
    if (f.required) out += ' -required-';
    out += enumShort(f, indent) + '\n';
    if (recursive) {
      out += fieldList(index, f.type, level + 1, recursive, history);
    } else {
      out += indentText(indent + 2, wordWrap(f.description === '' ? '<no description>' : f.description, 78 - indent)) + '\n\n';
    }
  }
  return out;
}

function header(kind: KindInfo): string {
  return (kind.group === '' ? '' : `GROUP:      ${kind.group}\n`) + `KIND:       ${kind.kind}\nVERSION:    ${kind.version}\n\n`;
}

/**
 * `kubectl explain <resource>[.<field>...]` as kubectl v1.32 prints it from OpenAPI v3.
 * `resource` is a kubectl resource name (`pod`, `deploy`, `deployments.apps`); `fieldPath` the
 * field names after it (`['spec', 'containers']`); arrays and maps are walked through.
 * Errors carry kubectl's message: unknown resource, `error: field "x" does not exist` (naming
 * the last element of the path, as kubectl does), or a GVR missing for `--api-version`.
 */
export function explainText(index: SchemaIndex, resource: string, fieldPath: readonly string[], options: ExplainOptions): ExplainResult {
  const kind = resolveKind(index, resource, options.apiVersion);
  if ('error' in kind) return { error: kind.error, text: '' };
  const head = header(kind);
  const r = resolve(index, kind, fieldPath);
  if ('error' in r) return { error: r.error, text: head };
  let out = head;
  if (r.field !== undefined) {
    out += `FIELD: ${r.field.name} <${index.typeName(r.field.type)}>\n` + enumLong(r.field) + '\n\n';
  }
  const description = descriptionOf(index, r);
  out += 'DESCRIPTION:\n' + indentText(4, wordWrap(description === '' ? '<empty>' : description, 76)) + '\n';
  // The kind itself is not in the cycle history; a field's type is (kubectl resolves it via allOf).
  const fields =
    r.field === undefined
      ? typeFieldList(index, r.root, 1, options.recursive, new Set())
      : fieldList(index, r.type, 1, options.recursive, new Set());
  if (fields !== '') out += 'FIELDS:\n' + fields;
  return { text: out + '\n' };
}

/**
 * Escapes text for Markdown so that descriptions such as `<quantity>` or `f:<name>` show literally.
 * Code spans the descriptions write themselves (`` `"Always"` `` in "Possible enum values") stay code spans:
 * text between a pair of backticks on one line is left as it is; a lone backtick is escaped.
 */
export function escapeMarkdown(text: string): string {
  const escapePlain = (t: string): string => t.replace(/[\\`*_{}[\]<>#|~]/g, (c) => '\\' + c);
  let out = '';
  let last = 0;
  for (const m of text.matchAll(/`[^`\n]+`/g)) {
    out += escapePlain(text.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + escapePlain(text.slice(last));
}

/** Options of {@link explainMarkdown}. */
export interface ExplainMarkdownOptions {
  /** List the child fields with their descriptions (default true); false lists names and types only. */
  readonly fieldDescriptions?: boolean;
}

/**
 * The content of {@link explainText} (KIND, VERSION, GROUP for non-core kinds, FIELD with type and
 * `-required-`, the field's then its type's DESCRIPTION, FIELDS with child types, `-required-` and
 * descriptions) rendered as Markdown for hovers. Errors as in {@link explainText}.
 */
export function explainMarkdown(
  index: SchemaIndex,
  resource: string,
  fieldPath: readonly string[],
  options: ExplainOptions & ExplainMarkdownOptions = { recursive: false },
): { readonly markdown: string } | { readonly error: string } {
  const kind = resolveKind(index, resource, options.apiVersion);
  if ('error' in kind) return { error: kind.error };
  const r = resolve(index, kind, fieldPath);
  if ('error' in r) return { error: r.error };
  const parts: string[] = [];
  const meta = [`**KIND**: ${kind.kind}`, `**VERSION**: ${kind.version}`];
  if (kind.group !== '') meta.unshift(`**GROUP**: ${kind.group}`);
  parts.push(meta.join(' · '));
  if (r.field !== undefined) {
    parts.push(
      `**FIELD**: \`${r.field.name}\` \`<${index.typeName(r.field.type)}>\`` + (r.field.required ? ' *-required-*' : ''),
    );
    // The release the field appeared in (bundled schemas): an editor-only line, kubectl prints none.
    const since = r.parentId === undefined ? undefined : fieldSince(index.model.fieldSince, r.parentId, r.field.name);
    if (since !== undefined) parts.push(`**Since**: Kubernetes ${since}`);
    const values = allowedValues(r.field);
    if (values !== undefined && values.length > 0) {
      parts.push('**ENUM**: ' + values.map((v) => '`' + (v === '' ? '""' : v) + '`').join(', '));
    }
  }
  const description = descriptionOf(index, r).replace(/\n$/, '');
  if (description !== '') parts.push(markdownParagraphs(description));
  const type = r.field === undefined ? r.root : objectType(index, r.type);
  const fields = type?.fields ?? [];
  if (fields.length > 0) {
    const withDescriptions = options.fieldDescriptions !== false;
    const lines = fields.map((f) => {
      let line = `- \`${f.name}\` \`<${index.typeName(f.type)}>\`` + (f.required ? ' *-required-*' : '');
      if (withDescriptions && f.description !== '') line += ' \u2014 ' + escapeMarkdown(f.description.replace(/\s*\n\s*/g, ' '));
      return line;
    });
    parts.push('**FIELDS**:\n\n' + lines.join('\n'));
  }
  return { markdown: parts.join('\n\n') + '\n' };
}

/** Description text as Markdown paragraphs: escaped, single newlines kept as hard breaks. */
function markdownParagraphs(text: string): string {
  return escapeMarkdown(text)
    .split(/\n{2,}/)
    .map((p) => p.split('\n').join('  \n'))
    .join('\n\n');
}

/**
 * The per-value notes kube-openapi appends to enum descriptions (`Possible enum values:` followed
 * by `` - `"Always"` means ...`` lines), by value.
 */
export function enumValueNotes(description: string): ReadonlyMap<string, string> {
  const notes = new Map<string, string>();
  const at = description.indexOf('Possible enum values:');
  if (at < 0) return notes;
  for (const line of description.slice(at).split('\n')) {
    const m = /^\s*-\s*`"((?:[^"\\]|\\.)*)"`\s*(.*)$/.exec(line);
    if (m?.[1] !== undefined) notes.set(m[1], (m[2] ?? '').trim());
  }
  return notes;
}

/**
 * Markdown describing `value` of an enum field (for a hover on a value) followed by the allowed
 * values; without `value`, only the allowed values. Undefined when the field has no enum.
 * Example: "`IfNotPresent`: means that kubelet pulls if the image isn't present on disk. ...
 * Allowed values: `Always`, `IfNotPresent`, `Never`".
 */
export function enumText(field: FieldSchema, value?: string): string | undefined {
  const values = allowedValues(field);
  if (values === undefined || values.length === 0) return undefined;
  const allowed = 'Allowed values: ' + values.map((v) => '`' + (v === '' ? '""' : v) + '`').join(', ');
  if (value === undefined) return allowed;
  const shown = '`' + (value === '' ? '""' : value) + '`';
  if (!values.includes(value)) return `${shown} is not an allowed value of \`${field.name}\`.\n\n${allowed}`;
  const note = enumValueNotes(field.description).get(value);
  return (note !== undefined && note !== '' ? `${shown}: ${escapeMarkdown(note)}` : shown) + `\n\n${allowed}`;
}
