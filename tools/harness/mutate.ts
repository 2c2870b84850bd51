/**
 * Mutation self-check: a rule's tests must notice when its logic breaks. For each rule, the first `where`
 * predicate (found in the bound syntax tree) is negated (`not(...)`) and, separately, dropped (`where true`);
 * a mutation under which every case still passes "survives".
 */
import { kusto } from '../kusto/language.js';
import { projectGlobals } from '../kusto/globals.js';
import { elems, kindName } from '../kql/compile/syntax.js';
import type { Suite, SuiteEntry } from './suite.js';
import { runEntries } from './suite.js';

export interface Mutation { name: 'negate-first-where' | 'drop-first-where'; query: string }
export interface MutationOutcome { entry: SuiteEntry; mutation: string; killed: boolean; detail: string }

/** The first FilterOperator's condition span, in document order. */
export function firstWhere(query: string): { start: number; end: number } | undefined {
  const code = kusto().KustoCode.ParseAndAnalyze(query, projectGlobals());
  let found: { start: number; end: number } | undefined;
  const walk = (n: { Kind: number; ChildCount: number; GetChild: (i: number) => unknown; Condition?: { TextStart: number; Width: number }; IsToken?: boolean } | null) => {
    if (!n || found || n.IsToken) return;
    if (kindName(n) === 'FilterOperator' && n.Condition) { found = { start: n.Condition.TextStart, end: n.Condition.TextStart + n.Condition.Width }; return; }
    for (let i = 0; i < n.ChildCount; i++) walk(n.GetChild(i) as typeof n);
  };
  walk(code.Syntax);
  void elems;
  return found;
}

export function mutations(query: string): Mutation[] {
  const w = firstWhere(query);
  if (!w) return [];
  const cond = query.slice(w.start, w.end);
  return [
    { name: 'negate-first-where', query: query.slice(0, w.start) + `not(${cond})` + query.slice(w.end) },
    { name: 'drop-first-where', query: query.slice(0, w.start) + 'true' + query.slice(w.end) },
  ];
}

export function mutationCheck(suite: Suite, entries: SuiteEntry[]): MutationOutcome[] {
  const out: MutationOutcome[] = [];
  for (const e of entries) {
    const q = e.item.query ?? '';
    const ms = mutations(q);
    if (!ms.length) { out.push({ entry: e, mutation: 'none', killed: false, detail: 'query has no where operator to mutate' }); continue; }
    for (const m of ms) {
      const results = runEntries(suite, [e], {}, () => m.query);
      const failed = results.filter((r) => !r.passed);
      out.push({ entry: e, mutation: m.name, killed: failed.length > 0, detail: failed.length ? `killed by "${failed[0]!.testCase.name}"` : `all ${results.length} case(s) still pass` });
    }
  }
  return out;
}
