/**
 * KQL regular expressions use RE2 syntax; this maps the parts JavaScript spells differently: leading inline flags
 * `(?i)`, `(?s)`, `(?m)` become RegExp flags and `(?P<name>` becomes `(?<name>`. An invalid pattern is a KqlRuntimeError.
 */
import { KqlRuntimeError } from './errors.js';

const cache = new Map<string, RegExp>();

export function kqlRegex(pattern: string, flags = ''): RegExp {
  const key = flags + '\u0000' + pattern;
  const hit = cache.get(key);
  if (hit) return hit;
  let src = pattern;
  let f = flags;
  const m = /^\(\?([imsU]+)\)/.exec(src);
  if (m) {
    for (const ch of m[1]!) if (ch !== 'U' && !f.includes(ch)) f += ch;
    src = src.slice(m[0].length);
  }
  src = src.replace(/\(\?P</g, '(?<');
  let re: RegExp;
  try { re = new RegExp(src, f); } catch (e) { throw new KqlRuntimeError(`invalid regular expression '${pattern}': ${(e as Error).message}`); }
  cache.set(key, re);
  return re;
}
