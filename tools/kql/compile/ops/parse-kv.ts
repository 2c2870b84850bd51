/**
 * parse-kv: extract listed keys from key/value text into typed columns, in the reference's three modes:
 * - delimiters (`pair_delimiter`, `kv_delimiter`, optional `quote`, `escape`, `greedy`): pairs split on the pair
 *   delimiter (outside quotes); `greedy=true` lets an unquoted value run until the next `key<kv_delimiter>`;
 * - no delimiters (only `quote`/`escape`, or no `with`): any character other than a letter, digit or `_`
 *   separates; a key is a word and its value the next word (or quoted text);
 * - `regex`: every match's first group is a key and its second group the value.
 * Only listed keys are extracted, the first appearance wins, keys and values are trimmed, and a value that does
 * not convert to its column type is null (a missing key gives the type's null).
 */
import type { ColumnSchema, KqlType } from '../../types.js';
import type { OperatorFn } from './types.js';
import { compileScalar } from '../scalar.js';
import { elems, textOf, unsupported, type Node } from '../syntax.js';
import { binderSchema, nameLike } from '../table-util.js';
import { emptyTable } from '../../types.js';
import { fromWire, parseDynamicText } from '../../values.js';
import { kqlRegex } from '../../regex.js';
import { valueToString } from '../../compare.js';

interface Options {
  pairDelimiter?: string;
  kvDelimiter?: string;
  quotes: [string, string][];
  escapes: string[];
  greedy: boolean;
  regex?: RegExp;
}

export const parseKv: OperatorFn = (op, input, env, st, pipe) => {
  const t = input!;
  const keys: ColumnSchema[] = elems(op.Keys.Columns).map((c: Node) => ({ name: String(c.Name.SimpleName), type: keyType(c) }));
  const options = readOptions(op, env, st);
  const src = compileScalar(op.Expression, t, env, st);
  const wanted = new Set(keys.map((k) => k.name));
  const out = keys.map(() => new Array<unknown>(t.rowCount));
  for (let r = 0; r < t.rowCount; r++) {
    const text = valueToString(src.type, src.isConst ? src.value : src.fn(r));
    const found = extractPairs(text, options, wanted);
    keys.forEach((k, i) => { out[i]![r] = convert(k.type, found.get(k.name)); });
  }
  const produced = [...t.columns.map((c, i) => ({ type: c.type, data: t.data[i]! })), ...keys.map((k, i) => ({ type: k.type, data: out[i]! }))];
  return nameLike(produced, binderSchema(pipe), [...t.columns.map((c) => c.name), ...keys.map((k) => k.name)], op, t.rowCount);
};

function keyType(c: Node): KqlType {
  const name = textOf(c.Type).replace(/^\s*:\s*/, '').trim().toLowerCase();
  const map: Record<string, KqlType> = { double: 'real', boolean: 'bool', date: 'datetime', time: 'timespan', int32: 'int', int64: 'long' };
  return (map[name] ?? name) as KqlType;
}

function readOptions(op: Node, env: Parameters<OperatorFn>[2], st: Parameters<OperatorFn>[3]): Options {
  const o: Options = { quotes: [], escapes: [], greedy: false };
  const constant = (n: Node) => { const c = compileScalar(n, emptyTable([]), env, st); return c.isConst ? c.value : c.fn(0); };
  for (const p of elems(op.WithClause?.Properties)) {
    const name = String(p.Name.SimpleName).toLowerCase();
    const v = constant(p.Expression);
    switch (name) {
      case 'pair_delimiter': o.pairDelimiter = String(v); break;
      case 'kv_delimiter': o.kvDelimiter = String(v); break;
      case 'quote': {
        const q = String(v);
        if (q.length === 1) o.quotes.push([q, q]);
        else if (q.length === 2) o.quotes.push([q[0]!, q[1]!]);
        else unsupported(`parse-kv quote='${q}'`, p, 'a quote is one character, or two (opening and closing)');
        break;
      }
      case 'escape': o.escapes.push(String(v)); break;
      case 'greedy': o.greedy = v === true; break;
      case 'regex': o.regex = kqlRegex(String(v), 'g'); break;
      default: unsupported(`parse-kv ${name}=`, p);
    }
  }
  if ((o.pairDelimiter === undefined) !== (o.kvDelimiter === undefined)) unsupported('parse-kv', op, 'pair_delimiter and kv_delimiter go together');
  return o;
}

function extractPairs(text: string, o: Options, wanted: Set<string>): Map<string, string> {
  const found = new Map<string, string>();
  const add = (k: string, v: string) => { const key = k.trim(); if (wanted.has(key) && !found.has(key)) found.set(key, v.trim()); };
  if (o.regex) {
    o.regex.lastIndex = 0;
    for (const m of text.matchAll(o.regex)) add(m[1] ?? '', m[2] ?? '');
  } else if (o.pairDelimiter !== undefined) delimitedPairs(text, o, add);
  else wordPairs(text, o, add);
  return found;
}

/** A quoted run starting at `i` (at an opening quote): its unescaped text and the index after the closing quote. */
function readQuoted(text: string, i: number, close: string, escapes: string[]): { value: string; end: number } {
  let value = '';
  let j = i + 1;
  while (j < text.length && text[j] !== close) {
    if (escapes.includes(text[j]!) && j + 1 < text.length) { value += text[j + 1]; j += 2; continue; }
    value += text[j];
    j++;
  }
  return { value, end: Math.min(text.length, j + 1) };
}

const quoteAt = (text: string, i: number, o: Options) => o.quotes.find(([open]) => text[i] === open);

function delimitedPairs(text: string, o: Options, add: (k: string, v: string) => void): void {
  const pd = o.pairDelimiter!, kd = o.kvDelimiter!;
  /** Key text at i (quoted or up to a delimiter) and where it ends. */
  const readKey = (i: number): { key: string; end: number } => {
    const q = quoteAt(text, i, o);
    if (q) { const r = readQuoted(text, i, q[1], o.escapes); return { key: r.value, end: r.end }; }
    let j = i;
    while (j < text.length && !text.startsWith(kd, j) && !text.startsWith(pd, j)) j++;
    return { key: text.slice(i, j), end: j };
  };
  const skipSpace = (i: number) => { while (i < text.length && /\s/.test(text[i]!) && !text.startsWith(pd, i)) i++; return i; };
  let i = 0;
  while (i < text.length) {
    i = skipSpace(i);
    const k = readKey(i);
    let j = skipSpace(k.end);
    if (!text.startsWith(kd, j)) {
      // Not a pair: skip to the next pair delimiter.
      const next = text.indexOf(pd, j);
      if (next < 0) break;
      i = next + pd.length;
      continue;
    }
    j = skipSpace(j + kd.length);
    const q = quoteAt(text, j, o);
    let value: string, end: number;
    if (q) { const r = readQuoted(text, j, q[1], o.escapes); value = r.value; end = r.end; }
    else {
      end = text.indexOf(pd, j);
      if (o.greedy) {
        // The value runs to the pair delimiter that precedes the next `key<kv_delimiter>`.
        while (end >= 0) {
          const after = skipSpace(end + pd.length), nk = readKey(after);
          if (nk.key.trim() !== '' && text.startsWith(kd, skipSpace(nk.end))) break;
          end = text.indexOf(pd, end + pd.length);
        }
      }
      if (end < 0) end = text.length;
      value = text.slice(j, end);
    }
    add(k.key, value);
    const next = text.indexOf(pd, end);
    if (next < 0) break;
    i = next + pd.length;
  }
}

const WORD = /[\p{L}\p{N}_]/u;

function wordPairs(text: string, o: Options, add: (k: string, v: string) => void): void {
  let i = 0;
  const word = (from: number) => { let j = from; while (j < text.length && WORD.test(text[j]!)) j++; return j; };
  while (i < text.length) {
    if (!WORD.test(text[i]!)) { i++; continue; }
    const keyEnd = word(i);
    const key = text.slice(i, keyEnd);
    // Separators up to the value: a quoted value starts at its quote, a plain one at the next word character.
    let j = keyEnd;
    let q: [string, string] | undefined;
    while (j < text.length && !WORD.test(text[j]!) && !(q = quoteAt(text, j, o))) j++;
    if (j === keyEnd || j >= text.length) { i = keyEnd; continue; }
    if (q) { const r = readQuoted(text, j, q[1], o.escapes); add(key, r.value); i = r.end; continue; }
    const valueEnd = word(j);
    add(key, text.slice(j, valueEnd));
    i = valueEnd;
  }
}

function convert(type: KqlType, raw: string | undefined): unknown {
  if (raw === undefined) return type === 'string' ? '' : null;
  if (type === 'string') return raw;
  if (type === 'dynamic') return parseDynamicText(raw);
  if (raw === '') return null;
  try { return fromWire(type, raw); } catch { return null; }
}
