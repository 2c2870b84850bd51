/**
 * `dynamic(...)` literals, read from the parser's JSON syntax tree rather than re-parsing their text, so
 * everything Kusto accepts inside them works: verbatim strings (@"c:\x"), single-quoted strings, `//` comments,
 * negative numbers, and typed scalars (datetime(...), 1d, guid(...)), which are stored as Kusto serialises them
 * in dynamic values (ISO datetime text, [d.]hh:mm:ss timespan text, guid text).
 */
import type { KqlType, Table } from '../types.js';
import { emptyTable } from '../types.js';
import { toDynamic } from '../compare.js';
import { markRealArray } from '../real-arrays.js';
import type { CExpr, Env, RunState } from './env.js';
import { elems, kindName, textOf, unsupported, type Node } from './syntax.js';

type CompileScalar = (n: Node, t: Table, env: Env, st: RunState) => CExpr;

export function dynamicLiteral(n: Node, env: Env, st: RunState, compileScalar: CompileScalar): unknown {
  const inner = n.Expression;
  if (!inner) return null;
  return jsonValue(inner, env, st, compileScalar);
}

function jsonValue(e: Node, env: Env, st: RunState, compileScalar: CompileScalar): unknown {
  switch (kindName(e)) {
    case 'JsonArrayExpression': {
      const values = elems(e.Values);
      const array = values.map((v: Node) => jsonValue(v, env, st, compileScalar));
      // `dynamic([1.0, 2])` holds a real: remember it, a number alone cannot tell (real-arrays.ts).
      return values.some((v: Node) => kindName(v) === 'RealLiteralExpression') ? markRealArray(array) : array;
    }
    case 'JsonObjectExpression': {
      const o: Record<string, unknown> = {};
      for (const p of elems(e.Pairs)) o[String(p.Name?.ValueText ?? '')] = jsonValue(p.Value, env, st, compileScalar);
      return o;
    }
    case 'NullLiteralExpression': return null;
  }
  const c = compileScalar(e, emptyTable([]), env, st);
  if (!c.isConst) return unsupported('dynamic literal', e, `'${textOf(e).slice(0, 40)}' is not a constant`);
  return toDynamic(c.type as KqlType, c.value);
}
