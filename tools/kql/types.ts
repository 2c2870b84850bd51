/**
 * The engine's value model. Values live in column arrays (one JS array per column, `null` = null).
 *
 * | KQL type | in-memory value                                        | null        |
 * |----------|--------------------------------------------------------|-------------|
 * | bool     | boolean                                                | null        |
 * | int      | number (32-bit range, wraps like Kusto)                | null        |
 * | long     | number (exact to 2^53; documented limitation)          | null        |
 * | real     | number (NaN, ±Infinity allowed)                        | null        |
 * | decimal  | number (real-backed; documented)                       | null        |
 * | string   | string                                                 | never: ''   |
 * | datetime | bigint: 100 ns ticks since 0001-01-01T00:00:00Z (exact) | null        |
 * | timespan | bigint: 100 ns ticks (exact)                           | null        |
 * | guid     | string, lower-case canonical                           | null        |
 * | dynamic  | JSON value: null/boolean/number/string/array/object    | null        |
 *
 * datetime and timespan are exact over 0001..9999 (see ticks.ts for why bigint). Values placed inside dynamic
 * (make_list of datetimes, pack) are stored as their text form (`2020-01-01T00:00:00.0000000Z` for datetime,
 * `[-][d.]hh:mm:ss[.fffffff]` for timespan), as Kusto serialises them.
 */
import type { KqlScalarType } from '../kusto/table-schemas.js';

export type KqlType = KqlScalarType;
export type Dynamic = null | boolean | number | string | Dynamic[] | { [k: string]: Dynamic };

export interface ColumnSchema { name: string; type: KqlType }

/** A column-oriented table: `data[c][r]` is column c of row r. */
export interface Table {
  columns: ColumnSchema[];
  data: unknown[][];
  rowCount: number;
}

export function emptyTable(columns: ColumnSchema[]): Table {
  return { columns, data: columns.map(() => []), rowCount: 0 };
}

/** The null of a type (string's null is the empty string). */
export function nullOf(type: KqlType): unknown {
  return type === 'string' ? '' : null;
}

export function isNullValue(v: unknown, type?: KqlType): boolean {
  return v === null || v === undefined || (type === 'string' && v === '');
}

export const isNumericType = (t: KqlType) => t === 'int' || t === 'long' || t === 'real' || t === 'decimal';
