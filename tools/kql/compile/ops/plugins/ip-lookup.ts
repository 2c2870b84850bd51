/**
 * evaluate ipv4_lookup / ipv6_lookup(LookupTable, SourceKey, LookupKey [, ExtraKey...] [, return_unmatched])
 * (ipv4-lookup-plugin.md, ipv6-lookup-plugin.md): a join of each input row with every lookup row whose network
 * (address/prefix) contains the row's address. Both sides may carry a prefix; they match when the addresses agree
 * on the shorter of the two prefixes (ipv4_is_match semantics). Extra keys must also be equal (same-named columns
 * on both sides). Unmatched rows are dropped unless return_unmatched = true (lookup columns then null).
 * Output columns as the binder gives them: the input's, then the lookup table's except the extra keys.
 * Lookup rows are indexed by prefix length, so each input address costs one probe per distinct prefix length.
 */
import type { Table } from '../../../types.js';
import type { OperatorFn } from '../types.js';
import { compileScalar } from '../../scalar.js';
import { evalTabular } from '../../query.js';
import { elems, kindName, unsupported, type Node } from '../../syntax.js';
import { binderSchema, nameLike } from '../../table-util.js';
import { emptyTable } from '../../../types.js';
import { ipv4, ipv6Groups } from '../../../functions/support.js';
import { valueKey } from '../../../compare.js';

/** An address as a bigint of `bits` bits and its prefix length, or null when it does not parse. */
type Parsed = { value: bigint; prefix: number } | null;

const parse4 = (s: unknown): Parsed => { const x = typeof s === 'string' ? ipv4(s) : null; return x ? { value: BigInt(x.n), prefix: x.prefix } : null; };
const parse6 = (s: unknown): Parsed => {
  const x = typeof s === 'string' ? ipv6Groups(s) : null;
  if (!x) return null;
  let v = 0n;
  for (const g of x.groups) v = (v << 16n) | BigInt(g);
  return { value: v, prefix: x.prefix };
};

const maskTo = (v: bigint, prefix: number, bits: number) => (prefix <= 0 ? 0n : (v >> BigInt(bits - prefix)) << BigInt(bits - prefix));

function lookupPlugin(bits: number, parse: (s: unknown) => Parsed, name: string): OperatorFn {
  return (op, input, env, st, pipe) => {
    const t = input!;
    const args: Node[] = elems(op.FunctionCall.ArgumentList.Expressions);
    let returnUnmatched = false;
    const positional: Node[] = [];
    for (const a of args) {
      if (kindName(a) === 'SimpleNamedExpression') {
        if (String(a.Name.SimpleName).toLowerCase() !== 'return_unmatched') unsupported(`${name} argument ${String(a.Name.SimpleName)}`, a);
        returnUnmatched = compileScalar(a.Expression, emptyTable([]), env, st).value === true;
      } else positional.push(a);
    }
    if (positional.length < 3) return unsupported(name, op.FunctionCall, 'needs LookupTable, SourceKey, LookupKey');
    // A trailing bool literal is the positional return_unmatched.
    const last = positional[positional.length - 1];
    if (positional.length > 3 && kindName(last) === 'BooleanLiteralExpression') { returnUnmatched = compileScalar(last, emptyTable([]), env, st).value === true; positional.pop(); }
    const lookup: Table = evalTabular(positional[0], env, st);
    const colName = (n: Node) => (kindName(n) === 'NameReference' ? String(n.SimpleName) : unsupported(name, n, 'keys are column names'));
    const sourceKey = colName(positional[1]), lookupKey = colName(positional[2]);
    const extra = positional.slice(3).map(colName);
    const li = (c: string) => { const i = lookup.columns.findIndex((x) => x.name === c); if (i < 0) unsupported(name, op.FunctionCall, `the lookup table has no column '${c}'`); return i; };
    const si = (c: string) => { const i = t.columns.findIndex((x) => x.name === c); if (i < 0) unsupported(name, op.FunctionCall, `the input has no column '${c}'`); return i; };

    // Index the lookup rows by prefix length: masked network -> rows.
    const byPrefix = new Map<number, Map<bigint, number[]>>();
    const lookupAddr = lookup.data[li(lookupKey)]!;
    for (let r = 0; r < lookup.rowCount; r++) {
      const p = parse(lookupAddr[r]);
      if (!p) continue;
      let m = byPrefix.get(p.prefix);
      if (!m) byPrefix.set(p.prefix, (m = new Map()));
      const key = maskTo(p.value, p.prefix, bits);
      const list = m.get(key);
      if (list) list.push(r); else m.set(key, [r]);
    }
    const prefixes = [...byPrefix.keys()].sort((a, b) => b - a);
    const extraIdx = extra.map((c) => [si(c), li(c)] as const);
    const src = t.data[si(sourceKey)]!;
    const left: number[] = [], right: number[] = [];
    for (let r = 0; r < t.rowCount; r++) {
      const a = parse(src[r]);
      const hits: number[] = [];
      if (a) for (const q of prefixes) {
        const m = byPrefix.get(q)!;
        if (q <= a.prefix) hits.push(...(m.get(maskTo(a.value, q, bits)) ?? []));
        else for (const [net, rows] of m) if (maskTo(net, a.prefix, bits) === maskTo(a.value, a.prefix, bits)) hits.push(...rows);
      }
      hits.sort((x, y) => x - y);
      const matched = hits.filter((h) => extraIdx.every(([s, l]) => valueKey(t.data[s]![r]) === valueKey(lookup.data[l]![h])));
      for (const h of matched) { left.push(r); right.push(h); }
      if (!matched.length && returnUnmatched) { left.push(r); right.push(-1); }
    }
    const extraSet = new Set(extra);
    const rightCols = lookup.columns.map((_, i) => i).filter((i) => !extraSet.has(lookup.columns[i]!.name));
    const produced = [
      ...t.columns.map((c, ci) => ({ type: c.type, data: left.map((r) => t.data[ci]![r]) })),
      ...rightCols.map((ci) => { const c = lookup.columns[ci]!; const nul = c.type === 'string' ? '' : null; return { type: c.type, data: right.map((r) => (r < 0 ? nul : lookup.data[ci]![r])) }; }),
    ];
    return nameLike(produced, binderSchema(pipe), [...t.columns.map((c) => c.name), ...rightCols.map((i) => lookup.columns[i]!.name)], op, left.length);
  };
}

export const ipv4Lookup = lookupPlugin(32, parse4, 'ipv4_lookup');
export const ipv6Lookup = lookupPlugin(128, parse6, 'ipv6_lookup');
