/**
 * extract_json / extractjson(jsonPath, dataSource [, typeof(T)]) (extract-json-function.md): a JSONPath accessor
 * into a JSON text, the value converted to T (string by default). Supported paths are the accessor forms the
 * reference's jsonpath.md lists for these functions: `$`, `.name`, `['name']` / `["name"]`, `[index]`; wildcards,
 * recursive descent and filters are refused by name.
 */
import { registerScalar, renamed, scalar, type Call } from '../registry.js';
import { KqlUnsupportedError } from '../errors.js';
import { convert } from './support.js';
import { valueToString } from '../compare.js';

type Step = string | number;

const pathCache = new Map<string, Step[]>();

export function parseJsonPath(path: string): Step[] {
  const hit = pathCache.get(path);
  if (hit) return hit;
  const p = path.trim();
  if (!p.startsWith('$')) throw new KqlUnsupportedError('JSONPath without the $ root', undefined, path);
  const steps: Step[] = [];
  let i = 1;
  while (i < p.length) {
    if (p[i] === '.') {
      if (p[i + 1] === '.' || p[i + 1] === '*') throw new KqlUnsupportedError(`JSONPath '${p[i]}${p[i + 1]}'`, undefined, path);
      const m = /^[^.[\]]+/.exec(p.slice(i + 1));
      if (!m) throw new KqlUnsupportedError('JSONPath', undefined, path);
      steps.push(m[0]); i += 1 + m[0].length;
    } else if (p[i] === '[') {
      const m = /^\[\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(-?\d+))\s*\]/.exec(p.slice(i));
      if (!m) throw new KqlUnsupportedError('JSONPath bracket form', undefined, path);
      steps.push(m[3] !== undefined ? Number(m[3]) : (m[1] ?? m[2])!);
      i += m[0].length;
    } else throw new KqlUnsupportedError('JSONPath', undefined, path);
  }
  if (pathCache.size > 1000) pathCache.clear();
  pathCache.set(path, steps);
  return steps;
}

function walk(value: unknown, steps: Step[]): unknown {
  let v = value;
  for (const s of steps) {
    if (v === null || typeof v !== 'object') return undefined;
    if (typeof s === 'number') { if (!Array.isArray(v)) return undefined; v = v[s < 0 ? v.length + s : s]; }
    else { if (Array.isArray(v)) return undefined; v = (v as Record<string, unknown>)[s]; }
  }
  return v;
}

const extractJson = scalar('extract_json(jsonPath: string, jsonText: string, type?: scalar): scalar',
  function extractJsonImpl(jsonPath: string, jsonText: string, _type: unknown, call: Call) {
    let doc: unknown;
    try { doc = JSON.parse(jsonText); } catch { return null; }
    const v = walk(doc, parseJsonPath(jsonPath));
    if (v === undefined || v === null) return null;
    const rt = call.resultType;
    if (rt === 'dynamic') return v;
    if (rt === 'string') return typeof v === 'string' ? v : valueToString('dynamic', v);
    return convert(rt, v, 'dynamic');
  });

registerScalar(extractJson, renamed(extractJson, 'extractjson'));
