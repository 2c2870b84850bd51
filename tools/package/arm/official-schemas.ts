/**
 * The official JSON Schemas (tools/schemas/arm/official: deploymentTemplate 2019-04-01, common definitions, the
 * provider schemas of the resource types we emit, CreateUIDefinition 0.1.2-preview), vendored verbatim as data, plus
 * the documented overlay (tools/schemas/arm/overlay.json). Draft-04 schemas, validated with ajv-draft-04.
 *
 * A template is validated as the official schema does it, with one change of method for clear messages: the
 * envelope (sections, parameters, outputs) against deploymentTemplate.json, then each resource against the one
 * resource definition for its type and apiVersion (official provider schema or overlay) together with the
 * template's resourceBase. Official references to provider schemas we do not vendor resolve to a schema that
 * matches nothing, so a resource type outside the vendored set fails with "not defined". Nested templates
 * (content templates, deployments) are validated the same way in the form ARM stores them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Ajv04Module from 'ajv-draft-04';
import type { Ajv as AjvInstance, Options, ValidateFunction } from 'ajv';
import { TOOLS_DATA } from '../../util/paths.js';
import type { PathSeg } from '../../content/yaml-doc.js';
import type { Json } from './template-file.js';

const ARM_DIR = join(TOOLS_DATA.schemas, 'arm');
const OFFICIAL_DIR = join(ARM_DIR, 'official');
const TEMPLATE_ID = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
const CREATE_UI_ID = 'https://schema.management.azure.com/schemas/0.1.2-preview/CreateUIDefinition.MultiVm.json#';
const Ajv04 = ((Ajv04Module as unknown as { default?: unknown }).default ?? Ajv04Module) as new (o: Options) => AjvInstance;

export interface SchemaProblem { path: PathSeg[]; message: string }
interface CatalogEntry { type: string; apiVersions: string[]; source: string; validate: ValidateFunction }

const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith('.json') ? [join(dir, f)] : []));
const baseId = (id: string) => id.replace(/#$/, '');

function pointerSet(doc: Json, pointer: string, value: Json, op: string): void {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node = doc;
  for (const p of parts.slice(0, -1)) { if (!(p in node)) throw new Error(`overlay: no ${p} in ${pointer}`); node = node[p]; }
  const last = parts[parts.length - 1]!;
  if (op === 'replace' && !(last in node)) throw new Error(`overlay: replace of missing ${pointer}`);
  node[last] = value;
}

function collectRefs(v: Json, out: Set<string>): void {
  if (Array.isArray(v)) v.forEach((x) => collectRefs(x, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { if (k === '$ref' && typeof x === 'string') out.add(x); else collectRefs(x, out); }
}

let loaded: { ajv: AjvInstance; catalog: CatalogEntry[]; stubs: string[] } | undefined;

function load(): NonNullable<typeof loaded> {
  if (loaded) return loaded;
  const ajv = new Ajv04({ allErrors: true, strict: false, validateSchema: false, validateFormats: false });
  const overlay = JSON.parse(readFileSync(join(ARM_DIR, 'overlay.json'), 'utf8'));
  const schemas = files(OFFICIAL_DIR).map((f) => JSON.parse(readFileSync(f, 'utf8')) as Json);
  for (const s of schemas) { s.$schema = 'http://json-schema.org/draft-04/schema#'; }
  for (const p of overlay.patches as { schema: string; op: string; path: string; value: Json }[]) {
    const s = schemas.find((x) => x.id === p.schema);
    if (!s) throw new Error(`overlay patch for unknown schema ${p.schema}`);
    if (p.op === 'appendOneOf') s.oneOf.push(p.value); else pointerSet(s, p.path, p.value, p.op);
  }
  const have = new Set(schemas.map((s) => baseId(s.id)));
  // Provider schemas we do not vendor: every definition referenced in them matches nothing (a resource of such a
  // type fails instead of passing unchecked).
  const stubDocs = new Map<string, Json>();
  for (const s of schemas) {
    const refs = new Set<string>(); collectRefs(s, refs);
    for (const r of refs) {
      const [file, fragment = ''] = r.split('#');
      if (!file) continue;
      const abs = file.startsWith('http') ? file : new URL(file, baseId(s.id)).href;
      if (have.has(abs)) continue;
      const doc = stubDocs.get(abs) ?? { id: `${abs}#`, not: {} };
      let node = doc;
      for (const part of fragment.split('/').filter(Boolean)) { node[part] ??= { not: {} }; node = node[part]; }
      stubDocs.set(abs, doc);
    }
  }
  const stubs = [...stubDocs.keys()].sort();
  for (const s of schemas) ajv.addSchema(s);
  for (const id of stubs) ajv.addSchema(stubDocs.get(id));

  const resourceBase = { $ref: `${TEMPLATE_ID}/definitions/resourceBase` };
  const catalog: CatalogEntry[] = [];
  for (const s of schemas) {
    for (const key of Object.keys(s).filter((k) => k === 'resourceDefinitions')) {
      for (const [name, def] of Object.entries<Json>(s[key])) {
        const types: string[] = def.properties?.type?.enum ?? [];
        const versions: string[] = def.properties?.apiVersion?.enum ?? [];
        for (const type of types) catalog.push({ type, apiVersions: versions, source: `${baseId(s.id)}#/${key}/${name}`, validate: ajv.compile({ allOf: [resourceBase, { $ref: `${baseId(s.id)}#/${key}/${name}` }] }) });
      }
    }
  }
  for (const [name, r] of Object.entries<Json>(overlay.resources)) {
    const props: Json = { properties: r.properties };
    if (r.extensionResource) {
      // Language version 2.0 extension resource: `type` carries the version (Type@version), no name or apiVersion.
      props.type = { enum: r.apiVersions.map((v: string) => `${r.type}@${v}`) };
      props.import = { type: 'string' };
    } else { props.type = { enum: [r.type] }; props.apiVersion = { enum: r.apiVersions }; }
    if (r.kind) props.kind = r.kind;
    const own = { type: 'object', properties: props, required: r.required };
    catalog.push({ type: r.type, apiVersions: r.apiVersions, source: `overlay.json#/resources/${name}`, validate: ajv.compile(r.extensionResource ? own : { allOf: [resourceBase, own] }) });
  }
  loaded = { ajv, catalog, stubs };
  return loaded;
}

/** Ids of official schemas referenced but not vendored (they match nothing); for docs and tests. */
export function stubbedSchemas(): string[] { return load().stubs; }

function problems(v: ValidateFunction, base: PathSeg[]): SchemaProblem[] {
  // oneOf/anyOf report every branch; keep the deepest errors, which name the property that is wrong.
  const errs = v.errors ?? [];
  const depth = (e: { instancePath: string }) => e.instancePath.split('/').length;
  const max = Math.max(...errs.map(depth));
  const seen = new Set<string>();
  return errs.filter((e) => depth(e) === max && !['oneOf', 'anyOf', 'allOf'].includes(e.keyword)).flatMap((e) => {
    const path = [...base, ...e.instancePath.split('/').slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')))];
    const extra = e.keyword === 'enum' ? `: ${(e.params as { allowedValues: unknown[] }).allowedValues.slice(0, 12).join(', ')}` : e.keyword === 'additionalProperties' ? `: ${(e.params as { additionalProperty: string }).additionalProperty}` : '';
    const message = `${e.instancePath || '/'} ${e.message}${extra}`;
    if (seen.has(message)) return [];
    seen.add(message);
    return [{ path, message }];
  });
}

const resourceList = (t: Json): [PathSeg, Json][] => (Array.isArray(t?.resources) ? t.resources.map((r: Json, i: number) => [i, r]) : t?.resources && typeof t.resources === 'object' ? Object.entries(t.resources) : []);

/** Validate a deployment template (and, through `nestedForms`, its nested templates) against the official schemas. */
export function validateTemplate(t: Json, base: PathSeg[] = [], nestedForm?: (nested: Json, resource: Json) => Json): SchemaProblem[] {
  const { ajv, catalog } = load();
  const out: SchemaProblem[] = [];
  const envelope = ajv.getSchema(TEMPLATE_ID)!;
  const emptied = { ...t, resources: Array.isArray(t?.resources) || t?.resources === undefined ? [] : {} };
  if (!envelope(emptied)) out.push(...problems(envelope, base));
  for (const [k, r] of resourceList(t)) {
    const path = [...base, 'resources', k];
    const [type = '', typeVersion] = String(r?.type ?? '').split('@');
    const version = r?.apiVersion ?? typeVersion;
    const candidates = catalog.filter((c) => c.type.toLowerCase() === type.toLowerCase());
    if (!candidates.length) { out.push({ path: [...path, 'type'], message: `resource type ${type} is defined neither by the vendored official schemas nor by the overlay` }); continue; }
    const entry = candidates.find((c) => c.apiVersions.includes(String(version)));
    if (!entry) { out.push({ path: [...path, 'apiVersion'], message: `${type} apiVersion ${version} is not in the vendored schema (${[...new Set(candidates.flatMap((c) => c.apiVersions))].join(', ')})` }); continue; }
    if (!entry.validate(r)) out.push(...problems(entry.validate, path).map((p) => ({ ...p, message: `${type}@${version} (${entry.source.replace(/^https:\/\/schema\.management\.azure\.com\/schemas\//, '')}): ${p.message}` })));
    const nested = r?.properties?.mainTemplate ?? r?.properties?.template;
    if (nested && typeof nested === 'object' && nestedForm) {
      out.push(...validateTemplate(nestedForm(nested, r), [...path, 'properties', r.properties.mainTemplate ? 'mainTemplate' : 'template'], nestedForm));
    }
  }
  return out;
}

export function validateCreateUiDefinition(ui: Json): SchemaProblem[] {
  const v = load().ajv.getSchema(CREATE_UI_ID)!;
  return v(ui) ? [] : problems(v, []);
}
