/**
 * A small interpreter of the workflow control flow, to run a playbook on a sample trigger payload with stubbed
 * connector and HTTP responses and record every outbound call. Semantics follow the Logic Apps workflow
 * definition language: actions of a scope run when every runAfter target finished with an allowed status (else
 * they are Skipped, which propagates); If/Switch/Foreach (sequential)/Until (bounded by limit.count; Wait advances a
 * simulated clock checked against limit.timeout)/Scope nest; conditions use the designer's object form
 * ({and:[{equals:[a,b]}]}) or an expression string. Webhook actions (approvals) resolve with the stub's answer,
 * or time out when the stub says so, and then their status is TimedOut.
 */
import { evaluateValue, truthyValue, type EvalContext } from './expressions.js';
import type { Action, Definition } from './workflow.js';

export interface OutboundCall { action: string; type: string; method: string; target: string; body: unknown; connection?: string; iteration?: unknown }
export interface StubResponse { status?: number; body?: unknown; timedOut?: boolean }
export type Stub = (call: OutboundCall) => StubResponse | undefined;
export interface ActionRun { status: 'Succeeded' | 'Failed' | 'Skipped' | 'TimedOut'; inputs?: unknown; outputs?: unknown; body?: unknown; error?: string; iterations?: number; limitReached?: boolean }
export interface SimulationResult { status: string; calls: OutboundCall[]; actions: Map<string, ActionRun>; trace: string[]; variables: Map<string, unknown> }
export interface SimulationOptions { trigger: { body: unknown; headers?: Record<string, string> }; parameters?: Record<string, unknown>; stub: Stub; now?: string; maxSteps?: number }

class Terminated extends Error { constructor(readonly status: string) { super(`terminated: ${status}`); } }

const ISO_DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
function durationMs(iso: string): number {
  const m = ISO_DURATION.exec(iso);
  if (!m) throw new Error(`'${iso}' is not an ISO 8601 duration`);
  return ((Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 60_000 + Number(m[4] ?? 0) * 1000;
}

function htmlTable(rows: Record<string, unknown>[]): string {
  const esc = (s: unknown) => String(s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const heads = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cells = (r: Record<string, unknown>) => heads.map((h) => r[h]);
  return `<table><thead><tr>${heads.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${cells(r).map((v) => `<td>${esc(typeof v === 'object' && v !== null ? JSON.stringify(v) : v)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

export function simulate(def: Definition, opts: SimulationOptions): SimulationResult {
  const actions = new Map<string, ActionRun>();
  const variables = new Map<string, unknown>();
  const calls: OutboundCall[] = [];
  const trace: string[] = [];
  const loopItems: { loop: string; item: unknown }[] = [];
  let clock = Date.parse(opts.now ?? '2026-11-20T12:00:00Z');
  let steps = 0;
  const maxSteps = opts.maxSteps ?? 10_000;
  const params = { ...Object.fromEntries(Object.entries(def.parameters ?? {}).map(([k, v]) => [k, (v as { defaultValue?: unknown })?.defaultValue])), ...(opts.parameters ?? {}) };

  const ctx: EvalContext = {
    trigger: { body: opts.trigger.body, outputs: { body: opts.trigger.body, headers: opts.trigger.headers ?? {} } },
    actionResult: (n) => actions.get(n),
    parameter: (n) => { if (!(n in params)) throw new Error(`parameter '${n}' has no value`); return params[n]; },
    variable: (n) => { if (!variables.has(n)) throw new Error(`variable '${n}' is not initialized`); return variables.get(n); },
    item: (loop) => { const f = loop ? [...loopItems].reverse().find((x) => x.loop === loop) : loopItems[loopItems.length - 1]; if (!f) throw new Error(`no enclosing foreach${loop ? ` '${loop}'` : ''}`); return f.item; },
    now: () => new Date(clock),
    callbackUrl: 'https://prod-00.westeurope.logic.azure.com/workflows/simulated/runs/callback',
  };
  const ev = (v: unknown) => evaluateValue(v, ctx);

  const condition = (c: unknown): boolean => {
    if (typeof c === 'string' || typeof c === 'boolean') return truthyValue(ev(c));
    const [op, arg] = Object.entries(c as Record<string, unknown>)[0] ?? [];
    const args = arg as unknown[];
    switch (op) {
      case 'and': return args.every(condition);
      case 'or': return args.some(condition);
      case 'not': return !condition(arg);
      case 'equals': { const [a, b] = args.map(ev); return JSON.stringify(a) === JSON.stringify(b) || String(a) === String(b); }
      case 'greater': { const [a, b] = args.map(ev); return Number(a) > Number(b); }
      case 'less': { const [a, b] = args.map(ev); return Number(a) < Number(b); }
      case 'contains': { const [a, b] = args.map(ev); return Array.isArray(a) ? a.some((x) => JSON.stringify(x) === JSON.stringify(b)) : String(a).includes(String(b)); }
      default: throw new Error(`unsupported condition operator '${op}'`);
    }
  };

  const outbound = (name: string, a: Action, inputs: Record<string, unknown>): ActionRun => {
    const isHttp = a.type === 'Http';
    const conn = /\['([^']+)'\]\['connectionId'\]/.exec(String((a.inputs as { host?: { connection?: { name?: string } } })?.host?.connection?.name ?? ''))?.[1];
    const target = isHttp ? String(inputs.uri) : String(inputs.path ?? '');
    const call: OutboundCall = { action: name, type: a.type, method: String(inputs.method ?? (a.type === 'ApiConnectionWebhook' ? 'subscribe' : 'get')).toUpperCase(), target, body: inputs.body, connection: conn };
    if (loopItems.length) call.iteration = loopItems[loopItems.length - 1]!.item;
    calls.push(call);
    const r = opts.stub(call);
    if (!r) return { status: 'Failed', inputs, error: `no stub answers ${call.method} ${target} (${name})` };
    if (r.timedOut) return { status: 'TimedOut', inputs, error: 'the webhook was not answered before the action timed out' };
    const status = r.status ?? 200;
    const outputs = { statusCode: status, body: r.body ?? null, headers: {} };
    return { status: status >= 400 ? 'Failed' : 'Succeeded', inputs, outputs, body: r.body ?? null };
  };

  const runAction = (name: string, a: Action): ActionRun => {
    if (++steps > maxSteps) throw new Error(`simulation exceeded ${maxSteps} steps`);
    trace.push(name);
    try {
      switch (a.type) {
        case 'ApiConnection': case 'ApiConnectionWebhook': case 'Http': {
          // The connection (host) is resolved by the stub from its name; the rest of the inputs is evaluated.
          const { host: _host, ...rest } = (a.inputs ?? {}) as Record<string, unknown>;
          return outbound(name, a, ev(rest) as Record<string, unknown>);
        }
        case 'Compose': { const o = ev(a.inputs); return { status: 'Succeeded', outputs: o, body: o }; }
        case 'ParseJson': { const i = ev(a.inputs) as { content: unknown }; const o = typeof i.content === 'string' ? JSON.parse(i.content) : i.content; return { status: 'Succeeded', outputs: o, body: o }; }
        case 'InitializeVariable': for (const v of (a.inputs as { variables: { name: string; value?: unknown; type: string }[] }).variables) variables.set(v.name, v.value === undefined ? (v.type === 'array' ? [] : v.type === 'string' ? '' : v.type === 'integer' ? 0 : null) : ev(v.value)); return { status: 'Succeeded' };
        case 'SetVariable': { const i = ev(a.inputs) as { name: string; value: unknown }; variables.set(i.name, i.value); return { status: 'Succeeded' }; }
        case 'AppendToArrayVariable': { const i = ev(a.inputs) as { name: string; value: unknown }; (variables.get(i.name) as unknown[]).push(i.value); return { status: 'Succeeded' }; }
        case 'AppendToStringVariable': { const i = ev(a.inputs) as { name: string; value: unknown }; variables.set(i.name, String(variables.get(i.name) ?? '') + String(i.value ?? '')); return { status: 'Succeeded' }; }
        case 'IncrementVariable': { const i = ev(a.inputs) as { name: string; value?: number }; variables.set(i.name, Number(variables.get(i.name)) + Number(i.value ?? 1)); return { status: 'Succeeded' }; }
        case 'Query': case 'Select': case 'Table': {
          const raw = a.inputs as { from: unknown; where?: unknown; select?: unknown; columns?: { header: string; value: unknown }[] };
          const from = (ev(raw.from) ?? []) as unknown[];
          const mapped: unknown[] = [];
          for (const x of from) {
            loopItems.push({ loop: name, item: x });
            try {
              if (a.type === 'Query') { if (condition(raw.where!)) mapped.push(x); }
              else if (a.type === 'Select') mapped.push(ev(raw.select));
              else mapped.push(raw.columns ? { __cols: raw.columns.map((c) => ({ header: c.header, value: ev(c.value) })) } : x);
            } finally { loopItems.pop(); }
          }
          if (a.type !== 'Table') return { status: 'Succeeded', outputs: { body: mapped }, body: mapped };
          // "Create HTML table": automatic columns from the objects' keys, or the custom columns evaluated per item.
          const out = raw.columns
            ? htmlTable((mapped as { __cols: { header: string; value: unknown }[] }[]).map((r) => Object.fromEntries(r.__cols.map((c) => [c.header, c.value]))))
            : htmlTable(mapped as Record<string, unknown>[]);
          return { status: 'Succeeded', outputs: { body: out }, body: out };
        }
        case 'Join': { const i = ev(a.inputs) as { from: unknown[]; joinWith: string }; const o = i.from.map(String).join(i.joinWith); return { status: 'Succeeded', outputs: { body: o }, body: o }; }
        case 'If': return runScope(condition(a.expression) ? a.actions : a.else?.actions);
        case 'Switch': {
          const v = ev(a.expression);
          const hit = Object.values(a.cases ?? {}).find((c) => String(ev(c.case)) === String(v));
          return runScope(hit ? hit.actions : a.default?.actions);
        }
        case 'Scope': return runScope(a.actions);
        case 'Foreach': {
          const items = ev(a.foreach);
          if (!Array.isArray(items)) return { status: 'Failed', error: `foreach over a non-array (${typeof items})` };
          let status: ActionRun['status'] = 'Succeeded';
          for (const it of items) {
            loopItems.push({ loop: name, item: it });
            try { const r = runScope(a.actions); if (r.status === 'Failed' || r.status === 'TimedOut') status = 'Failed'; } finally { loopItems.pop(); }
          }
          return { status, iterations: items.length };
        }
        case 'Until': {
          const count = Number(a.limit?.count ?? 60), timeout = durationMs(String(a.limit?.timeout ?? 'PT1H'));
          const started = clock;
          let i = 0, status: ActionRun['status'] = 'Succeeded';
          for (;;) {
            const r = runScope(a.actions); i++;
            if (r.status === 'Failed') { status = 'Failed'; break; }
            if (condition(a.expression)) return { status, iterations: i };
            if (i >= count || clock - started >= timeout) return { status, iterations: i, limitReached: true };
          }
          return { status, iterations: i };
        }
        case 'Wait': { const i = ev(a.inputs) as { interval?: { count: number; unit: string } }; const unit = { Second: 1000, Minute: 60_000, Hour: 3_600_000, Day: 86_400_000 }[i.interval?.unit ?? 'Minute'] ?? 60_000; clock += Number(i.interval?.count ?? 1) * unit; return { status: 'Succeeded' }; }
        case 'Terminate': { const i = a.inputs as { runStatus?: string }; throw new Terminated(i?.runStatus ?? 'Succeeded'); }
        case 'Response': return { status: 'Succeeded' };
        default: return { status: 'Failed', error: `the simulator does not run action type ${a.type}` };
      }
    } catch (e) {
      if (e instanceof Terminated) throw e;
      return { status: 'Failed', error: (e as Error).message };
    }
  };

  /** Runs one scope's actions in runAfter order; the scope fails when an action failed and nothing handled it. */
  const runScope = (scope: Record<string, Action> | undefined): ActionRun => {
    const names = Object.keys(scope ?? {});
    const done = new Set<string>();
    let failed = false;
    while (done.size < names.length) {
      const ready = names.find((n) => !done.has(n) && Object.keys(scope![n]!.runAfter ?? {}).every((t) => done.has(t)));
      if (!ready) throw new Error(`runAfter deadlock among ${names.filter((n) => !done.has(n)).join(', ')}`);
      const a = scope![ready]!;
      const deps = Object.entries(a.runAfter ?? {});
      const allowed = deps.every(([t, st]) => (st ?? ['Succeeded']).includes(actions.get(t)!.status));
      const r: ActionRun = allowed ? runAction(ready, a) : { status: 'Skipped' };
      actions.set(ready, r);
      done.add(ready);
      if (r.status === 'Failed' || r.status === 'TimedOut') failed = true;
    }
    // A failure is handled when some action ran after it on a non-success status.
    const handled = (n: string) => names.some((m) => (scope![m]!.runAfter?.[n] ?? []).some((s) => s !== 'Succeeded') && actions.get(m)!.status !== 'Skipped');
    const unhandled = names.filter((n) => ['Failed', 'TimedOut'].includes(actions.get(n)!.status) && !handled(n));
    return { status: failed && unhandled.length ? 'Failed' : 'Succeeded', error: unhandled.map((n) => `${n}: ${actions.get(n)!.error ?? actions.get(n)!.status}`).join('; ') || undefined };
  };

  let status = 'Succeeded';
  try { status = runScope(def.actions).status; } catch (e) { if (e instanceof Terminated) status = e.status; else throw e; }
  return { status, calls, actions, trace, variables };
}
