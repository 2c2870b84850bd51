/**
 * A live query cannot have now() pinned the way the embedded engine pins it, so the query text is rewritten: every
 * call of the built-in now() becomes the run time's datetime literal and every ago(x) becomes (datetime(...) - x).
 * The calls are found in the official parser's bound syntax tree (Kusto.Language): only calls that bind to the
 * built-in functions are rewritten, never a user function or a column of the same name, and never text inside
 * strings or comments. Stored functions the query calls (parsers deployed in the workspace) keep their own now().
 */
import { kusto } from '../kusto/language.js';
import { projectGlobals } from '../kusto/globals.js';
import { formatDatetime } from '../kql/values.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Node = any;

interface TimeCall { start: number; end: number; fn: 'now' | 'ago'; args: { start: number; end: number }[] }

export interface PinnedQuery {
  text: string;
  /** now() and ago() calls rewritten. */
  rewritten: number;
}

/** The KQL literal of a run time, with 100 ns precision. */
export function datetimeLiteral(ticks: bigint): string {
  return `datetime(${formatDatetime(ticks)})`;
}

function timeCalls(query: string, globals: unknown): TimeCall[] {
  const K = kusto();
  const code = K.KustoCode.ParseAndAnalyze(query, globals);
  const calls: TimeCall[] = [];
  code.Syntax.WalkElements((n: Node) => {
    if (n.Kind !== K.Syntax.SyntaxKind.FunctionCallExpression) return;
    const fn = n.ReferencedSymbol === K.Functions.Now ? 'now' : n.ReferencedSymbol === K.Functions.Ago ? 'ago' : undefined;
    if (!fn) return;
    const args: TimeCall['args'] = [];
    const list = n.ArgumentList.Expressions;
    for (let i = 0; i < list.Count; i++) {
      const e = list.getItem(i).Element;
      args.push({ start: Number(e.TextStart), end: Number(e.TextStart) + Number(e.Width) });
    }
    calls.push({ start: Number(n.TextStart), end: Number(n.TextStart) + Number(n.Width), fn, args });
  });
  return calls.sort((a, b) => a.start - b.start);
}

/** A query's now()/ago() calls located once; `at(runTime)` gives the text pinned to a run time. */
export interface TimePins {
  /** now() and ago() calls found. */
  calls: number;
  at(runTime: bigint): string;
}

/**
 * Locate the query's now() and ago() calls (one parse and bind per query, however many runs). Pinned to t:
 * `now()` becomes `datetime(t)`, `now(offset)` becomes `(datetime(t) + (offset))` and `ago(x)` becomes
 * `(datetime(t) - (x))`; calls nested inside arguments are rewritten too.
 */
export function timePins(query: string, globals: unknown = projectGlobals()): TimePins {
  const calls = timeCalls(query, globals);
  const at = (runTime: bigint): string => {
    const lit = datetimeLiteral(runTime);
    // Rewrite [start, end) of the text, replacing the outermost calls inside it (their arguments recursively).
    const emit = (start: number, end: number): string => {
      let out = '';
      let pos = start;
      for (const c of calls) {
        if (c.start < pos || c.end > end) continue;
        out += query.slice(pos, c.start);
        const args = c.args.map((a) => emit(a.start, a.end));
        if (c.fn === 'now') out += args.length ? `(${lit} + (${args[0]}))` : lit;
        else out += `(${lit} - (${args[0] ?? ''}))`;
        pos = c.end;
      }
      return out + query.slice(pos, end);
    };
    return emit(0, query.length);
  };
  return { calls: calls.length, at };
}

/** The query with now() and ago() pinned to `runTime` (see timePins). */
export function pinTimeFunctions(query: string, runTime: bigint, globals?: unknown): PinnedQuery {
  const pins = timePins(query, globals);
  return { text: pins.at(runTime), rewritten: pins.calls };
}
