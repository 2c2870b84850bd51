/** JSON Schema validation (ajv) of content documents, errors mapped to file positions. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import { TOOLS_DATA } from '../util/paths.js';
import { diag, type Diagnostic } from '../util/diagnostics.js';
import type { PathSeg } from '../content/yaml-doc.js';

export type SchemaName = 'analytic-rule' | 'hunting-query' | 'parser' | 'solution-data' | 'solution-metadata' | 'workbooks-metadata' | 'playbook' | 'summary-rule' | 'workbook';

// ajv's ESM typing exposes the class as default.default under NodeNext.
const Ajv = (AjvModule as unknown as { default: typeof AjvModule }).default ?? AjvModule;
const ajv = new (Ajv as unknown as new (o: object) => { compile: (s: object) => ValidateFunction })({ allErrors: true, strict: false });
const compiled = new Map<SchemaName, ValidateFunction>();

function validator(name: SchemaName): ValidateFunction {
  let v = compiled.get(name);
  if (!v) {
    v = ajv.compile(JSON.parse(readFileSync(join(TOOLS_DATA.schemas, 'content', `${name}.schema.json`), 'utf8')));
    compiled.set(name, v);
  }
  return v;
}

function pointerToPath(p: string): PathSeg[] {
  if (!p) return [];
  return p.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function message(e: ErrorObject): string {
  const where = e.instancePath ? `'${e.instancePath.slice(1).replace(/\//g, '.')}'` : 'document';
  switch (e.keyword) {
    case 'required': return `${where}: missing required field '${(e.params as { missingProperty: string }).missingProperty}'`;
    case 'enum': return `${where}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((x) => JSON.stringify(x)).join(', ')}`;
    case 'additionalProperties': return `${where}: unknown field '${(e.params as { additionalProperty: string }).additionalProperty}'`;
    case 'not': return `${where}: NRT rules must not set queryFrequency or queryPeriod`;
    default: return `${where}: ${e.message}`;
  }
}

/**
 * Validate `data` against a schema; `locate` maps a path to a 1-based position in the source file.
 * `code` prefixes the error code (e.g. RULE -> RULE-SCHEMA).
 */
export function schemaErrors(name: SchemaName, data: unknown, file: string, locate: (p: PathSeg[]) => { line: number; column: number }, code: string): Diagnostic[] {
  const v = validator(name);
  if (v(data)) return [];
  const errs = (v.errors ?? []).filter((e) => e.keyword !== 'if' && e.keyword !== 'allOf');
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const e of errs) {
    const path = pointerToPath(e.instancePath);
    if (e.keyword === 'required') path.push((e.params as { missingProperty: string }).missingProperty);
    const pos = locate(e.keyword === 'required' ? path.slice(0, -1) : path);
    const msg = message(e);
    if (seen.has(msg)) continue;
    seen.add(msg);
    out.push(diag(file, pos.line, pos.column, code, msg));
  }
  return out;
}
