/**
 * Value comparison, equality and grouping keys shared by operators (sort, join, distinct, summarize) and
 * scalar operators. Nulls: equality with null is false; in sorting nulls are ordered by the operator.
 */
import type { KqlType } from './types.js';
import { datetimeText, formatTimespan } from './values.js';

/** Total order for non-null values of one type (strings ordinal, as Kusto sorts). */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : Number.isNaN(a) ? (Number.isNaN(b) ? 0 : -1) : Number.isNaN(b) ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  const sa = typeof a === 'object' ? JSON.stringify(a) : String(a);
  const sb = typeof b === 'object' ? JSON.stringify(b) : String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** A string key identifying a value for grouping/joining (null distinct from every value, '' included). */
export function valueKey(v: unknown): string {
  if (v === null || v === undefined) return '\u0000n';
  switch (typeof v) {
    case 'string': return 's' + v;
    case 'number': return 'n' + String(v);
    case 'boolean': return v ? 'b1' : 'b0';
    case 'bigint': return 't' + String(v);
    default: return 'j' + JSON.stringify(v);
  }
}

/** Deep equality of dynamic values. */
export function dynamicEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Convert an engine value of `type` to a dynamic (JSON) value, as Kusto does when packing values. */
export function toDynamic(type: KqlType, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (type === 'datetime') return datetimeText(v as bigint);
  if (type === 'timespan') return formatTimespan(v as bigint);
  if (type === 'string' && v === '') return '';
  return v;
}

/** tostring() semantics for any type. */
export function valueToString(type: KqlType, v: unknown): string {
  if (v === null || v === undefined) return '';
  switch (type) {
    case 'string': case 'guid': return v as string;
    case 'datetime': return datetimeText(v as bigint);
    case 'timespan': return formatTimespan(v as bigint);
    case 'bool': return v ? 'true' : 'false';
    case 'dynamic': return typeof v === 'string' ? v : JSON.stringify(v);
    default: return String(v);
  }
}
