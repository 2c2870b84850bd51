/** The binder's TypeSymbol -> our KqlType. */
import type { KqlType } from '../types.js';

const NAMES: Record<string, KqlType> = {
  bool: 'bool', boolean: 'bool', int: 'int', long: 'long', real: 'real', double: 'real', decimal: 'decimal',
  string: 'string', datetime: 'datetime', date: 'datetime', timespan: 'timespan', time: 'timespan', guid: 'guid', uuid: 'guid', uniqueid: 'guid', dynamic: 'dynamic',
};

/** A type name as written in a query (`date`, `double`, `boolean`, ...) -> our KqlType; undefined if unknown. */
export function typeOfName(name: string): KqlType | undefined {
  return NAMES[name.trim().toLowerCase()];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function typeOfSymbol(t: any): KqlType | undefined {
  if (!t) return undefined;
  const name = String(t.Name ?? '').toLowerCase();
  if (NAMES[name]) return NAMES[name];
  if (name.startsWith('dynamic')) return 'dynamic';
  return undefined;
}
