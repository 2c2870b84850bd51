/**
 * parse / parse-where: the pattern (string literals, `*`, Column[:type]) becomes one regular expression.
 * kind=simple (default): literals match exactly, anchored at the start; kind=regex: literals are regex parts;
 * kind=relaxed: like simple, but a value that does not convert to its type becomes null instead of failing
 * the match. parse gives nulls on no match; parse-where drops the row.
 */
import type { ColumnSchema, KqlType, Table } from '../../types.js';
import type { OperatorFn } from './types.js';
import type { Env, RunState } from '../env.js';
import { compileScalar } from '../scalar.js';
import { elems, kindName, namedParams, paramText, textOf, unsupported, type Node } from '../syntax.js';
import { fromWire } from '../../values.js';
import type { Node as N } from '../syntax.js';
import { binderSchema, selectRows } from '../table-util.js';
import { typeOfName } from '../type-map.js';

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const TYPED: Partial<Record<KqlType, string>> = { int: '-?\\d+', long: '-?\\d+', real: '-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?', decimal: '-?\\d+(?:\\.\\d+)?', bool: 'true|false|True|False|TRUE|FALSE', guid: '[0-9a-fA-F-]{32,38}' };

/**
 * The pattern as one regular expression. kind=simple: string captures and `*` are lazy (`.*?`), the last one takes
 * the rest. kind=regex: string captures and `*` are greedy (`.*`, the reference's examples capture up to the last
 * delimiter), lazy with flags=U. Typed numeric/bool/guid captures match their shape; in kind=relaxed they fall back
 * to any text (`(?:shape|.*?)`) so a bad value becomes null instead of failing the row. Column types come from the
 * binder (`date` is datetime, `double` real, ...).
 */
function plan(op: N, kind: string, flags: string, ungreedy: boolean, schema: ColumnSchema[] | undefined) {
  const cols: { name: string; type: KqlType }[] = [];
  let src = '^';
  const pats = elems(op.Patterns);
  const any = (last: boolean) => (last ? '.*' : kind === 'regex' && !ungreedy ? '.*' : '.*?');
  pats.forEach((p: Node, i: number) => {
    const k = kindName(p);
    const last = i === pats.length - 1;
    if (k === 'StringLiteralExpression') src += kind === 'regex' ? String(p.LiteralValue) : esc(String(p.LiteralValue));
    else if (k === 'StarExpression') src += any(last);
    else if (k === 'NameAndTypeDeclaration' || k === 'NameDeclaration') {
      const name = String(k === 'NameDeclaration' ? p.SimpleName : p.Name.SimpleName);
      const written = k === 'NameAndTypeDeclaration' ? textOf(p.Type).trim() : 'string';
      const type = schema?.find((c) => c.name === name)?.type ?? typeOfName(written);
      if (!type) return unsupported(`parse column type ${written}`, p);
      cols.push({ name, type });
      const shape = TYPED[type];
      const inner = !shape ? any(last) : kind === 'relaxed' ? `${shape}|${any(last)}` : shape;
      src += `(?<c${cols.length - 1}>${inner})`;
    } else unsupported(`parse pattern element ${k}`, p);
  });
  return { re: new RegExp(src, flags), cols };
}

function run(op: N, t: Table, env: Env, st: RunState, dropNonMatching: boolean, pipe: N): Table {
  const params = namedParams(op.Parameters);
  const kind = (paramText(params.get('kind')) || 'simple').toLowerCase();
  if (!['simple', 'regex', 'relaxed'].includes(kind)) unsupported(`parse kind=${kind}`, op);
  // flags= (regex only): i, m, s map to JS flags, U makes the generated captures lazy. Without flags `.` spans
  // newlines like s.
  let flags = 's';
  let ungreedy = false;
  if (params.has('flags')) {
    const f = paramText(params.get('flags'));
    if (kind !== 'regex') unsupported(`parse kind=${kind} flags=`, params.get('flags'));
    if (/[^imsU]/.test(f)) unsupported(`parse flags=${f}`, params.get('flags'), 'only i, m, s and U');
    ungreedy = f.includes('U');
    flags = [...new Set(f.replace('U', ''))].join('');
  }
  const { re, cols } = plan(op, kind, flags, ungreedy, binderSchema(pipe));
  const src = compileScalar(op.Expression, t, env, st);
  const out = cols.map(() => new Array(t.rowCount));
  const keep: number[] = [];
  for (let r = 0; r < t.rowCount; r++) {
    const v = src.fn(r);
    const s = typeof v === 'string' ? v : v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    const m = re.exec(s);
    let ok = !!m;
    const vals = cols.map((c, i) => {
      if (!m) return c.type === 'string' ? '' : null;
      try { return fromWire(c.type, m.groups?.[`c${i}`] ?? null); } catch { if (kind !== 'relaxed') ok = false; return null; }
    });
    // simple and regex are strict: a value that does not convert fails the whole row (all columns null).
    if (!ok && kind !== 'relaxed') vals.fill(null);
    vals.forEach((v2, i) => { out[i]![r] = v2 === null && cols[i]!.type === 'string' ? '' : v2; });
    if (ok) keep.push(r);
  }
  const columns = [...t.columns], data = [...t.data];
  cols.forEach((c, i) => {
    const at = columns.findIndex((x) => x.name === c.name);
    if (at >= 0) { columns[at] = c; data[at] = out[i]!; } else { columns.push(c); data.push(out[i]!); }
  });
  const res = { columns, data, rowCount: t.rowCount };
  return dropNonMatching ? selectRows(res, keep) : res;
}

export const parse: OperatorFn = (op, input, env, st, pipe) => run(op, input!, env, st, false, pipe);
export const parseWhere: OperatorFn = (op, input, env, st, pipe) => run(op, input!, env, st, true, pipe);
