/**
 * Loads Microsoft's Kusto.Language (the official KQL parser and binder, compiled to JS with Bridge.NET).
 * The library installs itself on globalThis.Kusto; we load it once and hand out its namespace.
 * Its API mirrors the C# one (GlobalState, KustoCode, Symbols.*, Syntax.*). Constructor overloads are
 * exposed as $ctorN; the ones we use are wrapped in ./symbols.ts so the numbering lives in one place.
 */
import { createRequire } from 'node:module';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type KustoNs = any;

let cached: KustoNs | undefined;

export function kusto(): KustoNs {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  require('@kusto/language-service-next/bridge.min.js');
  require('@kusto/language-service-next/Kusto.Language.Bridge.min.js');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const ns = (globalThis as any).Kusto?.Language;
  if (!ns) throw new Error('cdr: @kusto/language-service-next did not load (globalThis.Kusto.Language missing)');
  cached = ns;
  return ns;
}

/** Iterate a Bridge.NET IReadOnlyList / IEnumerable as a JS array. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function toArray<T = any>(list: any): T[] {
  if (list == null) return [];
  if (Array.isArray(list)) return list as T[];
  const out: T[] = [];
  if (typeof list.Count === 'number' && typeof list.getItem === 'function') {
    for (let i = 0; i < list.Count; i++) out.push(list.getItem(i));
    return out;
  }
  const en = list.GetEnumerator();
  while (en.moveNext()) out.push(en.Current);
  return out;
}
