#!/usr/bin/env node
// Generates the bundled schema model (out/dist/schema.json) from the kubernetes-models package.
//
// Runs at build time, after `tsc -b` (it reuses the compiled kinds table from out/server).
// The declaration files (*.d.ts) of kubernetes-models and @kubernetes-models/apimachinery give
// the types: interfaces with JSDoc descriptions, `?` for optional fields (everything else is
// required), string-literal unions for enums, `Array<T>`, `{ [key: string]: T }` for maps, and
// `export type { IPod as IIoK8sApiCoreV1Pod }` for the OpenAPI definition ids. TypeScript says
// `number` for both integers and numbers, so the package's own JSON-schema validators (_schemas)
// are asked: a field that rejects 0.5 with `type: integer` is an integer, and a `format` error
// on an out-of-range or malformed probe names the format (int32, int64, byte, date-time).
//
// This uses the TypeScript compiler API of typescript 5.x. TypeScript 7 (the Go port) has no
// JavaScript API, so this script must keep a 5.x `typescript` devDependency.
//
// Kubernetes version: the package's README badge still says 1.27.1 (stale), so the version is
// read from the API itself. kubernetes-models 5.1.0 has everything the 1.35 OpenAPI documents
// have, and PodSpec has `schedulingGroup` (PodSchedulingGroup) where 1.35 has the alpha
// `workloadRef`: the rename of KEP-4671 (workload-aware scheduling) landed in Kubernetes 1.36.
// `checkVersionEvidence` fails the build when that evidence no longer holds.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

// Arguments (all optional, for the per-release models of scripts/gen-releases.mjs):
//   node scripts/gen-schema.mjs [PACKAGE OUT_FILE KUBERNETES_VERSION]
// PACKAGE is an installed kubernetes-models package, possibly under an npm alias (`k8s-1.33`).
const [argPackage, argOut, argVersion] = process.argv.slice(2);
const KUBERNETES_VERSION = argVersion ?? '1.36';
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');
const require = createRequire(import.meta.url);

function packageDir(name, from = require) {
  // The packages' export maps hide package.json, so find the folder on the module paths.
  for (const base of from.resolve.paths(name) ?? []) {
    const dir = path.join(base, name);
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
  }
  throw new Error(`gen-schema: cannot find ${name}; run npm install`);
}

const modelsDir = packageDir(argPackage ?? 'kubernetes-models');
// The apimachinery package that this kubernetes-models version depends on (nested under an older one).
const machineryDir = packageDir('@kubernetes-models/apimachinery', createRequire(path.join(modelsDir, 'package.json')));
const modelsVersion = JSON.parse(fs.readFileSync(path.join(modelsDir, 'package.json'), 'utf8')).version;
const { SUPPORTED_KINDS } = require(path.join(repoRoot, 'out/server/src/schema/kinds.js'));

/** `IoK8sApiCoreV1` -> `io.k8s.api.core.v1`. */
function dottedPrefix(pascal) {
  return (pascal.match(/[A-Z][a-z0-9]*/g) ?? []).map((w) => w.toLowerCase()).join('.');
}

/** Undoes the comment escaping of the generator: `*` was written `\*`, and `*​/` as `\*\/`. */
function unescapeDoc(text) {
  return text.replace(/\\\*\\\//g, '*/').replace(/\\\*/g, '*');
}

function docOf(checker, symbol) {
  return symbol ? unescapeDoc(ts.displayPartsToString(symbol.getDocumentationComment(checker))) : '';
}

function byteOrder(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

function rootFile(k) {
  const dir = k.group === '' ? 'v1' : path.join(k.group, k.version);
  return path.join(modelsDir, dir, `${k.kind}.d.ts`);
}

const roots = SUPPORTED_KINDS.map(rootFile).filter((f) => fs.existsSync(f));
// A donor of the TypeMeta field descriptions that root kinds declare without JSDoc.
const typeMetaDonor = path.join(machineryDir, 'apis/meta/v1/DeleteOptions.d.ts');
const program = ts.createProgram([...roots, typeMetaDonor], {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  noEmit: true,
  skipLibCheck: true,
});
const checker = program.getTypeChecker();

/** The interface or type alias a type reference names, through imports. */
function declarationOf(typeName) {
  let symbol = checker.getSymbolAtLocation(typeName);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const decl = symbol?.declarations?.[0];
  return decl && (ts.isInterfaceDeclaration(decl) || ts.isTypeAliasDeclaration(decl)) ? { decl, symbol } : undefined;
}

/** The OpenAPI id of a declaration, from its file's `export type { IX as IIoK8s...X }`. */
function idOf(decl) {
  const file = decl.getSourceFile();
  const local = decl.name.text;
  for (const st of file.statements) {
    if (!ts.isExportDeclaration(st) || !st.exportClause || !ts.isNamedExports(st.exportClause)) continue;
    for (const el of st.exportClause.elements) {
      if ((el.propertyName ?? el.name).text !== local) continue;
      const alias = el.name.text; // IIoK8sApiCoreV1Pod
      const typeName = local.replace(/^I/, ''); // Pod
      if (!alias.startsWith('I') || !alias.endsWith(typeName)) continue;
      const prefix = alias.slice(1, alias.length - typeName.length);
      return { id: `${dottedPrefix(prefix)}.${typeName}`, name: typeName, validatorFile: alias.slice(1) };
    }
  }
  return undefined;
}

function validatorPath(decl, validatorFile) {
  const file = decl.getSourceFile().fileName;
  const base = file.startsWith(machineryDir) ? machineryDir : modelsDir;
  return path.join(base, '_schemas', `${validatorFile}.js`);
}

/** Member names and declared types, apiVersion and kind left out: identifies an inlined kind. */
function memberSignature(members) {
  return members
    .filter((m) => ts.isPropertySignature(m) && m.name && m.type)
    .map((m) => [m.name.getText(), m.name.text === 'apiVersion' || m.name.text === 'kind' ? '' : m.type.getText()])
    .sort(([a], [b]) => byteOrder(a, b))
    .map(([n, t]) => `${n}:${t}`)
    .join(';');
}

/** The root interfaces of the supported kinds by member signature. */
const inlineKinds = new Map();
for (const k of SUPPORTED_KINDS) {
  const decl = program.getSourceFile(rootFile(k))?.statements.find((s) => ts.isInterfaceDeclaration(s) && s.name.text === `I${k.kind}`);
  if (decl) inlineKinds.set(memberSignature(decl.members), decl);
}

const types = new Map(); // id -> TypeSchema under construction
const pending = []; // { id, decl, symbol, validatorFile }

function want(decl, symbol) {
  const info = idOf(decl);
  if (!info) return undefined;
  if (!types.has(info.id)) {
    types.set(info.id, null);
    pending.push({ ...info, decl, symbol });
  }
  return info.id;
}

/** Converts a property's type node into a TypeRef; `numbers` collects positions to probe. */
function typeRefOf(node, at, numbers) {
  if (ts.isParenthesizedTypeNode(node)) return typeRefOf(node.type, at, numbers);
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword:
      numbers.push({ at, kind: 'string' });
      return { kind: 'primitive', type: 'string' };
    case ts.SyntaxKind.NumberKeyword:
      numbers.push({ at, kind: 'number' });
      return { kind: 'primitive', type: 'number' };
    case ts.SyntaxKind.BooleanKeyword:
      return { kind: 'primitive', type: 'boolean' };
    default:
      break;
  }
  if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) return { kind: 'primitive', type: 'string' };
  if (enumOf(node)) return { kind: 'primitive', type: 'string' };
  if (ts.isArrayTypeNode(node)) return { kind: 'array', items: typeRefOf(node.elementType, [...at, 0], numbers) };
  if (ts.isTypeReferenceNode(node)) {
    if (ts.isIdentifier(node.typeName) && node.typeName.text === 'Array' && node.typeArguments?.length === 1) {
      return { kind: 'array', items: typeRefOf(node.typeArguments[0], [...at, 0], numbers) };
    }
    const target = declarationOf(node.typeName);
    const id = target && want(target.decl, target.symbol);
    return id ? { kind: 'named', id } : { kind: 'unknown' };
  }
  if (ts.isTypeLiteralNode(node)) {
    const index = node.members.find((m) => ts.isIndexSignatureDeclaration(m));
    if (index && node.members.length === 1) return { kind: 'map', values: typeRefOf(index.type, [...at, 'key'], numbers) };
    // A kind embedded in another type (StatefulSetSpec.volumeClaimTemplates) is written out inline,
    // with optional apiVersion/kind; it is the root interface with the same members.
    const same = inlineKinds.get(memberSignature(node.members));
    const id = same && want(same, checker.getSymbolAtLocation(same.name));
    return id ? { kind: 'named', id } : { kind: 'unknown' };
  }
  return { kind: 'unknown' };
}

/** String-literal union members (`"SCTP" | "TCP" | "UDP"`), or undefined. */
function enumOf(node) {
  if (!ts.isUnionTypeNode(node)) return undefined;
  const values = [];
  for (const t of node.types) {
    if (!ts.isLiteralTypeNode(t) || !ts.isStringLiteral(t.literal)) return undefined;
    values.push(t.literal.text);
  }
  return values;
}

/** Asks the package's validator what it thinks of `value` at `at`: the `type` and `format` it reports there. */
function probe(validate, at, value) {
  let data = value;
  for (let i = at.length - 1; i >= 0; i--) {
    const seg = at[i];
    data = typeof seg === 'number' ? [data] : { [seg]: data };
  }
  validate(data);
  const where = at.length === 0 ? '' : '/' + at.join('/');
  const found = {};
  for (const e of validate.errors ?? []) {
    if (e.instancePath !== where) continue;
    if (e.keyword === 'type') found.type = e.params.type;
    if (e.keyword === 'format') found.format = e.params.format;
  }
  return found;
}

function setAt(ref, at, rest, update) {
  if (at.length === rest) return update(ref);
  if (ref.kind === 'array') return { ...ref, items: setAt(ref.items, at, rest + 1, update) };
  if (ref.kind === 'map') return { ...ref, values: setAt(ref.values, at, rest + 1, update) };
  return ref;
}

/** The `validate` export of a validator module (ESM in 5.x; CommonJS, seen through `default`, in 4.x). */
async function loadValidator(file) {
  const mod = await import(pathToFileURL(file).href);
  return mod.validate ?? mod.default?.validate;
}

async function refineScalars(validatorFile, fields, positions) {
  if (positions.length === 0 || !fs.existsSync(validatorFile)) return;
  const validate = await loadValidator(validatorFile);
  for (const { at, kind } of positions) {
    const field = fields.find((f) => f.name === at[0]);
    if (!field) continue;
    let type;
    let format;
    if (kind === 'number') {
      // 0.5 fails `type: integer` and the int32/int64 formats (ajv checks Number.isInteger).
      const found = probe(validate, at, 0.5);
      type = found.type === 'integer' ? 'integer' : 'number';
      format = found.format;
    } else {
      format = probe(validate, at, '\u0000 not a valid value \u0000').format;
      if (format === undefined) continue;
      type = 'string';
    }
    const update = () => (format === undefined ? { kind: 'primitive', type } : { kind: 'primitive', type, format });
    field.type = setAt(field.type, at, 1, update);
  }
}

function donorDocs() {
  const docs = new Map();
  const file = program.getSourceFile(typeMetaDonor);
  const decl = file?.statements.find((s) => ts.isInterfaceDeclaration(s));
  for (const m of decl?.members ?? []) {
    if (ts.isPropertySignature(m) && m.name && ts.isStringLiteral(m.name)) {
      docs.set(m.name.text, docOf(checker, checker.getSymbolAtLocation(m.name) ?? m.symbol));
    }
  }
  return docs;
}

const SCALAR_FORMATS = {
  'io.k8s.apimachinery.pkg.api.resource.Quantity': 'quantity',
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': 'int-or-string',
};

async function convert({ id, name, decl, symbol, validatorFile }, rootIds, typeMetaDocs) {
  const description = docOf(checker, symbol);
  const vfile = validatorPath(decl, validatorFile);
  if (ts.isTypeAliasDeclaration(decl)) {
    // Scalars with a name: Time and MicroTime (string), IntOrString and Quantity (string | number).
    const node = decl.type;
    const single =
      node.kind === ts.SyntaxKind.StringKeyword ? 'string' : node.kind === ts.SyntaxKind.NumberKeyword ? 'number' : undefined;
    let format = SCALAR_FORMATS[id];
    if (format === undefined && single === 'string' && fs.existsSync(vfile)) {
      const validate = await loadValidator(vfile);
      format = probe(validate, [], '\u0000 not a valid value \u0000').format;
    }
    const shape = id.endsWith('.IntOrString') ? 'int-or-string' : single ?? (ts.isUnionTypeNode(node) ? 'string' : 'unknown');
    const t = { id, name, description, shape, fields: [] };
    if (format !== undefined) t.format = format;
    if (single !== undefined) t.openApiType = single;
    return t;
  }
  const isRoot = rootIds.has(id);
  const fields = [];
  const positions = [];
  for (const m of decl.members) {
    if (!ts.isPropertySignature(m) || !m.type || !m.name) continue;
    const fieldName = ts.isStringLiteral(m.name) || ts.isIdentifier(m.name) ? m.name.text : undefined;
    if (fieldName === undefined) continue;
    const typeMeta = isRoot && (fieldName === 'apiVersion' || fieldName === 'kind');
    const values = typeMeta ? undefined : enumOf(m.type);
    const type = values ? { kind: 'primitive', type: 'string' } : typeRefOf(m.type, [fieldName], positions);
    let fieldDoc = docOf(checker, m.symbol ?? checker.getSymbolAtLocation(m.name));
    if (fieldDoc === '' && typeMeta) fieldDoc = typeMetaDocs.get(fieldName) ?? '';
    const field = { name: fieldName, type, description: fieldDoc, required: !typeMeta && m.questionToken === undefined };
    if (values) field.enum = values;
    fields.push(field);
  }
  fields.sort((a, b) => byteOrder(a.name, b.name));
  await refineScalars(vfile, fields, positions);
  const t = { id, name, description, shape: fields.length > 0 ? 'object' : 'unknown', fields, openApiType: 'object' };
  const kind = rootIds.get(id);
  if (kind) t.gvk = [{ group: kind.group, version: kind.version, kind: kind.kind }];
  return t;
}

function checkVersionEvidence(model) {
  const podSpec = model.types['io.k8s.api.core.v1.PodSpec'];
  const names = new Set(podSpec?.fields.map((f) => f.name) ?? []);
  if (!names.has('schedulingGroup') || names.has('workloadRef')) {
    throw new Error(
      `gen-schema: kubernetes-models@${modelsVersion} no longer matches the evidence for Kubernetes ${KUBERNETES_VERSION} ` +
        '(PodSpec.schedulingGroup without workloadRef); update KUBERNETES_VERSION and its comment',
    );
  }
}

async function main() {
  const kinds = [];
  const rootIds = new Map();
  for (const k of SUPPORTED_KINDS) {
    const file = program.getSourceFile(rootFile(k));
    const decl = file?.statements.find((s) => ts.isInterfaceDeclaration(s) && s.name.text === `I${k.kind}`);
    if (!decl) continue;
    const id = want(decl, checker.getSymbolAtLocation(decl.name));
    if (!id) continue;
    rootIds.set(id, k);
    kinds.push({ ...k, typeId: id });
  }
  const typeMetaDocs = donorDocs();
  for (let i = 0; i < pending.length; i++) {
    const p = pending[i];
    types.set(p.id, await convert(p, rootIds, typeMetaDocs));
  }
  const model = {
    kubernetesVersion: KUBERNETES_VERSION,
    source: { kind: 'bundled', package: `kubernetes-models@${modelsVersion}` },
    types: Object.fromEntries([...types.entries()].sort(([a], [b]) => byteOrder(a, b))),
    kinds,
  };
  if (argPackage === undefined) checkVersionEvidence(model);
  const outFile = argOut === undefined ? path.join(repoRoot, 'out/dist/schema.json') : path.resolve(argOut);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, JSON.stringify(model) + '\n');
  process.stdout.write(`gen-schema: ${kinds.length} kinds, ${types.size} types -> ${path.relative(repoRoot, outFile)}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
