/**
 * Differential self-check (issue 12 §1, end): random small tables and expressions (seeded, so a failure names the
 * seed that replays it), each result computed along two independent paths that must agree - the engine against the
 * independent oracle (./oracle.ts), or two engine formulations that share no operator (where vs countif, summarize vs
 * make-series + mv-expand, join vs lookup, sort + take vs top, distinct vs summarize by, ...). The iteration counts
 * are bounded to keep `npm test` fast; raise them with CDR_DIFF_SEEDS=<n> when hunting.
 */
import { describe, expect, it } from 'vitest';
import { KqlEngine } from '../../../tools/kql/index.js';
import { TableSchemaRegistry } from '../../../tools/kql/../kusto/table-schemas.js';
import { genPred, genRows, renderPred, Rng, T_SCHEMA, WORDS, wireRows, type Row } from './gen.js';
import { evalPred, groupBy, nonNull } from './oracle.js';

const SEEDS = Number(process.env.CDR_DIFF_SEEDS ?? 25);
const NOW = '2024-01-15T00:00:00Z';

interface Ctx { rng: Rng; rows: Row[]; q: (query: string) => unknown[][]; seed: number }

/** Run `check` for seeds 1..n on a fresh table T (and U: one row per word, for joins); collect every disagreement. */
function property(n: number, check: (c: Ctx) => string | undefined): void {
  const engine = new KqlEngine(new TableSchemaRegistry());
  const failures: string[] = [];
  for (let seed = 1; seed <= n; seed++) {
    const rng = new Rng(seed * 7919);
    const rows = genRows(rng);
    engine.registerWireTable('T', T_SCHEMA, wireRows(rows));
    engine.registerWireTable('U', [{ name: 'k', type: 'string' }, { name: 'uv', type: 'long' }], WORDS.filter((_, i) => i % 2 === seed % 2).map((w, i) => [w, i * 10 + seed]));
    const q = (query: string) => engine.run(query, { now: NOW }).rows;
    let problem: string | undefined;
    try { problem = check({ rng, rows, q, seed }); } catch (e) { problem = `threw ${(e as Error).message}`; }
    if (problem) failures.push(`seed ${seed}: ${problem}`);
  }
  expect(failures.slice(0, 5), `${failures.length} of ${n} seeds disagree`).toEqual([]);
}

const sorted = (rows: unknown[][]) => rows.map((r) => JSON.stringify(r)).sort();
const same = (a: unknown[][], b: unknown[][]) => JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
const show = (x: unknown) => JSON.stringify(x).slice(0, 300);

describe('differential: filters and scalar operators', () => {
  it('where P keeps exactly the rows the oracle evaluates to true (null rules of the reference)', () => property(SEEDS * 4, ({ rng, rows, q }) => {
    const p = genPred(rng, rows);
    const got = q(`T | where ${renderPred(p)} | project id`).map((r) => r[0]);
    const want = rows.filter((r) => evalPred(p, r) === true).map((r) => r.id);
    return JSON.stringify(got) === JSON.stringify(want) ? undefined : `where ${renderPred(p)}: engine ids ${show(got)}, oracle ${show(want)}`;
  }));

  it('P, not(P) and isnull(P) partition the table', () => property(SEEDS * 2, ({ rng, rows, q }) => {
    const p = renderPred(genPred(rng, rows));
    const [[t]] = q(`T | where ${p} | count`) as number[][], [[f]] = q(`T | where not(${p}) | count`) as number[][], [[n]] = q(`T | where isnull(${p}) | count`) as number[][];
    return t! + f! + n! === rows.length ? undefined : `${p}: ${t} + ${f} + ${n} != ${rows.length}`;
  }));

  it('where P | count equals countif(P); where A and B equals where A | where B', () => property(SEEDS * 2, ({ rng, rows, q }) => {
    const a = renderPred(genPred(rng, rows)), b = renderPred(genPred(rng, rows));
    const [[w]] = q(`T | where ${a} | count`), [[c]] = q(`T | summarize countif(${a})`);
    if (w !== c) return `${a}: where ${w}, countif ${c}`;
    const both = q(`T | where (${a}) and (${b}) | project id`), chained = q(`T | where ${a} | where ${b} | project id`);
    return JSON.stringify(both) === JSON.stringify(chained) ? undefined : `${a} / ${b}: and ${show(both)}, chained ${show(chained)}`;
  }));

  it('in / has_any / between agree with their expansions into == / has / >= and <=', () => property(SEEDS, ({ rng, q }) => {
    const x = rng.int(-5, 5), y = rng.int(-5, 5), w1 = rng.pick(WORDS.filter(Boolean)), w2 = rng.pick(WORDS.filter(Boolean));
    const pairs: [string, string][] = [
      [`v in (${x}, ${y})`, `v == ${x} or v == ${y}`],
      [`v !in (${x}, ${y})`, `v != ${x} and v != ${y}`],
      [`k has_any (${JSON.stringify(w1)}, ${JSON.stringify(w2)})`, `k has ${JSON.stringify(w1)} or k has ${JSON.stringify(w2)}`],
      [`v between (${Math.min(x, y)} .. ${Math.max(x, y)})`, `v >= ${Math.min(x, y)} and v <= ${Math.max(x, y)}`],
      [`r !between (${Math.min(x, y)} .. ${Math.max(x, y)})`, `not(r >= ${Math.min(x, y)} and r <= ${Math.max(x, y)})`],
    ];
    for (const [a, b] of pairs) {
      const ra = q(`T | project id, x = tostring(${a})`), rb = q(`T | project id, x = tostring(${b})`);
      if (!same(ra, rb)) return `${a} vs ${b}: ${show(ra)} / ${show(rb)}`;
    }
    return undefined;
  }));

  it('scalar identities hold on every row (bin vs %, =~ vs tolower, datetime parts, dynamic round trips, conditionals)', () => property(SEEDS, ({ q }) => {
    const identities: [string, string][] = [
      ['bin(v, 4)', 'v - v % 4'],
      ['iff(isnull(v), true, v % 4 >= 0 and v % 4 < 4)', 'true'],
      ['(-v) % 3', '(3 - (v % 3)) % 3'],
      ['k =~ "alpha"', 'tolower(k) == "alpha"'],
      ['k contains "al"', 'indexof(tolower(k), "al") >= 0'],
      ['k startswith "be"', 'indexof(tolower(k), "be") == 0'],
      ['bin(t, 1d)', 'startofday(t)'],
      ['datetime_part("hour", t)', 'hourofday(t)'],
      ['datetime_add("day", 2, t)', 't + 2d'],
      ['endofday(t)', 'startofday(t) + 1d - 1tick'],
      ['todatetime(tostring(t))', 't'],
      ['format_datetime(t, "yyyy-MM-dd HH")', 'iff(isnull(t), "", strcat(substring(tostring(t), 0, 10), " ", substring(tostring(t), 11, 2)))'],
      ['getyear(t)', 'datetime_part("year", t)'],
      ['dayofmonth(t)', 'datetime_part("day", t)'],
      ['tostring(todynamic(tostring(d)))', 'tostring(d)'],
      ['tostring(array_reverse(array_reverse(d)))', 'tostring(iff(gettype(d) == "array", d, dynamic(null)))'],
      ['iff(gettype(d) == "array", set_has_element(d, 1), false)', 'iff(gettype(d) == "array", array_index_of(d, 1) >= 0, false)'],
      ['iff(b, 1, 0)', 'iff(isnull(b), 0, toint(b))'],
      ['max_of(v, g)', 'iff(isnull(v), g, iff(isnull(g), v, iff(v > g, v, g)))'],
      ['coalesce(v, 0)', 'iff(isnull(v), 0, v)'],
      ['case(v > 0, 1, v < 0, -1, 0)', 'iff(isnull(v), 0, sign(v))'],
      ['array_length(pack_array(v, k, t))', '3'],
      ['strcat_array(split(k, "-"), "-")', 'k'],
      ['iff(isnull(b), "null", tostring(not(b)))', 'iff(isnull(b), "null", tostring(b == false))'],
      ['strlen(strcat(k, k))', '2 * strlen(k)'],
      ['substring(k, 1)', 'substring(k, 1, strlen(k))'],
      ['toupper(tolower(k))', 'toupper(k)'],
      ['reverse(reverse(k))', 'k'],
      ['replace_string(k, "a", "a")', 'k'],
      ['countof(k, "a")', 'iff(strlen(k) == 0, 0, array_length(split(k, "a")) - 1)'],
      ['isnotempty(extract("(a)", 1, k))', 'k contains_cs "a"'],
      ['datetime_diff("day", t, datetime(2024-01-01))', 'tolong((startofday(t) - datetime(2024-01-01)) / 1d)'],
      ['unixtime_seconds_todatetime(tolong((t - datetime(1970-01-01)) / 1s))', 'bin(t, 1s)'],
      ['array_length(bag_keys(bag_pack("a", v, "b", k)))', '2'],
      ['iff(gettype(d) == "array", array_length(array_concat(d, d)), 0)', 'iff(gettype(d) == "array", 2 * array_length(d), 0)'],
      ['iff(gettype(d) == "array" and array_length(d) > 0, tostring(d[0]), "")', 'iff(gettype(d) == "array" and array_length(d) > 0, tostring(array_slice(d, 0, 0)[0]), "")'],
    ];
    // One query per seed: every identity's two sides as text columns, compared here.
    const cols = identities.map(([a, b], i) => `a${i} = tostring(${a}), b${i} = tostring(${b})`).join(', ');
    const rows = q(`T | project id, ${cols}`);
    for (const [i, [a, b]] of identities.entries()) {
      const bad = rows.filter((r) => r[1 + 2 * i] !== r[2 + 2 * i]).map((r) => [r[0], r[1 + 2 * i], r[2 + 2 * i]]);
      if (bad.length) return `${a} vs ${b}: ${show(bad.slice(0, 3))}`;
    }
    return undefined;
  }));
});

describe('differential: aggregates and grouping', () => {
  it('summarize count/countif/sum/min/max/avg/dcount by g agrees with the oracle', () => property(SEEDS * 2, ({ rows, q }) => {
    const got = q('T | summarize c = count(), n = countif(isnotnull(v)), s = sum(v), mn = min(v), mx = max(v), a = avg(v), dc = dcount(v) by g');
    for (const [g, grp] of groupBy(rows, 'g')) {
      const row = got.find((r) => r[0] === g);
      if (!row) return `group ${String(g)} missing`;
      const vs = nonNull(grp, 'v');
      const want: unknown[] = [g, grp.length, vs.length];
      if (vs.length) want.push(vs.reduce((x, y) => x + y, 0), Math.min(...vs), Math.max(...vs), vs.reduce((x, y) => x + y, 0) / vs.length, new Set(vs).size);
      const cmpLen = want.length;
      const gotPart = row.slice(0, cmpLen).map((x, i) => (i === 6 && typeof x === 'number' ? Math.round(x * 1e9) / 1e9 : x));
      const wantPart = want.map((x, i) => (i === 6 && typeof x === 'number' ? Math.round(x * 1e9) / 1e9 : x));
      if (JSON.stringify(gotPart) !== JSON.stringify(wantPart)) return `group ${String(g)}: engine ${show(row)}, oracle ${show(want)}`;
    }
    return got.length === groupBy(rows, 'g').size ? undefined : `${got.length} groups, oracle ${groupBy(rows, 'g').size}`;
  }));

  it('summarize count() by bin(t, 1d) equals make-series count() + mv-expand (non-empty bins)', () => property(SEEDS, ({ q }) => {
    const a = q('T | where isnotnull(t) | summarize c = count() by day = bin(t, 1d) | project day, c');
    const b = q('T | make-series c = count() default = 0 on t from datetime(2024-01-01) to datetime(2024-01-11) step 1d | mv-expand day = t to typeof(datetime), c to typeof(long) | where c > 0 | project day, c');
    return same(a, b) ? undefined : `summarize ${show(a)}, make-series ${show(b)}`;
  }));

  it('distinct equals summarize by; summing per-key counts gives the row count', () => property(SEEDS, ({ rows, q }) => {
    const a = q('T | distinct k, g'), b = q('T | summarize by k, g');
    if (!same(a, b)) return `distinct ${show(a)}, summarize by ${show(b)}`;
    const pairs = new Set(rows.map((r) => JSON.stringify([r.k, r.g ?? null])));
    if (a.length !== pairs.size) return `distinct ${a.length} rows, oracle ${pairs.size}`;
    const [[total]] = q('T | summarize c = count() by k | summarize sum(c)');
    return (rows.length === 0 ? total === null || total === 0 : total === rows.length) ? undefined : `sum of counts ${String(total)}, rows ${rows.length}`;
  }));

  it('arg_max(v, id) by g returns a row holding the group maximum', () => property(SEEDS, ({ rows, q }) => {
    const got = q('T | summarize arg_max(v, id) by g');
    for (const [g, grp] of groupBy(rows, 'g')) {
      const row = got.find((r) => r[0] === g);
      if (!row) return `group ${String(g)} has no row (${grp.length} rows, values ${show(grp.map((r) => r.v))})`;
      const vs = nonNull(grp, 'v');
      const want = vs.length ? Math.max(...vs) : null;
      if (row[1] !== want) return `group ${String(g)}: arg_max value ${String(row[1])}, max ${String(want)}`;
      const src = grp.find((r) => r.id === row[2]);
      if (!src || (src.v ?? null) !== want) return `group ${String(g)}: id ${String(row[2])} does not hold the maximum`;
    }
    return undefined;
  }));

  it('make_set has the distinct values, make_list all non-null values, array_sum(make_list) the sum', () => property(SEEDS, ({ rows, q }) => {
    const got = q('T | summarize st = make_set(v), ls = make_list(v), s = sum(v) by g | extend n = array_length(st), m = array_length(ls), s2 = array_sum(ls)');
    for (const [g, grp] of groupBy(rows, 'g')) {
      const row = got.find((r) => r[0] === g)!;
      const vs = nonNull(grp, 'v');
      if (row[4] !== new Set(vs).size || row[5] !== vs.length) return `group ${String(g)}: set ${show(row[1])}, list ${show(row[2])}, values ${show(vs)}`;
      if (vs.length && row[3] !== row[6]) return `group ${String(g)}: sum ${String(row[3])}, array_sum ${String(row[6])}`;
    }
    return undefined;
  }));
});

describe('differential: joins, ordering, expansion, union', () => {
  it('join kinds agree with in / !in and with each other (fullouter = inner + leftanti + rightanti)', () => property(SEEDS, ({ q }) => {
    const semi = q('T | join kind=leftsemi U on k | project id'), inn = q('T | where k in ((U | project k)) | project id');
    if (!same(semi, inn)) return `leftsemi ${show(semi)}, where in ${show(inn)}`;
    const anti = q('T | join kind=leftanti U on k | project id'), notIn = q('T | where k !in ((U | project k)) | project id');
    if (!same(anti, notIn)) return `leftanti ${show(anti)}, where !in ${show(notIn)}`;
    const [[full]] = q('T | join kind=fullouter U on k | count'), [[inner]] = q('T | join kind=inner U on k | count');
    const [[la]] = q('T | join kind=leftanti U on k | count'), [[ra]] = q('T | join kind=rightanti U on k | count');
    return full === (inner as number) + (la as number) + (ra as number) ? undefined : `fullouter ${String(full)} != inner ${String(inner)} + leftanti ${String(la)} + rightanti ${String(ra)}`;
  }));

  it('lookup equals join kind=leftouter / inner on a right side with unique keys', () => property(SEEDS, ({ q }) => {
    const a = q('T | lookup kind=leftouter U on k | project id, k, uv'), b = q('T | join kind=leftouter U on k | project id, k, uv');
    if (!same(a, b)) return `leftouter: lookup ${show(a)}, join ${show(b)}`;
    const c = q('T | lookup kind=inner U on k | project id, uv'), d = q('T | join kind=inner U on k | project id, uv');
    return same(c, d) ? undefined : `inner: lookup ${show(c)}, join ${show(d)}`;
  }));

  it('top n by equals sort by | take n, with nulls where the reference puts them', () => property(SEEDS * 2, ({ rng, rows, q }) => {
    const n = rng.int(0, 8);
    for (const dir of ['asc', 'desc'] as const) {
      const a = q(`T | top ${n} by v ${dir} | project v`), b = q(`T | sort by v ${dir} | take ${n} | project v`);
      if (JSON.stringify(a) !== JSON.stringify(b)) return `${dir}: top ${show(a)}, sort+take ${show(b)}`;
      // sort-operator.md: asc puts nulls first, desc puts them last (the defaults).
      const vs = rows.map((r) => (r.v ?? null) as number | null);
      const nn = vs.filter((v): v is number => v !== null).sort((x, y) => (dir === 'asc' ? x - y : y - x));
      const nulls = vs.filter((v) => v === null);
      const want = (dir === 'asc' ? [...nulls, ...nn] : [...nn, ...nulls]).slice(0, n).map((v) => [v]);
      if (JSON.stringify(a) !== JSON.stringify(want)) return `${dir}: top ${show(a)}, oracle ${show(want)}`;
    }
    return undefined;
  }));

  it('mv-expand of an array column agrees with array_length / array_sum and with mv-apply', () => property(SEEDS, ({ rows, q }) => {
    const a = q('T | where gettype(d) == "array" and array_length(d) > 0 | mv-expand e = d to typeof(long) | summarize n = count(), s = sum(e) by id');
    const b = q('T | where gettype(d) == "array" and array_length(d) > 0 | project id, n = array_length(d), s = array_sum(d)');
    if (!same(a, b)) return `mv-expand ${show(a)}, array functions ${show(b)}`;
    const c = q('T | where gettype(d) == "array" and array_length(d) > 0 | mv-apply e = d to typeof(long) on (summarize n = count(), s = sum(e)) | project id, n, s');
    if (!same(a, c)) return `mv-expand ${show(a)}, mv-apply ${show(c)}`;
    const expandedRows = rows.reduce((acc, r) => acc + (Array.isArray(r.d) ? Math.max(r.d.length, 0) : r.d === null || r.d === undefined ? 1 : Object.keys(r.d as object).length), 0);
    const [[total]] = q('T | mv-expand d | count');
    return total === expandedRows ? undefined : `mv-expand d | count is ${String(total)}, oracle ${expandedRows} (arrays: their items; bags: their entries; null: one row)`;
  }));

  it('union T, T doubles the rows; extend + project equals project with the expression', () => property(SEEDS, ({ rows, q }) => {
    const [[u]] = q('union T, T | count');
    if (u !== 2 * rows.length) return `union count ${String(u)}, twice ${rows.length}`;
    const src = q('union withsource = S (T | as A), (T | where isnotnull(v) | as B) | summarize c = count() by S');
    const want = [['A', rows.length], ['B', rows.filter((r) => r.v !== null).length]].filter((x) => x[1] !== 0);
    if (!same(src, want)) return `withsource counts ${show(src)}, oracle ${show(want)}`;
    const a = q('T | extend z = v * 2 + g | project id, z'), b = q('T | project id, z = v * 2 + g');
    return JSON.stringify(a) === JSON.stringify(b) ? undefined : `extend+project ${show(a)}, project ${show(b)}`;
  }));
});
