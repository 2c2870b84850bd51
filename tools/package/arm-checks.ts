/**
 * Checks on the produced templates, like the official repository's CI (arm-ttk): JSON Schema structure, every
 * parameter used, no hard-coded locations, no blank values, apiVersions not older than the official packages use,
 * dependsOn targets present, createUiDefinition outputs matching mainTemplate parameters.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvModule, { type ValidateFunction } from 'ajv';
import { TOOLS_DATA } from '../util/paths.js';
import { diag, type Diagnostic } from '../util/diagnostics.js';

const Ajv = (AjvModule as unknown as { default: typeof AjvModule }).default ?? AjvModule;
const ajv = new (Ajv as unknown as new (o: object) => { compile: (s: object) => ValidateFunction })({ allErrors: true, strict: false });
const schemas = new Map<string, ValidateFunction>();
function schema(name: string): ValidateFunction {
  let v = schemas.get(name);
  if (!v) { v = ajv.compile(JSON.parse(readFileSync(join(TOOLS_DATA.schemas, 'arm', name), 'utf8'))); schemas.set(name, v); }
  return v;
}

/** Minimum apiVersions (the versions the official V3 packages emit). */
export const MIN_API_VERSIONS: Record<string, string> = {
  'microsoft.operationalinsights/workspaces/providers/contenttemplates': '2023-04-01-preview',
  'microsoft.operationalinsights/workspaces/providers/contentpackages': '2023-04-01-preview',
  'microsoft.operationalinsights/workspaces/providers/metadata': '2022-01-01-preview',
  'microsoft.securityinsights/alertruletemplates': '2022-04-01-preview',
  'microsoft.operationalinsights/workspaces/providers/alertrules': '2022-11-01',
  'microsoft.operationalinsights/savedsearches': '2022-10-01',
  'microsoft.operationalinsights/workspaces/savedsearches': '2020-08-01',
  'microsoft.insights/workbooks': '2021-08-01',
  'microsoft.logic/workflows': '2017-07-01',
  'microsoft.web/connections': '2016-06-01',
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function walk(v: Json, path: string, f: (v: Json, path: string) => void): void {
  f(v, path);
  if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`, f));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k, f);
}

function allResources(t: Json): Json[] {
  const out: Json[] = [];
  const add = (rs: Json[]) => { for (const r of rs ?? []) { out.push(r); add(r.resources); add(r.properties?.mainTemplate?.resources); } };
  add(t.resources);
  return out;
}

export function checkTemplate(file: string, t: Json): Diagnostic[] {
  const out: Diagnostic[] = [];
  const v = schema('deploymentTemplate.schema.json');
  if (!v(t)) for (const e of v.errors ?? []) out.push(diag(file, 0, 0, 'ARM001', `schema: ${e.instancePath || '/'} ${e.message}`));
  const text = JSON.stringify(t);
  for (const p of Object.keys(t.parameters ?? {})) {
    if (!text.includes(`parameters('${p}')`)) out.push(diag(file, 0, 0, 'ARM002', `parameter '${p}' is never used`));
  }
  for (const r of allResources(t)) {
    if (typeof r.location === 'string' && !r.location.startsWith('[') ) out.push(diag(file, 0, 0, 'ARM003', `resource ${r.type} has a hard-coded location '${r.location}'`));
    const min = MIN_API_VERSIONS[String(r.type).toLowerCase()];
    if (min && String(r.apiVersion) < min) out.push(diag(file, 0, 0, 'ARM004', `resource ${r.type} uses apiVersion ${r.apiVersion}, older than ${min}`));
    for (const d of r.dependsOn ?? []) {
      // The target is the last resource type named in the expression (resourceId(workspace...), 'X/y', ...).
      const types = [...String(d).matchAll(/'(Microsoft\.[A-Za-z]+(?:\/[A-Za-z]+)+)'/g)].map((x) => x[1]!);
      const target = types[types.length - 1]?.split('/').pop()?.toLowerCase();
      if (target && !allResources(t).some((x) => String(x.type).toLowerCase().endsWith(target))) out.push(diag(file, 0, 0, 'ARM005', `dependsOn '${d}' names a resource the template does not define`));
    }
  }
  walk(t, '', (val, path) => {
    const allowed = /(^|\.)(defaultValue|outputs|parameters|variables|metadata)$/.test(path) || /\.mainTemplate\.(parameters|variables)$/.test(path) || /(^|\.)inputs\.(queries|headers)/.test(path) || /definition\./.test(path);
    if (allowed) return;
    const blank = val === '' || (Array.isArray(val) && val.length === 0) || (val && typeof val === 'object' && !Array.isArray(val) && Object.keys(val).length === 0);
    if (blank) out.push(diag(file, 0, 0, 'ARM006', `blank value at ${path || '(root)'}`));
  });
  return out;
}

export function checkCreateUiDefinition(file: string, ui: Json, main: Json, mainFile: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const v = schema('createUiDefinition.schema.json');
  if (!v(ui)) for (const e of v.errors ?? []) out.push(diag(file, 0, 0, 'UI001', `schema: ${e.instancePath || '/'} ${e.message}`));
  const params = new Set(Object.keys(main.parameters ?? {}));
  for (const o of Object.keys(ui.parameters?.outputs ?? {})) if (!params.has(o)) out.push(diag(file, 0, 0, 'UI002', `output '${o}' is not a parameter of ${mainFile}`));
  for (const [p, def] of Object.entries<Json>(main.parameters ?? {})) {
    if (def.defaultValue === undefined && !(p in (ui.parameters?.outputs ?? {}))) out.push(diag(mainFile, 0, 0, 'UI003', `parameter '${p}' has no default and createUiDefinition does not output it`));
  }
  return out;
}
