/**
 * Static checks of a playbook's workflow definition (inside its ARM template): one trigger of a known type; every
 * action of a known type; runAfter names sibling actions with valid statuses and the graph is acyclic; every
 * expression parses, calls known functions with a valid arity, and references existing actions (body/outputs/
 * actions), enclosing loops (items), definition parameters and initialized variables; every API connection an
 * action uses is in $connections and exists as a Microsoft.Web/connections resource; HTTP calls authenticate with
 * the managed identity, never with a secret in the template.
 */
import { calls, ExpressionError, lookupFunction, parseTemplate, type Expr } from './expressions.js';
import { CONTAINER_TYPES, RUN_AFTER_STATUSES, scopes, type Action, type Definition } from './workflow.js';

const ACTION_TYPES = new Set(['ApiConnection', 'ApiConnectionWebhook', 'Http', 'InitializeVariable', 'SetVariable', 'AppendToArrayVariable', 'AppendToStringVariable', 'IncrementVariable',
  'Compose', 'Query', 'Select', 'Table', 'ParseJson', 'Join', 'If', 'Foreach', 'Until', 'Switch', 'Scope', 'Terminate', 'Wait', 'Response']);
const TRIGGER_TYPES = new Set(['ApiConnectionWebhook', 'Request', 'Recurrence', 'ApiConnection']);

export interface PlaybookProblem { path: string; message: string }

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function validatePlaybook(template: any): PlaybookProblem[] {
  const out: PlaybookProblem[] = [];
  const seen = new Set<string>();
  const problem = (path: string, message: string) => { const k = `${path}\n${message}`; if (!seen.has(k)) { seen.add(k); out.push({ path, message }); } };
  const resources: { type?: string; name?: string; properties?: { definition?: Definition; parameters?: { $connections?: { value?: Record<string, { connectionId?: string }> } } } }[] = Array.isArray(template?.resources) ? template.resources : [];
  const wf = resources.find((r) => String(r.type).toLowerCase() === 'microsoft.logic/workflows');
  if (!wf?.properties?.definition) { problem('resources', 'no Microsoft.Logic/workflows resource with a definition'); return out; }
  const def = wf.properties.definition;
  const connections = wf.properties.parameters?.$connections?.value ?? {};
  const connectionResources = new Set(resources.filter((r) => String(r.type).toLowerCase() === 'microsoft.web/connections').map((r) => String(r.name)));
  for (const [k, c] of Object.entries(connections)) {
    const m = /^\[resourceId\('Microsoft\.Web\/connections',\s*(.+)\)\]$/i.exec(String(c?.connectionId ?? ''));
    if (!m || !connectionResources.has(`[${m[1]!.trim()}]`)) problem(`$connections.${k}`, `connection '${k}' does not point at a Microsoft.Web/connections resource of this template (connectionId ${c?.connectionId})`);
  }
  if (!def.parameters?.$connections) problem('definition.parameters', "the definition declares no '$connections' parameter");

  const triggers = Object.entries(def.triggers ?? {});
  if (triggers.length !== 1) problem('definition.triggers', `a playbook has exactly one trigger (found ${triggers.length})`);
  for (const [name, t] of triggers) if (!TRIGGER_TYPES.has(t?.type)) problem(`triggers.${name}`, `unknown trigger type '${t?.type}'`);

  // Names of all actions (they are unique across the whole workflow), foreach loops, variables.
  const all = new Map<string, { action: Action; path: string }>();
  const sc = scopes(def);
  for (const s of sc) for (const [name, a] of Object.entries(s.actions)) {
    if (all.has(name)) problem(`${s.path.join('.')}.${name}`, `action name '${name}' is used twice`);
    all.set(name, { action: a, path: `${s.path.join('.')}.${name}` });
  }
  // Where each action lives: its scope's actions and its container, to check that a referenced action has run.
  const home = new Map<string, { scope: Record<string, Action>; owner?: string }>();
  for (const s of sc) for (const n of Object.keys(s.actions)) home.set(n, { scope: s.actions, owner: s.owner });
  const ancestors = (scope: Record<string, Action>, n: string): Set<string> => {
    const out = new Set<string>(); const stack = Object.keys(scope[n]?.runAfter ?? {});
    while (stack.length) { const t = stack.pop()!; if (out.has(t) || !scope[t]) continue; out.add(t); stack.push(...Object.keys(scope[t]!.runAfter ?? {})); }
    return out;
  };
  const chain = (n: string): string[] => { const c = [n]; let o = home.get(n)?.owner; while (o) { c.push(o); o = home.get(o)?.owner; } return c; };
  /** True when `target` has finished before `from` runs: some container of target runs before some container of from in a shared scope, or target contains from. */
  const ranBefore = (target: string, from: string): boolean => {
    const fromChain = chain(from);
    if (fromChain.includes(target)) return true;
    for (const x of chain(target)) for (const a of fromChain) { const h = home.get(a); if (h && h.scope === home.get(x)?.scope && ancestors(h.scope, a).has(x)) return true; }
    return false;
  };
  const variables = new Set<string>();
  for (const { action } of all.values()) if (action.type === 'InitializeVariable') for (const v of ((action.inputs as { variables?: { name: string }[] })?.variables ?? [])) variables.add(v.name);

  for (const s of sc) {
    const names = Object.keys(s.actions);
    for (const [name, a] of Object.entries(s.actions)) {
      const at = `${s.path.join('.')}.${name}`;
      if (!ACTION_TYPES.has(a?.type)) problem(at, `unknown action type '${a?.type}'`);
      if (a?.type === 'Until' && (!a.limit?.count || !a.limit?.timeout)) problem(at, 'an Until loop needs limit.count and limit.timeout (bounded)');
      if (a?.type === 'InitializeVariable' && s.path.length > 1) problem(at, 'variables can only be initialized at the top level of the workflow');
      for (const [target, statuses] of Object.entries(a?.runAfter ?? {})) {
        if (!names.includes(target)) problem(`${at}.runAfter`, `runs after '${target}', which is not an action of the same scope`);
        for (const st of statuses ?? []) if (!RUN_AFTER_STATUSES.has(st)) problem(`${at}.runAfter.${target}`, `status '${st}' is not one of ${[...RUN_AFTER_STATUSES].join(', ')}`);
      }
      // Expressions in this action's own fields (not its children, which are visited as their own scope).
      const own: Record<string, unknown> = { ...a };
      delete own.actions; delete own.else; delete own.cases; delete own.default;
      // Select, Query and Table evaluate their inputs once per item of `from`: item() is valid there.
      const itemLoops = ['Select', 'Query', 'Table'].includes(a?.type) ? [...s.loops, name] : s.loops;
      walkStrings(own, at, (path, value) => checkExpressions(value, path, path.startsWith(`${at}.inputs.from`) ? s.loops : itemLoops, all, variables, def, problem, (target) => ranBefore(target, name)));
      if (a?.type === 'Http') {
        const auth = (a.inputs as { authentication?: { type?: string } })?.authentication;
        if (auth?.type !== 'ManagedServiceIdentity') problem(at, `HTTP action must authenticate with the managed identity (authentication.type ManagedServiceIdentity), found ${auth?.type ?? 'none'}`);
      }
      const conn = (a?.inputs as { host?: { connection?: { name?: string } } })?.host?.connection?.name;
      if (typeof conn === 'string') {
        const m = /^@parameters\('\$connections'\)\['([^']+)'\]\['connectionId'\]$/.exec(conn);
        if (!m) problem(`${at}.inputs.host.connection.name`, `connection reference '${conn}' is not @parameters('$connections')['<name>']['connectionId']`);
        else if (!(m[1]! in connections)) problem(`${at}.inputs.host.connection.name`, `connection '${m[1]}' is not in $connections`);
      }
    }
    // runAfter graph of this scope is acyclic.
    const state = new Map<string, number>();
    const visit = (n: string, stack: string[]): void => {
      if (state.get(n) === 2) return;
      if (state.get(n) === 1) { problem(`${s.path.join('.')}.${n}`, `runAfter cycle: ${[...stack, n].join(' -> ')}`); return; }
      state.set(n, 1);
      for (const t of Object.keys(s.actions[n]?.runAfter ?? {})) if (s.actions[t]) visit(t, [...stack, n]);
      state.set(n, 2);
    };
    for (const n of names) visit(n, []);
  }
  for (const [name, t] of triggers) walkStrings(t, `triggers.${name}`, (path, value) => checkExpressions(value, path, [], all, variables, def, problem, () => false));
  return out;
}

function walkStrings(v: unknown, path: string, visit: (path: string, value: string) => void): void {
  if (typeof v === 'string') visit(path, v);
  else if (Array.isArray(v)) v.forEach((x, i) => walkStrings(x, `${path}[${i}]`, visit));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walkStrings(x, `${path}.${k}`, visit);
}

function checkExpressions(value: string, path: string, loops: string[], all: Map<string, unknown>, variables: Set<string>, def: Definition, problem: (p: string, m: string) => void, hasRun: (action: string) => boolean): void {
  if (!value.includes('@')) return;
  let parts;
  try { parts = parseTemplate(value); } catch (e) { if (e instanceof ExpressionError) { problem(path, `expression does not parse: ${e.message}`); return; } throw e; }
  for (const p of parts) {
    if (p.kind !== 'expr') continue;
    for (const c of calls(p.expr)) {
      const fn = lookupFunction(c.name);
      if (!fn) { problem(path, `unknown function ${c.name}() in '${p.source}'`); continue; }
      if (c.args.length < fn.min || c.args.length > fn.max) problem(path, `${c.name}() takes ${fn.min === fn.max ? fn.min : `${fn.min}-${fn.max}`} argument(s), got ${c.args.length}`);
      const lit = (e: Expr | undefined) => (e?.kind === 'literal' && typeof e.value === 'string' ? e.value : undefined);
      const name = lit(c.args[0]);
      const lower = c.name.toLowerCase();
      if (['body', 'outputs', 'actions'].includes(lower) && name !== undefined) {
        if (!all.has(name)) problem(path, `${c.name}('${name}') references an action that does not exist`);
        else if (!hasRun(name)) problem(path, `${c.name}('${name}') references an action that is not guaranteed to have run first (add it, or an action after it, to runAfter)`);
      }
      if (lower === 'items' && name !== undefined && !loops.includes(name)) problem(path, `items('${name}') is used outside the foreach loop '${name}'`);
      if (lower === 'item' && !loops.length) problem(path, 'item() is used outside a foreach loop');
      if (lower === 'parameters' && name !== undefined && !(name in (def.parameters ?? {}))) problem(path, `parameters('${name}') is not a parameter of the workflow definition`);
      if (lower === 'variables' && name !== undefined && !variables.has(name)) problem(path, `variables('${name}') is never initialized`);
    }
  }
}

export { CONTAINER_TYPES };
