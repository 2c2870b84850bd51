/**
 * The nested-template escaping step. ARM evaluates every `[...]` string of a resource's `properties` in the
 * deploying template's scope, including the `mainTemplate` a contentTemplate stores for Content Hub. An item's own
 * template (a playbook's parameters('PlaybookName'), its variables) must therefore reach the stored template
 * unevaluated: every one of its expressions is written `[[...]` (ARM drops one `[`), exactly as the official
 * packager does. Values the package binds at install time (the workspace name, the metadata resource's ids) are
 * marked with `outer()` and are the only expressions left for the outer template to evaluate.
 *
 * `escapeNested` is the one step applied to all nested content; kind packagers never write `[[` themselves.
 */

import { escapeExpression } from './expression.js';

/** An expression the deploying (outer) template evaluates when the solution is installed. */
export class OuterExpression {
  constructor(public readonly expression: string) {
    if (!/^\[.*\]$/s.test(expression) || expression.startsWith('[[')) throw new Error(`outer(): '${expression}' is not an expression`);
  }
  toJSON(): string { return this.expression; }
}

/** Mark `[expr]` as evaluated by the outer template at install time. */
export const outer = (expression: string): OuterExpression => new OuterExpression(expression);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/**
 * Returns a copy of nested content in which every expression is escaped for the outer template, and every
 * `outer()` value becomes the plain expression string. Applied once to the whole nested template.
 */
export function escapeNested(value: Json): Json {
  if (value instanceof OuterExpression) return value.expression;
  if (typeof value === 'string') return escapeExpression(value);
  if (Array.isArray(value)) return value.map(escapeNested);
  if (value && typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) out[k] = escapeNested(v);
    return out;
  }
  return value;
}

/** Copy of a JSON tree where `OuterExpression` markers become their strings (for templates that are not nested). */
export function resolveMarkers(value: Json): Json {
  if (value instanceof OuterExpression) return value.expression;
  if (Array.isArray(value)) return value.map(resolveMarkers);
  if (value && typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolveMarkers(v);
    return out;
  }
  return value;
}
