#!/usr/bin/env node
// Generates the per-release schema models (out/dist/releases.json) from npm dependencies.
//
// Runs at build time after gen-schema.mjs, which wrote the base model (out/dist/schema.json, the newest
// release, from kubernetes-models@5.1.0) and, for 1.33, out/gen/k8s-1.33.json (kubernetes-models@4.5.1).
// Each older release comes from a package generated from that release's OpenAPI, installed under an npm
// alias (package.json devDependencies):
//
//   1.30  k8s-1.30 = kubernetes-types@1.30.0        interfaces, one-line JSDoc
//   1.32  k8s-1.32 = @kubernetes/client-node@1.1.2  classes (dist/gen/models/V1*.d.ts), one-line JSDoc
//   1.33  k8s-1.33 = kubernetes-models@4.5.1        as the base (gen-schema.mjs)
//   1.34  k8s-1.34 = @kubernetes/client-node@1.4.0
//
// No npm package carries a whole 1.31 or 1.35 (client-node jumps from 1.30 to 1.32 and from 1.34 to 1.36,
// kubernetes-models from 4.4 (before 1.30) to 4.5 (1.33) to 5.1 (1.36), kubernetes-types stops at 1.30; cdk8s-plus-31
// has 1.31's spec types only, without status types or apiVersion/kind; @pulumi/kubernetes merges the fields of
// several releases into one type): they are listed as `missing`.
//
// The field set, `required` and the shape of every type come from the release's own package, walked from
// the root kinds. kubernetes-types and client-node write descriptions on one line and carry no enums nor
// integer formats, so a "guide" model (the nearest newer release generated from kubernetes-models) lends
// what they lose: a description whose words equal the guide's takes the guide's text (its paragraphs and
// `Possible enum values` notes), and then the guide's `enum` (when the guide's words differ, the other
// kubernetes-models release is asked the same); a number field takes the guide's integer type; a named scalar
// (Quantity, Time, IntOrString) takes the guide's reference.
//
// Storage: each release is a difference from the base (types absent, types added, fields added, changed
// or removed), plus `since`: for each field that a release after 1.30 added, the releases it may have
// appeared in (one, or two when the release before it is missing).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');
const require = createRequire(import.meta.url);
const { SUPPORTED_KINDS } = require(path.join(repoRoot, 'out/server/src/schema/kinds.js'));

/** Releases from the oldest podls serves to the base, in order; `package` undefined = no dependency carries it. */
const RELEASES = [
  { version: '1.30', alias: 'k8s-1.30', expect: 'kubernetes-types@1.30.0', layout: 'kubernetes-types', guide: '1.33', lenders: ['1.36'] },
  { version: '1.31' },
  { version: '1.32', alias: 'k8s-1.32', expect: '@kubernetes/client-node@1.1.2', layout: 'client-node', guide: '1.33', lenders: ['1.36'] },
  { version: '1.33', alias: 'k8s-1.33', expect: 'kubernetes-models@4.5.1', layout: 'kubernetes-models' },
  { version: '1.34', alias: 'k8s-1.34', expect: '@kubernetes/client-node@1.4.0', layout: 'client-node', guide: '1.36', lenders: ['1.33'] },
  { version: '1.35' },
];

function packageDir(name) {
  for (const base of require.resolve.paths(name) ?? []) {
    const dir = path.join(base, name);
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
  }
  throw new Error(`gen-releases: cannot find ${name}; run npm install`);
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** A named type, or an array or map of one (what OpenAPI writes as a `$ref`). */
function isReference(ref) {
  return ref.kind === 'named' || (ref.kind === 'array' && isReference(ref.items)) || (ref.kind === 'map' && isReference(ref.values));
}

/** Descriptions of the apimachinery scalars as the packages declare them, by id (see withScalarDocs). */
const scalarDocs = new Map();

function byteOrder(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Words of a description without kube-openapi's enum notes: what survives a one-line rendering. */
function words(text) {
  return text.replace(/\n\nPossible enum values:[\s\S]*$/, '').replace(/\s+/g, ' ').trim();
}

/**
 * The release's text, or the first lender's (guide first) that says the same in the same words: the lenders
 * keep paragraphs and enum notes. `enum` is that lender's field's.
 */
function reconcile(own, lent) {
  const match = lent.find((l) => l !== undefined && words(own) === words(l.description));
  return match === undefined ? { text: own } : { text: match.description, enum: match.enum };
}

function rootOf(layout, dir, k) {
  if (layout === 'kubernetes-types') {
    return { file: path.join(dir, k.group === '' ? 'core' : k.group, `${k.version}.d.ts`), name: k.kind };
  }
  return { file: path.join(dir, 'dist/gen/models', `V1${k.kind}.d.ts`), name: `V1${k.kind}` };
}

function isStatic(m) {
  return (ts.getCombinedModifierFlags(m) & ts.ModifierFlags.Static) !== 0;
}

/** Walks a kubernetes-types or client-node package from the root kinds into a model shaped like the base. */
function extractRelease(release, guide, lenders) {
  const dir = packageDir(release.alias);
  const pkg = readJson(path.join(dir, 'package.json'));
  const roots = SUPPORTED_KINDS.map((k) => ({ k, ...rootOf(release.layout, dir, k) })).filter((r) => fs.existsSync(r.file));
  const program = ts.createProgram(
    roots.map((r) => r.file),
    { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, noEmit: true, skipLibCheck: true },
  );
  const checker = program.getTypeChecker();
  const unescape = (t) => (release.layout === 'client-node' ? t.replace(/\\(['"\\])/g, '$1') : t);
  const docOf = (symbol) => (symbol ? unescape(ts.displayPartsToString(symbol.getDocumentationComment(checker))) : '');
  const guideNames = new Map();
  for (const id of Object.keys(guide.types)) {
    const name = id.slice(id.lastIndexOf('.') + 1);
    guideNames.set(name, guideNames.has(name) ? null : id);
  }
  const types = new Map();
  const queue = [];
  const rootIds = new Map();

  function declarationOf(typeName) {
    let symbol = checker.getSymbolAtLocation(typeName);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const decl = symbol?.declarations?.[0];
    return decl && (ts.isInterfaceDeclaration(decl) || ts.isClassDeclaration(decl) || ts.isTypeAliasDeclaration(decl)) ? { decl, symbol } : undefined;
  }

  /** The OpenAPI id of a type new to this release: the guide's type of that name, else beside its parent. */
  function newId(declName, parentId) {
    const name = release.layout === 'client-node' ? declName.replace(/^(?:[A-Z][a-z]+)*V\d+(?:(?:alpha|beta)\d+)?(?=[A-Z])/, '') : declName;
    const known = guideNames.get(name);
    return known ?? `${parentId.slice(0, parentId.lastIndexOf('.'))}.${name}`;
  }

  function want(decl, symbol, id) {
    if (!types.has(id)) {
      types.set(id, null);
      queue.push({ decl, symbol, id });
    }
  }

  function scalarGuide(guideRef) {
    return guideRef?.kind === 'named' && guide.types[guideRef.id] !== undefined && guide.types[guideRef.id].shape !== 'object' ? guideRef : undefined;
  }

  function refOf(node, guideRef, parentId) {
    if (ts.isParenthesizedTypeNode(node)) return refOf(node.type, guideRef, parentId);
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        return scalarGuide(guideRef) ?? (guideRef?.kind === 'primitive' && guideRef.type === 'string' ? guideRef : { kind: 'primitive', type: 'string' });
      case ts.SyntaxKind.BooleanKeyword:
        return { kind: 'primitive', type: 'boolean' };
      case ts.SyntaxKind.NumberKeyword:
        if (guideRef?.kind === 'primitive' && (guideRef.type === 'integer' || guideRef.type === 'number')) return guideRef;
        // Pod-reachable types have no floating-point fields; the Go int32/int64 fields are OpenAPI integers.
        return scalarGuide(guideRef) ?? { kind: 'primitive', type: 'integer' };
      case ts.SyntaxKind.AnyKeyword:
      case ts.SyntaxKind.UnknownKeyword:
      case ts.SyntaxKind.ObjectKeyword:
        return guideRef ?? { kind: 'unknown' };
      default:
        break;
    }
    if (ts.isLiteralTypeNode(node) || ts.isUnionTypeNode(node)) {
      // `number | string` is IntOrString; string-literal unions are strings.
      if (scalarGuide(guideRef)) return guideRef;
      const numeric = ts.isUnionTypeNode(node) && node.types.some((t) => t.kind === ts.SyntaxKind.NumberKeyword);
      return numeric ? { kind: 'named', id: 'io.k8s.apimachinery.pkg.util.intstr.IntOrString' } : { kind: 'primitive', type: 'string' };
    }
    if (ts.isArrayTypeNode(node)) return { kind: 'array', items: refOf(node.elementType, guideRef?.kind === 'array' ? guideRef.items : undefined, parentId) };
    if (ts.isTypeLiteralNode(node)) {
      const index = node.members.find((m) => ts.isIndexSignatureDeclaration(m));
      if (index) return { kind: 'map', values: refOf(index.type, guideRef?.kind === 'map' ? guideRef.values : undefined, parentId) };
      return guideRef ?? { kind: 'unknown' };
    }
    if (ts.isTypeReferenceNode(node)) {
      const name = ts.isIdentifier(node.typeName) ? node.typeName.text : node.typeName.getText();
      if (name === 'Array' && node.typeArguments?.length === 1) {
        return { kind: 'array', items: refOf(node.typeArguments[0], guideRef?.kind === 'array' ? guideRef.items : undefined, parentId) };
      }
      if (name === 'Date') return scalarGuide(guideRef) ?? { kind: 'named', id: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time' };
      const target = declarationOf(node.typeName);
      if (target === undefined || ts.isTypeAliasDeclaration(target.decl)) {
        // Quantity, Time, MicroTime, IntOrString: aliases of scalars.
        if (scalarGuide(guideRef)) {
          const doc = target === undefined ? '' : docOf(target.symbol);
          if (doc !== '' && !scalarDocs.has(guideRef.id)) scalarDocs.set(guideRef.id, doc);
          return guideRef;
        }
        const id = newId(target?.decl.name.text ?? name, parentId);
        return guide.types[id] !== undefined ? { kind: 'named', id } : { kind: 'unknown' };
      }
      const id = guideRef?.kind === 'named' ? guideRef.id : newId(target.decl.name.text, parentId);
      want(target.decl, target.symbol, id);
      return { kind: 'named', id };
    }
    return guideRef ?? { kind: 'unknown' };
  }

  function convert({ decl, symbol, id }) {
    const g = guide.types[id];
    if (g !== undefined && g.shape !== 'object') return g; // RawExtension, FieldsV1, ...
    const lentTypes = [g, ...lenders.map((l) => l.types[id])];
    const isRoot = rootIds.has(id);
    const fields = [];
    for (const m of decl.members) {
      if (!(ts.isPropertySignature(m) || ts.isPropertyDeclaration(m)) || !m.type || !m.name || isStatic(m)) continue;
      const name = ts.isStringLiteral(m.name) || ts.isIdentifier(m.name) ? m.name.text : undefined;
      if (name === undefined) continue;
      const gf = g?.fields.find((f) => f.name === name);
      const typeMeta = isRoot && (name === 'apiVersion' || name === 'kind');
      const type = typeMeta ? { kind: 'primitive', type: 'string' } : refOf(m.type, gf?.type, id);
      let own = docOf(m.symbol ?? checker.getSymbolAtLocation(m.name));
      // client-node drops the description of a field whose type is a reference (`affinity?: V1Affinity`):
      // the guide's field of the same type lends its text.
      if (own === '' && gf !== undefined && isReference(type) && same(gf.type, type)) own = gf.description;
      // ... and writes the type's description on a field of a named scalar type (`port: IntOrString`).
      const scalar = type.kind === 'named' ? guide.types[type.id] : undefined;
      if (gf !== undefined && scalar !== undefined && scalar.shape !== 'object' && words(own) === words(scalar.description)) own = gf.description;
      const d = reconcile(own, lentTypes.map((t) => t?.fields.find((f) => f.name === name)));
      const field = { name, type, description: d.text, required: !typeMeta && m.questionToken === undefined };
      if (d.enum !== undefined && type.kind === 'primitive' && type.type === 'string') field.enum = d.enum;
      fields.push(field);
    }
    fields.sort((a, b) => byteOrder(a.name, b.name));
    const description = reconcile(docOf(symbol), lentTypes).text;
    if (g !== undefined) return { ...g, description, fields };
    const t = { id, name: id.slice(id.lastIndexOf('.') + 1), description, shape: fields.length > 0 ? 'object' : 'unknown', fields, openApiType: 'object' };
    const kind = rootIds.get(id);
    if (kind) t.gvk = [{ group: kind.group, version: kind.version, kind: kind.kind }];
    return t;
  }

  const kinds = [];
  for (const r of roots) {
    const file = program.getSourceFile(r.file);
    const decl = file?.statements.find((s) => (ts.isInterfaceDeclaration(s) || ts.isClassDeclaration(s)) && s.name?.text === r.name);
    const baseKind = guide.kinds.find((k) => k.kind === r.k.kind && k.group === r.k.group);
    if (!decl || !baseKind) continue;
    rootIds.set(baseKind.typeId, r.k);
    want(decl, checker.getSymbolAtLocation(decl.name), baseKind.typeId);
    kinds.push(baseKind);
  }
  for (let i = 0; i < queue.length; i++) types.set(queue[i].id, convert(queue[i]));
  // Named scalars referenced but never walked (Quantity, Time, IntOrString) come from the guide.
  const referenced = new Set();
  const visit = (ref) => {
    if (ref.kind === 'named') referenced.add(ref.id);
    else if (ref.kind === 'array') visit(ref.items);
    else if (ref.kind === 'map') visit(ref.values);
  };
  for (const t of types.values()) for (const f of t.fields) visit(f.type);
  for (const id of referenced) if (!types.has(id) && guide.types[id] !== undefined) types.set(id, guide.types[id]);
  return {
    kubernetesVersion: release.version,
    source: { kind: 'bundled', package: `${pkg.name}@${pkg.version}` },
    types: Object.fromEntries([...types.entries()].sort(([a], [b]) => byteOrder(a, b))),
    kinds,
  };
}

/** The difference that turns `base` into `model` (see server/src/schema/releases.ts for its shape). */
function diff(base, model) {
  const types = {};
  for (const id of Object.keys(base.types)) if (model.types[id] === undefined) types[id] = null;
  for (const [id, t] of Object.entries(model.types)) {
    const b = base.types[id];
    if (b === undefined) {
      types[id] = { add: t };
      continue;
    }
    if (same(b, t)) continue;
    const set = {};
    for (const key of new Set([...Object.keys(b), ...Object.keys(t)])) {
      if (key !== 'fields' && !same(b[key], t[key])) set[key] = t[key] ?? null;
    }
    const fields = {};
    for (const f of b.fields) if (!t.fields.some((x) => x.name === f.name)) fields[f.name] = null;
    for (const f of t.fields) {
      const bf = b.fields.find((x) => x.name === f.name);
      if (bf === undefined || !same(bf, f)) fields[f.name] = f;
    }
    const d = {};
    if (Object.keys(set).length > 0) d.set = set;
    if (Object.keys(fields).length > 0) d.fields = fields;
    types[id] = d;
  }
  const out = { version: model.kubernetesVersion, package: model.source.package, types };
  if (!same(base.kinds, model.kinds)) out.kinds = model.kinds;
  return out;
}

/**
 * The apimachinery scalars (Quantity, IntOrString, Time, MicroTime) have one description in every release;
 * @kubernetes-models/apimachinery declares Quantity without one, kubernetes-types with it.
 */
function withScalarDocs(model, base) {
  const types = { ...model.types };
  for (const [id, t] of Object.entries(types)) {
    const b = base.types[id];
    const doc = b !== undefined && b.shape === t.shape && b.description !== '' ? b.description : scalarDocs.get(id);
    if (t.shape !== 'object' && t.description === '' && doc !== undefined) types[id] = { ...t, description: doc };
  }
  return { ...model, types };
}

/**
 * Fails the build when an alias no longer holds the package version whose release was verified (client-node's
 * models name the spec version, e.g. `OpenAPI spec version: v1.32.0`; the others were checked against the
 * served documents of that release): a new version needs a new check.
 */
function checkReleasePackages() {
  for (const r of RELEASES) {
    if (r.alias === undefined) continue;
    const pkg = readJson(path.join(packageDir(r.alias), 'package.json'));
    if (`${pkg.name}@${pkg.version}` !== r.expect) {
      throw new Error(`gen-releases: ${r.alias} is ${pkg.name}@${pkg.version}, expected ${r.expect} for Kubernetes ${r.version}; pin it in package.json`);
    }
    if (r.layout === 'client-node') {
      const header = fs.readFileSync(path.join(packageDir(r.alias), 'dist/gen/models/V1PodSpec.d.ts'), 'utf8');
      if (!header.includes(`OpenAPI spec version: v${r.version}.`)) throw new Error(`gen-releases: ${r.expect} does not say it follows Kubernetes ${r.version}`);
    }
  }
}

function main() {
  checkReleasePackages();
  const base = readJson(path.join(repoRoot, 'out/dist/schema.json'));
  const models = new Map([[base.kubernetesVersion, base]]);
  models.set('1.33', readJson(path.join(repoRoot, 'out/gen/k8s-1.33.json')));
  for (const r of RELEASES) {
    if (r.alias === undefined || r.layout === 'kubernetes-models') continue;
    models.set(r.version, extractRelease(r, models.get(r.guide), r.lenders.map((v) => models.get(v))));
  }
  for (const [v, m] of models) if (v !== base.kubernetesVersion) models.set(v, withScalarDocs(m, base));
  const carried = [...RELEASES.filter((r) => r.alias !== undefined).map((r) => r.version), base.kubernetesVersion];
  const all = [...RELEASES.map((r) => r.version), base.kubernetesVersion];
  // since: first carried release with the field; when the release before it is missing, both.
  const since = {};
  const seen = new Set();
  for (const v of carried) {
    const m = models.get(v);
    for (const t of Object.values(m.types)) {
      for (const f of t.fields) {
        const key = `${t.id}#${f.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (v === carried[0]) continue;
        const previous = all[all.indexOf(v) - 1];
        since[key] = carried.includes(previous) ? [v] : [previous, v];
      }
    }
  }
  const out = {
    base: { version: base.kubernetesVersion, package: base.source.package },
    releases: carried.filter((v) => v !== base.kubernetesVersion).map((v) => diff(base, models.get(v))),
    missing: RELEASES.filter((r) => r.alias === undefined).map((r) => r.version),
    since: Object.fromEntries(Object.entries(since).sort(([a], [b]) => byteOrder(a, b))),
  };
  const outFile = path.join(repoRoot, 'out/dist/releases.json');
  fs.writeFileSync(outFile, JSON.stringify(out) + '\n');
  const size = fs.statSync(outFile).size;
  process.stdout.write(
    `gen-releases: ${out.releases.map((r) => `${r.version} (${r.package})`).join(', ')}; missing ${out.missing.join(', ')}; ` +
      `${Object.keys(out.since).length} fields with a release -> ${path.relative(repoRoot, outFile)} (${size} bytes)\n`,
  );
}

main();
