/** Workflow definition shapes and the walk over nested action containers (If, Foreach, Until, Switch, Scope). */
export interface Action {
  type: string; runAfter?: Record<string, string[]>; inputs?: unknown; expression?: unknown;
  actions?: Record<string, Action>; else?: { actions?: Record<string, Action> };
  cases?: Record<string, { case: unknown; actions?: Record<string, Action> }>; default?: { actions?: Record<string, Action> };
  foreach?: unknown; limit?: { count?: number; timeout?: string }; runtimeConfiguration?: unknown; description?: string;
}
export interface Definition { triggers?: Record<string, { type: string; inputs?: unknown }>; actions?: Record<string, Action>; parameters?: Record<string, unknown>; outputs?: unknown }

export interface ActionScope { path: string[]; actions: Record<string, Action>; owner?: string; loops: string[] }

/** Every action container with its path ('actions', 'If.else', ...) and the foreach loops enclosing it. */
export function scopes(def: Definition): ActionScope[] {
  const out: ActionScope[] = [];
  const visit = (actions: Record<string, Action> | undefined, path: string[], owner: string | undefined, loops: string[]) => {
    if (!actions || typeof actions !== 'object') return;
    out.push({ path, actions, owner, loops });
    for (const [name, a] of Object.entries(actions)) {
      const inner = a?.type === 'Foreach' ? [...loops, name] : loops;
      visit(a?.actions, [...path, name, 'actions'], name, inner);
      if (a?.else) visit(a.else.actions, [...path, name, 'else', 'actions'], name, inner);
      for (const [k, c] of Object.entries(a?.cases ?? {})) visit(c?.actions, [...path, name, 'cases', k, 'actions'], name, inner);
      if (a?.default) visit(a.default.actions, [...path, name, 'default', 'actions'], name, inner);
    }
  };
  visit(def.actions, ['actions'], undefined, []);
  return out;
}

export const CONTAINER_TYPES = new Set(['If', 'Foreach', 'Until', 'Switch', 'Scope']);
export const RUN_AFTER_STATUSES = new Set(['Succeeded', 'Failed', 'Skipped', 'TimedOut']);
