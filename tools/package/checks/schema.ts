/** JSON Schema validation of emitted templates (tools/schemas/arm). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvModule, { type ValidateFunction } from 'ajv';
import { TOOLS_DATA } from '../../util/paths.js';
import type { Finding } from '../arm/template-file.js';
import type { Check } from './types.js';

const Ajv = (AjvModule as unknown as { default: typeof AjvModule }).default ?? AjvModule;
const ajv = new (Ajv as unknown as new (o: object) => { compile: (s: object) => ValidateFunction })({ allErrors: true, strict: false });
const compiled = new Map<string, ValidateFunction>();
function validator(name: string): ValidateFunction {
  let v = compiled.get(name);
  if (!v) { v = ajv.compile(JSON.parse(readFileSync(join(TOOLS_DATA.schemas, 'arm', name), 'utf8'))); compiled.set(name, v); }
  return v;
}

function schemaCheck(name: string, target: Check['target'], file: string): Check {
  return {
    name, target, rule: `validates against tools/schemas/arm/${file}`,
    run: (f) => {
      const v = validator(file);
      if (v(f.json)) return [];
      return (v.errors ?? []).map((e): Finding => ({ check: name, path: e.instancePath.split('/').slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~'))), message: `schema: ${e.instancePath || '/'} ${e.message}` }));
    },
  };
}

export const templateSchema = schemaCheck('ARM-Template-Schema', 'deploymentTemplate', 'deploymentTemplate.schema.json');
export const createUiSchema = schemaCheck('CreateUIDefinition-Schema', 'createUiDefinition', 'createUiDefinition.schema.json');
