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
 * | datetime | number: 100 ns ticks since 2020-01-01T00:00:00Z        | null        |
 * | timespan | number: 100 ns ticks                                   | null        |
 * | guid     | string, lower-case canonical                           | null        |
 * | dynamic  | JSON value: null/boolean/number/string/array/object    | null        |
 *
 * datetime ticks count from 2020-01-01 so that a float64 holds them exactly (100 ns) for 1991..2048; further away
 * they stay correct to the microsecond (sub-microsecond ticks may round). Convert with msToTicks/ticksToMs. Values placed inside dynamic (make_list of datetimes, pack) are stored as their
 * REST text form (ISO string for datetime, `[d.]hh:mm:ss` for timespan), as Kusto serialises them.
 */
import type { KqlScalarType } from '../kusto/table-schemas.js';

export type KqlType = KqlScalarType;
export type Dynamic = null | boolean | number | string | Dynamic[] | { [k: string]: Dynamic };

export const TICKS_PER_MS = 10_000;
export const TICKS_PER_SECOND = 10_000_000;
export const TICKS_PER_MINUTE = 60 * TICKS_PER_SECOND;
export const TICKS_PER_HOUR = 60 * TICKS_PER_MINUTE;
export const TICKS_PER_DAY = 24 * TICKS_PER_HOUR;

/** The datetime epoch (see above), as Unix milliseconds. */
export const EPOCH_MS = Date.UTC(2020, 0, 1);
export const msToTicks = (unixMs: number): number => (unixMs - EPOCH_MS) * TICKS_PER_MS;
/** Whole Unix milliseconds of a datetime (floor), for JS Date arithmetic. */
export const ticksToMs = (ticks: number): number => Math.floor(ticks / TICKS_PER_MS) + EPOCH_MS;

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
