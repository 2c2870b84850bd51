/** String comparison and search: strcmp, isascii, indexof_regex, has_any_index. */
import { registerScalar, scalar } from '../registry.js';
import { kqlRegex } from '../regex.js';
import { hasTerm } from '../compile/terms.js';
import { valueToString } from '../compare.js';

registerScalar(
  // Ordinal comparison of UTF-16 code units, as .NET's String.CompareOrdinal sign (strcmp-function.md).
  scalar('strcmp(s1: string, s2: string): int', function strcmp(s1: string, s2: string) {
    return s1 === s2 ? 0 : s1 < s2 ? -1 : 1;
  }),
  scalar('isascii(value: string): bool', function isascii(value: string) { return /^[\x00-\x7f]*$/.test(value); }),
  // The occurrence-th non-overlapping match within [start, start + length); -1 when absent; null for a negative
  // start or occurrence or a length below -1 (indexof-regex-function.md).
  scalar('indexof_regex(string: string, match: string, start?: integer, length?: integer, occurrence?: integer): long',
    function indexofRegex(text: string, match: string, start = 0, length = -1, occurrence = 1) {
      if (start < 0 || occurrence < 0 || length < -1) return null;
      const end = length === -1 ? text.length : Math.min(text.length, start + length);
      if (start > text.length) return -1;
      const re = new RegExp(kqlRegex(match).source, kqlRegex(match).flags.replace(/[gy]/g, '') + 'g');
      const region = text.slice(0, end);
      re.lastIndex = start;
      let seen = 0;
      for (let m = re.exec(region); m; m = re.exec(region)) {
        if (++seen >= Math.max(1, occurrence)) return m.index;
        if (m[0] === '') re.lastIndex++;
      }
      return -1;
    }),
  // The index of the first item that is a term of the source (has semantics), -1 when none (has-any-index-function.md).
  scalar('has_any_index(source: string, values: dynamic): long', function hasAnyIndex(source: string, values: unknown) {
    if (!Array.isArray(values)) return -1;
    return values.findIndex((v) => v !== null && hasTerm(source, typeof v === 'string' ? v : valueToString('dynamic', v), false));
  }),
);
