/**
 * Reference resolution, scope by scope: every parameters('x') and variables('x') an expression uses must be
 * declared in the template scope that evaluates it. The outer template evaluates its own expressions and the
 * unescaped `[...]` strings of outer-scope nested templates (a contentTemplate's `properties.mainTemplate`, a
 * deployment without `expressionEvaluationOptions.scope: inner`); the nested template, once stored, evaluates what
 * the escaping left (`[[x]` -> `[x]`) against its own parameters and variables. An unescaped playbook expression
 * in a contentTemplate, or a reference to a variable the nested template does not declare, is caught here.
 */
import { ArmExpressionError, isExpression, parseExpression, references, type ArmExpr } from './expression.js';
import type { Finding, Json } from './template-file.js';
import type { PathSeg } from '../../content/yaml-doc.js';

export const REFERENCE_CHECK = 'ARM-References-Must-Resolve';

interface Scope { label: string; parameters: Set<string>; variables: Set<string> }

function scopeOf(t: Json, label: string): Scope {
  const vars = new Set<string>(Object.keys(t?.variables ?? {}).filter((k) => k !== 'copy'));
  for (const c of Array.isArray(t?.variables?.copy) ? t.variables.copy : []) if (typeof c?.name === 'string') vars.add(c.name);
  return { label, parameters: new Set(Object.keys(t?.parameters ?? {})), variables: vars };
}

const isContentTemplate = (r: Json) => typeof r?.type === 'string' && /\/contentTemplates$/i.test(r.type);
const isDeployment = (r: Json) => typeof r?.type === 'string' && /^Microsoft\.Resources\/deployments$/i.test(r.type);
const innerScoped = (r: Json) => String(r?.properties?.expressionEvaluationOptions?.scope ?? '').toLowerCase() === 'inner';

/** Where a resource keeps a template of its own, and whether the outer template evaluates its strings. */
function nestedTemplateOf(r: Json): { key: 'mainTemplate' | 'template'; outerEvaluated: boolean } | undefined {
  if (isContentTemplate(r) && r.properties?.mainTemplate) return { key: 'mainTemplate', outerEvaluated: true };
  if (isDeployment(r) && r.properties?.template) return { key: 'template', outerEvaluated: !innerScoped(r) };
  return undefined;
}

/** Evaluate what the outer template can evaluate statically (concat of string literals), else undefined. */
function constantValue(e: ArmExpr): string | undefined {
  if (e.kind === 'string') return e.value;
  if (e.kind === 'call' && e.name.toLowerCase() === 'concat') {
    const parts = e.args.map(constantValue);
    return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
  }
  return undefined;
}

/** The nested template as the outer deployment stores it: `[[x]` -> `[x]`, outer expressions -> their values. */
export function deployedForm(v: Json): Json {
  if (typeof v === 'string') {
    if (v.startsWith('[[')) return v.slice(1);
    if (isExpression(v)) {
      try { return constantValue(parseExpression(v)) ?? '(evaluated at install)'; } catch { return '(evaluated at install)'; }
    }
    return v;
  }
  if (Array.isArray(v)) return v.map(deployedForm);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deployedForm(x)]));
  return v;
}

function checkExpression(s: string, path: PathSeg[], scope: Scope, inParameters: boolean, out: Finding[]): void {
  let e: ArmExpr;
  try { e = parseExpression(s); } catch (err) {
    out.push({ check: REFERENCE_CHECK, path, message: `${scope.label}: invalid expression ${JSON.stringify(s.length > 120 ? s.slice(0, 120) + '…' : s)}: ${(err as ArmExpressionError).message}` });
    return;
  }
  for (const r of references(e)) {
    if (r.name === undefined) { out.push({ check: REFERENCE_CHECK, path, message: `${scope.label}: ${r.fn}() with a computed name cannot be resolved statically` }); continue; }
    if (r.fn === 'variables' && inParameters) out.push({ check: REFERENCE_CHECK, path, message: `${scope.label}: variables('${r.name}') cannot be used in the parameters section` });
    const declared = r.fn === 'parameters' ? scope.parameters : scope.variables;
    if (!declared.has(r.name)) out.push({ check: REFERENCE_CHECK, path, message: `${scope.label}: ${r.fn}('${r.name}') is not declared in this template's ${r.fn}` });
  }
}

/** Walks strings evaluated in `scope`; nested templates are handed to `onNested`. */
function walk(v: Json, path: PathSeg[], scope: Scope, inParameters: boolean, out: Finding[], onNested: (t: Json, path: PathSeg[], outerEvaluated: boolean) => void): void {
  if (typeof v === 'string') { if (isExpression(v)) checkExpression(v, path, scope, inParameters, out); return; }
  if (Array.isArray(v)) { v.forEach((x, i) => walk(x, [...path, i], scope, inParameters, out, onNested)); return; }
  if (!v || typeof v !== 'object') return;
  const nested = nestedTemplateOf(v);
  for (const [k, x] of Object.entries(v)) {
    if (nested && k === 'properties' && x && typeof x === 'object') {
      for (const [pk, px] of Object.entries(x as Record<string, Json>)) {
        const p = [...path, 'properties', pk];
        if (pk === nested.key) {
          if (nested.outerEvaluated) walk(px, p, scope, false, out, () => { /* stored templates: their own strings are checked below */ });
          onNested(px, p, nested.outerEvaluated);
        } else walk(px, p, scope, false, out, onNested);
      }
      continue;
    }
    walk(x, [...path, k], scope, inParameters, out, onNested);
  }
}

/** Check a template and, recursively, every nested template scope. */
export function checkReferences(t: Json, path: PathSeg[] = [], label = 'template'): Finding[] {
  const out: Finding[] = [];
  const scope = scopeOf(t, label);
  const onNested = (nt: Json, p: PathSeg[], outerEvaluated: boolean) => {
    const name = `nested template at ${p.filter((x) => typeof x !== 'number' || true).join('.')}`;
    out.push(...checkReferences(outerEvaluated ? deployedForm(nt) : nt, p, name));
  };
  for (const [k, v] of Object.entries(t ?? {})) walk(v, [...path, k], scope, k === 'parameters', out, onNested);
  return out;
}
