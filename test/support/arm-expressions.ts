/**
 * The fake ARM server's template evaluator: the subset of ARM template functions our standalone templates use
 * (parameters, variables, concat, format, resourceId, resourceGroup(), subscription(), toLower, guid), so the server
 * can create the resources a deployment declares. Anything else fails the deployment (InvalidTemplate), loudly.
 * Test support only: the product never evaluates templates, ARM does.
 */
import { createHash } from 'node:crypto';

export interface EvalScope {
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  parameters: Record<string, unknown>;
  variables: Record<string, unknown>;
}

export class TemplateError extends Error {}

type Tok = { t: 'id' | 'str' | 'num' | 'p'; v: string };

function tokenize(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const ch = s[i]!;
    if (/\s/.test(ch)) { i++; continue; }
    if (ch === "'") {
      let v = '';
      i++;
      for (;;) {
        if (i >= s.length) throw new TemplateError(`unterminated string in ${s}`);
        if (s[i] === "'" && s[i + 1] === "'") { v += "'"; i += 2; continue; }
        if (s[i] === "'") { i++; break; }
        v += s[i++];
      }
      out.push({ t: 'str', v });
      continue;
    }
    if (/[0-9-]/.test(ch)) { const m = /^-?\d+/.exec(s.slice(i))!; out.push({ t: 'num', v: m[0] }); i += m[0].length; continue; }
    if (/[A-Za-z_]/.test(ch)) { const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i))!; out.push({ t: 'id', v: m[0] }); i += m[0].length; continue; }
    if ('(),.[]'.includes(ch)) { out.push({ t: 'p', v: ch }); i++; continue; }
    throw new TemplateError(`unexpected '${ch}' in ${s}`);
  }
  return out;
}

export function evaluateExpression(text: string, scope: EvalScope): unknown {
  const toks = tokenize(text);
  let pos = 0;
  const peek = () => toks[pos];
  const eat = (v?: string) => { const t = toks[pos++]; if (!t || (v && t.v !== v)) throw new TemplateError(`expected ${v ?? 'token'} in ${text}`); return t; };
  const primary = (): unknown => {
    const t = eat();
    if (t.t === 'str') return t.v;
    if (t.t === 'num') return Number(t.v);
    if (t.t !== 'id') throw new TemplateError(`unexpected '${t.v}' in ${text}`);
    eat('(');
    const args: unknown[] = [];
    if (peek()?.v !== ')') { args.push(expr()); while (peek()?.v === ',') { eat(','); args.push(expr()); } }
    eat(')');
    return call(t.v, args);
  };
  const expr = (): unknown => {
    let v = primary();
    for (;;) {
      if (peek()?.v === '.') { eat('.'); const k = eat().v; v = (v as Record<string, unknown>)?.[k]; continue; }
      if (peek()?.v === '[') { eat('['); const k = expr(); eat(']'); v = (v as Record<string, unknown>)?.[String(k)]; continue; }
      return v;
    }
  };
  const call = (name: string, args: unknown[]): unknown => {
    switch (name.toLowerCase()) {
      case 'parameters': { const k = String(args[0]); if (!(k in scope.parameters)) throw new TemplateError(`parameter '${k}' is not defined`); return scope.parameters[k]; }
      case 'variables': { const k = String(args[0]); if (!(k in scope.variables)) throw new TemplateError(`variable '${k}' is not defined`); return scope.variables[k]; }
      case 'concat': return args.every(Array.isArray) ? (args as unknown[][]).flat() : args.map(String).join('');
      case 'format': return String(args[0]).replace(/\{(\d+)\}/g, (_, n) => String(args[Number(n) + 1]));
      case 'tolower': return String(args[0]).toLowerCase();
      case 'toupper': return String(args[0]).toUpperCase();
      case 'guid': { const h = createHash('sha1').update(args.map(String).join('|')).digest('hex'); return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`; }
      case 'uniquestring': return createHash('sha1').update(args.map(String).join('|')).digest('hex').slice(0, 13);
      case 'resourcegroup': return { name: scope.resourceGroup, location: scope.location, id: `/subscriptions/${scope.subscriptionId}/resourceGroups/${scope.resourceGroup}` };
      case 'subscription': return { subscriptionId: scope.subscriptionId, id: `/subscriptions/${scope.subscriptionId}` };
      case 'resourceid': {
        const [type, ...names] = args.map(String);
        const segs = type!.split('/');
        let path = `${segs[0]}/${segs[1]}/${names[0]}`;
        for (let i = 2; i < segs.length; i++) path += `/${segs[i]}/${names[i - 1]}`;
        return `/subscriptions/${scope.subscriptionId}/resourceGroups/${scope.resourceGroup}/providers/${path}`;
      }
      case 'json': return JSON.parse(String(args[0]));
      default: throw new TemplateError(`template function '${name}' is not supported by the fake ARM server`);
    }
  };
  const v = expr();
  if (pos !== toks.length) throw new TemplateError(`trailing tokens in ${text}`);
  return v;
}

/** Evaluates every `[...]` string in a value (objects and arrays recursively); `[[` is an escaped literal. */
export function evaluateValue(v: unknown, scope: EvalScope): unknown {
  if (typeof v === 'string') {
    if (v.startsWith('[[')) return v.slice(1);
    if (v.startsWith('[') && v.endsWith(']')) return evaluateExpression(v.slice(1, -1), scope);
    return v;
  }
  if (Array.isArray(v)) return v.map((x) => evaluateValue(x, scope));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, evaluateValue(x, scope)]));
  return v;
}
