/**
 * KQL regular expressions use RE2 syntax (regex.md); JavaScript's RegExp spells some of it differently or not at
 * all. Patterns whose only difference is a leading flag group `(?i)`, `(?s)`, `(?m)` and `(?P<name>` groups are
 * compiled directly (the flags become RegExp flags). Patterns using the rest of RE2's flag syntax (flags set
 * mid-pattern or scoped to a group, `(?i:...)`, `(?-i)`, the ungreedy flag U), `\A`, `\z`, `\Q...\E` or POSIX
 * classes (`[[:alpha:]]`) are translated: each flag is applied where RE2 applies it (case-insensitive letters as
 * `[aA]` and widened classes, `.` with s as `[\s\S]` and without it as `[^\n]`, `^`/`$` with m as line
 * boundaries, U swapping greedy and lazy quantifiers). An invalid pattern is a KqlRuntimeError; RE2 syntax with
 * no JavaScript meaning that would otherwise be read differently (`\p` classes, `\C`) is a KqlUnsupportedError.
 */
import { KqlRuntimeError, KqlUnsupportedError } from './errors.js';

const cache = new Map<string, RegExp>();

/** Anything beyond a leading flag group that JavaScript would not read as RE2 does. */
const NEEDS_TRANSLATION = /\(\?[imsU-]+[:)]|\\[AzQpPC]|\[:[a-z]+:\]/;
const LEADING_FLAGS = /^\(\?([ims]+)\)/;

export function kqlRegex(pattern: string, flags = ''): RegExp {
  const key = flags + '\u0000' + pattern;
  const hit = cache.get(key);
  if (hit) return hit;
  let src = pattern, f = flags;
  const lead = LEADING_FLAGS.exec(src);
  const rest = lead ? src.slice(lead[0].length) : src;
  if (NEEDS_TRANSLATION.test(rest)) {
    src = translateRe2(pattern, flags);
    f = flags.replace(/[ims]/g, '');
  } else {
    if (lead) { for (const ch of lead[1]!) if (!f.includes(ch)) f += ch; src = rest; }
    src = src.replace(/\(\?P</g, '(?<');
  }
  let re: RegExp;
  try { re = new RegExp(src, f); } catch (e) { throw new KqlRuntimeError(`invalid regular expression '${pattern}': ${(e as Error).message}`); }
  if (cache.size > 5000) cache.clear();
  cache.set(key, re);
  return re;
}

interface Flags { i: boolean; m: boolean; s: boolean; U: boolean }

/** RE2's POSIX classes (regex.md) as JavaScript class content. */
const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z', alpha: 'A-Za-z', ascii: '\\x00-\\x7f', blank: '\\t ', cntrl: '\\x00-\\x1f\\x7f', digit: '0-9',
  graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-\\/:-@\\[-`{-~', space: '\\t\\n\\v\\f\\r ', upper: 'A-Z',
  word: '0-9A-Za-z_', xdigit: '0-9A-Fa-f',
};

const QUANTIFIER = /^(?:[*+?]|\{\d+(?:,\d*)?\})/;
const escapeLiteral = (ch: string) => (/[\\^$.*+?()[\]{}|/-]/.test(ch) ? '\\' + ch : ch);

function caseless(ch: string): string {
  const lo = ch.toLowerCase(), up = ch.toUpperCase();
  return lo === up || lo.length !== 1 || up.length !== 1 ? escapeLiteral(ch) : `[${lo}${up}]`;
}

/** RE2's `\xHH` / `\x{H...}` (after the `\x`): the character and its JavaScript escape. */
function hexEscape(after: string): { char: string; js: string; length: number } | undefined {
  const m = /^(?:([0-9a-fA-F]{2})|\{([0-9a-fA-F]{1,4})\})/.exec(after);
  if (!m) return undefined;
  const code = parseInt(m[1] ?? m[2]!, 16);
  return { char: String.fromCharCode(code), js: '\\u' + code.toString(16).padStart(4, '0'), length: m[0].length };
}

/** Translate an RE2 pattern to JavaScript source with every flag applied in place (see the file comment). */
export function translateRe2(pattern: string, initialFlags = ''): string {
  let flags: Flags = { i: initialFlags.includes('i'), m: initialFlags.includes('m'), s: initialFlags.includes('s'), U: false };
  const stack: Flags[] = [];
  let out = '';
  let i = 0;
  const p = pattern;
  /** A quantifier after an atom: U swaps greedy and lazy. */
  const quantifier = () => {
    const q = QUANTIFIER.exec(p.slice(i));
    if (!q) return;
    i += q[0].length;
    let lazy = false;
    if (p[i] === '?') { lazy = true; i++; }
    out += q[0] + (lazy !== flags.U ? '?' : '');
  };
  while (i < p.length) {
    const ch = p[i]!;
    if (ch === '\\') {
      const next = p[i + 1];
      if (next === undefined) throw new KqlRuntimeError(`invalid regular expression '${pattern}': trailing backslash`);
      if (next === 'Q') {
        const end = p.indexOf('\\E', i + 2);
        const literal = p.slice(i + 2, end < 0 ? p.length : end);
        i = end < 0 ? p.length : end + 2;
        for (const c of literal) out += flags.i ? caseless(c) : escapeLiteral(c);
        continue;
      }
      if (next === 'p' || next === 'P' || next === 'C') throw new KqlUnsupportedError(`regular expression \\${next}`, undefined, pattern);
      i += 2;
      // No JavaScript m flag is ever set on a translated pattern, so ^ and $ are the text's ends.
      if (next === 'A') out += '^';
      else if (next === 'z') out += '$';
      else if (/[a-zA-Z]/.test(next) && !/[dDwWsSbBnrtfvx0u]/.test(next)) throw new KqlUnsupportedError(`regular expression \\${next}`, undefined, pattern);
      else if (/[a-zA-Z0-9]/.test(next)) {
        const hex = next === 'x' ? hexEscape(p.slice(i)) : undefined;
        if (hex) { out += flags.i ? caseless(hex.char) : hex.js; i += hex.length; } else out += '\\' + next;
      } else out += flags.i && /[a-zA-Z]/.test(next) ? caseless(next) : '\\' + next;
      quantifier();
      continue;
    }
    if (ch === '[') { out += charClass(); quantifier(); continue; }
    if (ch === '(') {
      if (p[i + 1] === '?') {
        const m = /^\(\?([imsU]*)(?:-([imsU]*))?([:)])/.exec(p.slice(i));
        if (m && (m[1] || m[2] !== undefined)) {
          const set = m[1]!, clear = m[2] ?? '';
          const apply = (f: Flags): Flags => {
            const g = { ...f };
            for (const c of set) g[c as keyof Flags] = true;
            for (const c of clear) g[c as keyof Flags] = false;
            return g;
          };
          i += m[0].length;
          if (m[3] === ')') { flags = apply(flags); continue; }
          stack.push(flags);
          flags = apply(flags);
          out += '(?:';
          continue;
        }
        // (?P<name> is RE2's spelling of (?<name>; the other group openers are copied whole.
        const opener = /^\(\?(?:P?<([A-Za-z_][A-Za-z0-9_]*)>|:|=|!|<=|<!)/.exec(p.slice(i));
        if (opener) {
          stack.push(flags);
          out += opener[1] !== undefined ? `(?<${opener[1]}>` : opener[0];
          i += opener[0].length;
          continue;
        }
      }
      stack.push(flags);
      out += '(';
      i++;
      continue;
    }
    if (ch === ')') {
      flags = stack.pop() ?? flags;
      out += ')';
      i++;
      quantifier();
      continue;
    }
    i++;
    if (ch === '.') out += flags.s ? '[\\s\\S]' : '[^\\n]';
    else if (ch === '^') out += flags.m ? '(?<![^\\n])' : '^';
    else if (ch === '$') out += flags.m ? '(?![^\\n])' : '$';
    else if (ch === '|') out += '|';
    else if (ch === '*' || ch === '+' || ch === '?' || ch === '{') {
      i--;
      if (QUANTIFIER.test(p.slice(i))) { quantifier(); continue; }
      i++;
      out += '\\' + ch;
      continue;
    } else out += flags.i ? caseless(ch) : escapeLiteral(ch);
    quantifier();
  }
  return out;

  /** A bracket class from p[i] = '[': copied, with POSIX classes expanded and letters widened under i. */
  function charClass(): string {
    let j = i + 1;
    let body = '';
    const extra: string[] = [];
    const negated = p[j] === '^';
    if (negated) j++;
    let first = true;
    const widen = (lo: string, hi: string) => {
      if (!flags.i) return;
      for (const [a, z, d] of [['a', 'z', -32], ['A', 'Z', 32]] as const) {
        const from = Math.max(lo.charCodeAt(0), a.charCodeAt(0)), to = Math.min(hi.charCodeAt(0), z.charCodeAt(0));
        if (from <= to) extra.push(`${String.fromCharCode(from + d)}-${String.fromCharCode(to + d)}`);
      }
    };
    let prevChar: string | undefined;
    while (j < p.length && (p[j] !== ']' || first)) {
      first = false;
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(p.slice(j));
      if (posix) {
        const cls = POSIX[posix[2]!];
        if (!cls || posix[1]) throw new KqlUnsupportedError(`regular expression class [:${posix[1]}${posix[2]}:]`, undefined, pattern);
        body += cls;
        j += posix[0].length;
        prevChar = undefined;
        continue;
      }
      const c = p[j]!;
      if (c === '\\') {
        const e = p[j + 1] ?? '';
        if (e === 'p' || e === 'P' || e === 'C') throw new KqlUnsupportedError(`regular expression \\${e}`, undefined, pattern);
        const hex = e === 'x' ? hexEscape(p.slice(j + 2)) : undefined;
        if (hex) { body += hex.js; widen(hex.char, hex.char); prevChar = hex.char; j += 2 + hex.length; continue; }
        body += c + e;
        prevChar = /[a-zA-Z0-9]/.test(e) ? undefined : e;
        j += 2;
        continue;
      }
      if (c === '-' && prevChar !== undefined && p[j + 1] !== undefined && p[j + 1] !== ']') {
        const hex = p.startsWith('\\x', j + 1) ? hexEscape(p.slice(j + 3)) : undefined;
        if (hex) { body += '-' + hex.js; widen(prevChar, hex.char); j += 3 + hex.length; prevChar = undefined; continue; }
        const hi = p[j + 1] === '\\' ? p[j + 2]! : p[j + 1]!;
        const width = p[j + 1] === '\\' ? 3 : 2;
        body += p.slice(j, j + width);
        widen(prevChar, hi);
        j += width;
        prevChar = undefined;
        continue;
      }
      body += c === '[' ? '\\[' : c;
      widen(c, c);
      prevChar = c;
      j++;
    }
    if (j >= p.length) throw new KqlRuntimeError(`invalid regular expression '${pattern}': missing ]`);
    i = j + 1;
    return `[${negated ? '^' : ''}${body}${extra.join('')}]`;
  }
}
