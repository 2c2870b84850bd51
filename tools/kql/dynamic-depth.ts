/**
 * The nesting limit of dynamic values (issue 10). Kusto documents none; .NET JSON readers default to 64 levels.
 * The engine accepts 128: deep enough for any real log record, shallow enough that every recursive walk over a
 * dynamic value (tostring/JSON text, equality and ordering, hashing, pack and bag functions) stays far from the
 * JavaScript stack's limit. Values enter the engine through fromWire (fixtures, `--tables`, registered tables,
 * externaldata) and parseDynamicText (todynamic/parse_json, parse-kv): both refuse deeper values here. A value
 * built deeper by the query itself (pack_array in a scan loop) is caught where the stack runs out and reported
 * with the function or operator that overflowed (compile/call.ts, compile/query.ts).
 */
export const MAX_DYNAMIC_DEPTH = 128;

/** Does `root` nest more than `max` arrays/bags deep? Walked iteratively, stopping at the first level over `max`. */
export function exceedsDynamicDepth(root: unknown, max = MAX_DYNAMIC_DEPTH): boolean {
  if (root === null || typeof root !== 'object') return false;
  const values: unknown[] = [root];
  const depths: number[] = [1];
  while (values.length) {
    const v = values.pop() as object;
    const d = depths.pop()!;
    if (d > max) return true;
    const children = Array.isArray(v) ? v : Object.values(v);
    for (const c of children) if (c !== null && typeof c === 'object') { values.push(c); depths.push(d + 1); }
  }
  return false;
}

/** A JSON text can only nest `max` levels if it has at least two brackets per level. */
export function mayExceedDynamicDepth(text: string, max = MAX_DYNAMIC_DEPTH): boolean {
  return text.length > 2 * max;
}

export function tooDeepMessage(max = MAX_DYNAMIC_DEPTH): string {
  return `the dynamic value nests more than ${max} levels deep (the engine's limit for dynamic values)`;
}

export const STACK_OVERFLOW = `a value nests too deeply to process (the JavaScript stack ran out; dynamic values read from data are limited to ${MAX_DYNAMIC_DEPTH} levels, deeper ones can only be built by the query itself)`;

/** The JavaScript stack ran out (a deeply nested value walked recursively): reported, never a crash. */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}
