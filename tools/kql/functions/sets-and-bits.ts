/** around(), jaccard_index(), bitset_count_ones(). */
import { registerScalar, scalar } from '../registry.js';
import { valueKey } from '../compare.js';

type Ordered = number | bigint;

registerScalar(
  // center - delta <= value <= center + delta, for numbers, datetimes and timespans (around-function.md).
  scalar('around(value: scalar, center: scalar, delta: scalar): bool', function around(value: Ordered, center: Ordered, delta: Ordered) {
    if (typeof value === 'bigint' || typeof center === 'bigint' || typeof delta === 'bigint') {
      const v = BigInt(value), c = BigInt(center), d = BigInt(delta);
      return v >= c - d && v <= c + d;
    }
    return value >= center - delta && value <= center + delta;
  }),
  // |set1 ∩ set2| / |set1 ∪ set2| over distinct elements (jaccard-index-function.md; Kusto.Language declares the
  // two sets as one repeated parameter); two empty sets give NaN (0/0).
  scalar('jaccard_index(set: dynamic...): real', function jaccardIndex(set: unknown[]) {
    const [set1, set2] = set;
    if (set.length !== 2) return null;
    if (!Array.isArray(set1) || !Array.isArray(set2)) return null;
    const a = new Set(set1.map(valueKey)), b = new Set(set2.map(valueKey));
    let both = 0;
    for (const k of a) if (b.has(k)) both++;
    return both / (a.size + b.size - both);
  }, { nulls: 'handled' }),
  // The set bits of the 64-bit two's complement value.
  scalar('bitset_count_ones(value: integer): int', function bitsetCountOnes(value: number) {
    let bits = BigInt.asUintN(64, BigInt(Math.trunc(value))), n = 0;
    while (bits) { n += Number(bits & 1n); bits >>= 1n; }
    return n;
  }),
);
