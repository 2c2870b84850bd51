/**
 * The start/length/occurrence search window shared by indexof() and array_index_of() (indexof-function.md,
 * array-index-of-function.md). A negative start counts from the end; length -1 is unlimited. Each occurrence is
 * searched in a window of `length` positions from where the search resumes (just after the previous match:
 * occurrences do not overlap), and a match must lie wholly inside it: the reference's examples fix this reading
 * (indexof("abcdefgabcdefg", "cde", 1, 10, 2) is 9, indexof("abcdefg", "cde", 1, 2) is -1).
 */

/**
 * The index of the `occurrence`-th match (1 when absent or 0) among `size` positions, -1 when there is none, null
 * for a start before the beginning (after the offset from the end), a negative occurrence or a length below -1.
 * `matchAt(i)` says whether a match of `width` positions starts at i.
 */
export function indexOfOccurrence(size: number, width: number, matchAt: (i: number) => boolean,
  start = 0, length = -1, occurrence = 1): number | null {
  const from = start < 0 ? size + start : start;
  if (from < 0 || occurrence < 0 || length < -1) return null;
  let resume = from, found = -1;
  for (let n = 0; n < Math.max(1, occurrence); n++) {
    const end = length === -1 ? size : Math.min(size, resume + length);
    found = -1;
    for (let i = resume; i + width <= end; i++) if (matchAt(i)) { found = i; break; }
    if (found < 0) return -1;
    resume = found + Math.max(1, width);
  }
  return found;
}
