/**
 * KQL semantic analysis with the official binder: diagnostics (offsets in the query), the output columns of the
 * query's result, and the database tables it reads. Reused by the validator, the harness and packaging.
 */
import { kusto, toArray } from '../kusto/language.js';
import { syntaxErrors } from '../kusto/syntax-errors.js';
import { typeOfSymbol } from '../kql/compile/type-map.js';
import type { ColumnSchema } from '../kql/types.js';

export interface QueryDiagnostic { code: string; message: string; start: number; length: number; severity: 'error' | 'warning' }
export interface QueryAnalysis { diagnostics: QueryDiagnostic[]; outputColumns: ColumnSchema[] | undefined; tablesRead: string[] }

/** Binding is the expensive step; validation and packaging analyse the same queries, so results are kept per globals. */
const memo = new WeakMap<object, Map<string, QueryAnalysis>>();

export function analyzeQuery(query: string, globals: unknown): QueryAnalysis {
  const perGlobals = globals && typeof globals === 'object' ? (memo.get(globals) ?? memo.set(globals, new Map()).get(globals)!) : undefined;
  const hit = perGlobals?.get(query);
  if (hit) return hit;
  const result = analyzeQueryUncached(query, globals);
  perGlobals?.set(query, result);
  return result;
}

function analyzeQueryUncached(query: string, globals: unknown): QueryAnalysis {
  const K = kusto();
  const code = K.KustoCode.ParseAndAnalyze(query, globals);
  // Syntax errors first and alone: the binder's errors after a syntax error are follow-ons (see syntax-errors.ts).
  const syntax = syntaxErrors(code, query);
  if (syntax.length) return { diagnostics: syntax.map((d) => ({ ...d, severity: 'error' })), outputColumns: undefined, tablesRead: [] };
  const diagnostics: QueryDiagnostic[] = toArray(code.GetDiagnostics()).map((d) => ({
    code: String(d.Code), message: String(d.Message), start: Number(d.Start), length: Number(d.Length),
    severity: String(d.Severity).toLowerCase() === 'error' ? 'error' : 'warning',
  }));
  const rt = code.ResultType;
  const outputColumns = rt && rt.Columns && typeof rt.Columns.Count === 'number'
    ? toArray(rt.Columns).map((c) => ({ name: String(c.Name), type: typeOfSymbol(c.Type) ?? 'dynamic' })) : undefined;
  const tables = new Set<string>();
  type SyntaxNode = { IsToken?: boolean; ChildCount: number; GetChild: (i: number) => unknown; ReferencedSymbol?: { Kind: unknown; Name: string }; GetExpansion?: () => SyntaxNode | null };
  // Calls of database functions (the solution's parsers) read the tables of their bodies: walk each call's expansion.
  const expanded = new Set<string>();
  const walk = (n: SyntaxNode | null) => {
    if (!n || n.IsToken) return;
    const s = n.ReferencedSymbol;
    if (s && Number(s.Kind) === 10 && !String(s.Name).startsWith('__cdr_result_')) tables.add(String(s.Name));
    if (s && typeof n.GetExpansion === 'function' && !expanded.has(String(s.Name))) {
      expanded.add(String(s.Name));
      const body = n.GetExpansion();
      if (body) walk(body);
    }
    for (let i = 0; i < n.ChildCount; i++) walk(n.GetChild(i) as SyntaxNode);
  };
  walk(code.Syntax);
  return { diagnostics, outputColumns, tablesRead: [...tables].sort() };
}
