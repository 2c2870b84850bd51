/**
 * String operator kernels with Kusto's semantics: `has` matches whole terms (runs of letters/digits),
 * `contains` matches substrings; the non-_cs forms are case-insensitive.
 */
const ALNUM = /[\p{L}\p{N}]/u;
const isAlnum = (c: string | undefined) => c !== undefined && c !== '' && ALNUM.test(c);

/** Does `hay` contain `needle` with term boundaries where the needle itself starts/ends with a term char? */
export function hasTerm(hay: string, needle: string, cs: boolean, mode: 'term' | 'prefix' | 'suffix' = 'term'): boolean {
  if (needle === '') return true;
  const h = cs ? hay : hay.toLowerCase();
  const n = cs ? needle : needle.toLowerCase();
  const checkLeft = mode !== 'suffix' && isAlnum(n[0]);
  const checkRight = mode !== 'prefix' && isAlnum(n[n.length - 1]);
  let from = 0;
  for (;;) {
    const at = h.indexOf(n, from);
    if (at < 0) return false;
    const leftOk = !checkLeft || !isAlnum(h[at - 1]);
    const rightOk = !checkRight || !isAlnum(h[at + n.length]);
    if (leftOk && rightOk) return true;
    from = at + 1;
  }
}

export function containsStr(hay: string, needle: string, cs: boolean): boolean {
  return cs ? hay.includes(needle) : hay.toLowerCase().includes(needle.toLowerCase());
}
export function startsWithStr(hay: string, needle: string, cs: boolean): boolean {
  return cs ? hay.startsWith(needle) : hay.toLowerCase().startsWith(needle.toLowerCase());
}
export function endsWithStr(hay: string, needle: string, cs: boolean): boolean {
  return cs ? hay.endsWith(needle) : hay.toLowerCase().endsWith(needle.toLowerCase());
}
