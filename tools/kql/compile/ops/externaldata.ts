/**
 * externaldata (Col:type, ...) [ "url", ... ] with (format=..., ignoreFirstRecord=...): rows read from files.
 * Only URLs the caller mapped to a local file with engine.mapExternalData() are read (everything is offline);
 * any other URL is a KqlRuntimeError naming it. Formats: csv, tsv (tsve), json / multijson, txt.
 */
import { readFileSync } from 'node:fs';
import type { ColumnSchema, KqlType, Table } from '../../types.js';
import type { OperatorFn } from './types.js';
import { elems, kindName, namedParams, paramText, posOf, textOf, unsupported, type Node } from '../syntax.js';
import { compileScalar } from '../scalar.js';
import { emptyTable } from '../../types.js';
import { KqlRuntimeError } from '../../errors.js';
import { fromWire } from '../../values.js';
import { parseDelimited } from '../delimited.js';

const FORMATS = new Set(['csv', 'tsv', 'tsve', 'json', 'multijson', 'txt']);

export const externaldata: OperatorFn = (op, _input, env, st) => {
  const columns: ColumnSchema[] = elems(op.Schema.Columns).map((d: Node) => ({ name: String(d.Name.SimpleName), type: typeName(textOf(d.Type)) }));
  const props = new Map<string, Node>();
  if (op.WithClause) for (const p of elems(op.WithClause.Properties)) props.set(String(p.Name.SimpleName).toLowerCase(), p.Expression);
  for (const [k, v] of props) if (k !== 'format' && k !== 'ignorefirstrecord') unsupported(`externaldata property ${k}`, v);
  if (namedParams(op.Parameters).size) unsupported('externaldata parameters', op.Parameters);
  const format = (props.has('format') ? String(constValue(props.get('format'), env, st)) : 'csv').toLowerCase();
  if (!FORMATS.has(format)) unsupported(`externaldata format=${format}`, props.get('format'));
  const ignoreFirst = props.has('ignorefirstrecord') ? constValue(props.get('ignorefirstrecord'), env, st) === true || /^true$/i.test(paramText(props.get('ignorefirstrecord'))) : false;
  const out = emptyTable(columns);
  for (const u of elems(op.URIs)) {
    const url = String(constValue(u, env, st));
    const path = st.externalData.get(url);
    if (path === undefined) throw new KqlRuntimeError(`externaldata: '${url}' is not mapped to a local file (the engine reads only URLs mapped with mapExternalData)`, posOf(u));
    let text: string;
    try { text = readFileSync(path, 'utf8').replace(/^\uFEFF/, ''); } catch (e) {
      throw new KqlRuntimeError(`externaldata: cannot read ${path} (mapped from '${url}'): ${(e as Error).message}`, posOf(u));
    }
    appendRows(out, text, format, ignoreFirst, url, u);
  }
  return out;
};

function appendRows(t: Table, text: string, format: string, ignoreFirst: boolean, url: string, at: Node): void {
  const fail = (line: number, msg: string): never => { throw new KqlRuntimeError(`externaldata '${url}' line ${line}: ${msg}`, posOf(at)); };
  const push = (values: unknown[], line: number, byName?: Record<string, unknown>) => {
    t.columns.forEach((c, ci) => {
      const raw = byName ? byName[c.name] : values[ci];
      let v: unknown;
      try { v = raw === undefined ? null : fromWire(c.type, raw, { csv: !byName }); } catch (e) { fail(line, `column ${c.name}: ${(e as Error).message}`); }
      t.data[ci]!.push(v === null && c.type === 'string' ? '' : v);
    });
    t.rowCount++;
  };
  if (format === 'json' || format === 'multijson') {
    let records: unknown[];
    if (format === 'json') {
      records = [];
      text.split(/\r?\n/).forEach((l, i) => { if (l.trim()) { try { records.push(JSON.parse(l)); } catch (e) { fail(i + 1, `invalid JSON: ${(e as Error).message}`); } } });
    } else {
      try { const v = JSON.parse(text); records = Array.isArray(v) ? v : [v]; } catch (e) { return fail(1, `invalid JSON: ${(e as Error).message}`); }
    }
    records.forEach((r, i) => {
      if (typeof r !== 'object' || r === null || Array.isArray(r)) fail(i + 1, 'a JSON record must be an object');
      push([], i + 1, r as Record<string, unknown>);
    });
    return;
  }
  const rows = format === 'txt'
    ? text.split(/\r?\n/).filter((l, i, a) => !(i === a.length - 1 && l === '')).map((l) => [l])
    : parseDelimited(text, format === 'csv' ? ',' : '\t', format === 'tsve');
  rows.slice(ignoreFirst ? 1 : 0).forEach((r, i) => push(r, i + 1 + (ignoreFirst ? 1 : 0)));
}

function constValue(n: Node, env: Parameters<OperatorFn>[2], st: Parameters<OperatorFn>[3]): unknown {
  const k = kindName(n);
  if (k === 'NameDeclaration' || (k === 'NameReference' && !env.get(String(n.SimpleName)))) return textOf(n).trim(); // format=csv (bare word)
  const c = compileScalar(n, emptyTable([]), env, st);
  return c.isConst ? c.value : c.fn(0);
}

function typeName(text: string): KqlType {
  const t = text.trim().toLowerCase();
  const alias: Record<string, KqlType> = { double: 'real', boolean: 'bool', date: 'datetime', time: 'timespan', uniqueid: 'guid', int64: 'long', int32: 'int' };
  return alias[t] ?? (t as KqlType);
}
