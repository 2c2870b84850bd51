/** Rejects values in the targets file that look like credentials (patterns are data: tools/schemas/targets/secret-patterns.json). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOOLS_DATA } from '../util/paths.js';

interface PatternSpec { id: string; description: string; regex: string; flags?: string }
interface SecretPatterns { valuePatterns: PatternSpec[]; keyPattern: PatternSpec }

let loaded: { values: { spec: PatternSpec; re: RegExp }[]; key: { spec: PatternSpec; re: RegExp } } | undefined;

function patterns() {
  if (!loaded) {
    const p = JSON.parse(readFileSync(join(TOOLS_DATA.schemas, 'targets', 'secret-patterns.json'), 'utf8')) as SecretPatterns;
    loaded = {
      values: p.valuePatterns.map((spec) => ({ spec, re: new RegExp(spec.regex, spec.flags ?? '') })),
      key: { spec: p.keyPattern, re: new RegExp(p.keyPattern.regex, p.keyPattern.flags ?? '') },
    };
  }
  return loaded;
}

export interface SecretFinding { id: string; description: string }

/** The first pattern a scalar value matches, if any. */
export function secretInValue(value: string): SecretFinding | undefined {
  for (const { spec, re } of patterns().values) if (re.test(value)) return { id: spec.id, description: spec.description };
  return undefined;
}

/** A key whose last dotted segment is named like a secret (clientSecret, password, apiKey ...). */
export function secretKeyName(key: string): SecretFinding | undefined {
  const { spec, re } = patterns().key;
  const last = key.split('.').pop() ?? key;
  return re.test(last) ? { id: spec.id, description: spec.description } : undefined;
}
