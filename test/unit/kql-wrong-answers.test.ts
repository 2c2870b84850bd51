/**
 * Wrong-answer classes of issue 12 §1 fixed in the function registry. Each class's main regression test is the
 * reference's own example in the conformance suite (test/kql/conformance, no longer reviewed as known-wrong); the
 * cases here are the edges those examples do not reach: null rows, mismatched lengths, out-of-range arguments,
 * inputs that must stay unmodified, and the bytes an encoder writes beyond the example's characters.
 */
import { describe, expect, it } from 'vitest';
import { errorOf, run } from './kql-adv-helpers.js';

const one = (q: string) => run(q).rows[0]![0];
const row = (q: string) => run(q).rows[0]!;

describe('array_sort_asc / array_sort_desc with several arrays (array-sort-asc-function.md)', () => {
  it('one output column per array, named by the binder; `(a, b) =` names them', () => {
    const r = run('print (x, y) = array_sort_desc(dynamic([2, 1, 3]), dynamic(["b", "a", "c"]))');
    expect(r.cols).toEqual(['x:dynamic', 'y:dynamic']);
    expect(r.rows[0]).toEqual([[3, 2, 1], ['c', 'b', 'a']]);
  });
  it('an array whose length differs from the first, or that is not an array, gives null', () => {
    expect(row('print (x, y) = array_sort_asc(dynamic([2, 1]), dynamic(["b"]))')).toEqual([[1, 2], null]);
    expect(row('datatable(a: dynamic, b: dynamic)[dynamic([2, 1]), dynamic({"k": 1})] | project (x, y) = array_sort_asc(a, b)')).toEqual([[1, 2], null]);
  });
  it('nulls_last after several arrays moves the companions of null keys with them; ties keep their order', () => {
    expect(row('print (x, y) = array_sort_asc(dynamic([2, null, 1, 2]), dynamic(["p", "n", "q", "r"]), false)'))
      .toEqual([[null, 1, 2, 2], ['n', 'q', 'p', 'r']]);
  });
  it('mixed elements: numbers, then strings, then the rest', () => {
    expect(one('print array_sort_asc(dynamic(["b", true, 10, "a", 2]))')).toEqual([2, 10, 'a', 'b', true]);
  });
  it('a null array gives null', () => {
    expect(one('print isnull(array_sort_asc(dynamic(null)))')).toBe(true);
  });
});

describe('array_iff (array-iff-function.md)', () => {
  it('when_true/when_false arrays shorter than the conditions give null past their end', () => {
    expect(one('print array_iff(dynamic([true, true, false]), dynamic([1, 2]), dynamic([3]))')).toEqual([1, 2, null]);
  });
  it('a scalar when_true keeps its type inside the array (a datetime as its text form)', () => {
    expect(one('print array_iff(dynamic([1]), datetime(2020-01-01), 0)')).toEqual(['2020-01-01T00:00:00.0000000Z']);
  });
});

describe('indexof / array_index_of windows (indexof-function.md, array-index-of-function.md)', () => {
  it('null for a start before the beginning, a negative occurrence or a length below -1', () => {
    expect(row('print indexof("abc", "b", -4), indexof("abc", "b", 0, -2), indexof("abc", "b", 0, -1, -1)')).toEqual([null, null, null]);
    expect(row('print array_index_of(dynamic([1, 2]), 2, -3), array_index_of(dynamic([1, 2]), 2, 0, -2)')).toEqual([null, null]);
  });
  it('occurrences do not overlap', () => {
    expect(one('print indexof("aaaa", "aa", 0, -1, 2)')).toBe(2);
    expect(one('print indexof("aaaa", "aa", 0, -1, 3)')).toBe(-1);
  });
  it('a start past the end finds nothing', () => {
    expect(row('print indexof("abc", "c", 5), array_index_of(dynamic([1]), 1, 3)')).toEqual([-1, -1]);
  });
});

describe('bag_has_key / bag_remove_keys / bag_set_key with JSONPath keys', () => {
  it('bracket notation and keys that are not there', () => {
    expect(row(`print bag_has_key(dynamic({"a": {"b c": 1}}), "$['a']['b c']"), bag_has_key(dynamic({"a": 1}), "$.a.b")`)).toEqual([true, false]);
  });
  it('the input bag is not modified (the same value read again after bag_set_key / bag_remove_keys)', () => {
    const r = run(`print d = dynamic({"a": {"b": 1, "c": 2}})
      | extend s = bag_set_key(d, "$.a.b", 9), r = bag_remove_keys(d, dynamic(["$.a.c"])), d2 = d`);
    expect(r.rows[0]).toEqual([{ a: { b: 1, c: 2 } }, { a: { b: 9, c: 2 } }, { a: { b: 1 } }, { a: { b: 1, c: 2 } }]);
  });
  it('a path through a value that is not a bag leaves the bag unchanged', () => {
    expect(one('print bag_set_key(dynamic({"a": 1}), "$.a.b", 2)')).toEqual({ a: 1 });
  });
  it('array indexes and the bare root are refused by name', () => {
    expect(errorOf('print bag_set_key(dynamic({"a": [1]}), "$.a[0]", 2)')).toMatchObject({ kind: 'unsupported', message: expect.stringContaining('bag_set_key') });
    expect(errorOf('print bag_has_key(dynamic({"a": 1}), "$")')).toMatchObject({ kind: 'unsupported', message: expect.stringContaining('bag_has_key') });
  });
});

describe('replace_strings (replace-strings-function.md)', () => {
  it('a lookup that is not a string is ignored; a missing rewrite keeps the match', () => {
    expect(one('print replace_strings("a-b", dynamic([1, "-", "a"]), dynamic(["x", "+"]))')).toBe('a+b');
  });
  it('rewritten text is never matched again', () => {
    expect(one('print replace_strings("ab", dynamic(["a", "b"]), dynamic(["b", "c"]))')).toBe('bc');
  });
});

describe('encodings', () => {
  it('url_encode / url_encode_component: UTF-8 bytes in lowercase hex, HttpUtility safe characters kept', () => {
    expect(row("print url_encode(\"é ~'*()!\"), url_encode_component(\"a b+c\")")).toEqual(['%c3%a9+%7e%27*()!', 'a%20b%2bc']);
  });
  it('base64_decode_tostring: valid multi-byte UTF-8 still decodes', () => {
    expect(one('print base64_decode_tostring(base64_encode_tostring("Строчка"))')).toBe('Строчка');
  });
  it('tohex: a negative long is 64-bit, an int 32-bit; minLength is capped at 16', () => {
    expect(row('print tohex(toint(-1)), tohex(-1), tohex(1, 20), tohex(toint(255), 4)')).toEqual(['ffffffff', 'ffffffffffffffff', '0000000000000001', '00ff']);
  });
});

describe('IP functions', () => {
  it('has_ipv4 is false for a prefix or a non-address as the searched value', () => {
    expect(row("print has_ipv4('from 10.0.0.1 ok', '10.0.0.1/24'), has_ipv4('a 1.2.3 b', '1.2.3'), has_ipv4('from 10.0.0.1 ok', '10.0.0.1')"))
      .toEqual([false, false, true]);
  });
  it('format_ipv4(_mask) with a prefix over 32 is empty', () => {
    expect(row("print format_ipv4('10.1.2.3', 33), format_ipv4_mask('10.1.2.3', 33), format_ipv4_mask('10.1.2.3', 0)")).toEqual(['', '', '0.0.0.0/0']);
  });
  it('::a.b.c.d is the IPv4-mapped address everywhere, not only in parse_ipv6_mask', () => {
    expect(row("print parse_ipv6('::1.2.3.4'), ipv6_compare('::1.2.3.4', '1.2.3.4'), parse_ipv6('64:ff9b::1.2.3.4')"))
      .toEqual(['0000:0000:0000:0000:0000:ffff:0102:0304', 0, '0064:ff9b:0000:0000:0000:0000:0102:0304']);
  });
});

describe('parse_path (parse-path-function.md)', () => {
  it('a scheme other than file, and a stream on a file without a directory', () => {
    expect(one('print parse_path("smb://server/share/a.txt")')).toMatchObject({ Scheme: 'smb', DirectoryPath: 'server/share', Filename: 'a.txt' });
    expect(one('print parse_path("a.exe:zone.identifier")')).toMatchObject({ Filename: 'a.exe', Extension: 'exe', AlternateDataStreamName: 'zone.identifier' });
  });
});

describe('range() of datetimes (range-function.md)', () => {
  it('the step defaults to one hour', () => {
    expect(one('print range(datetime(2020-01-01), datetime(2020-01-01 02:00))')).toEqual([
      '2020-01-01T00:00:00.0000000Z', '2020-01-01T01:00:00.0000000Z', '2020-01-01T02:00:00.0000000Z',
    ]);
  });
});

describe('geo_info_from_ip_address without a lookup table', () => {
  it('is refused as unsupported, naming the function and its position', () => {
    const e = errorOf("print geo_info_from_ip_address('20.53.203.50')");
    expect(e.kind).toBe('unsupported');
    expect(e.message).toMatch(/geo_info_from_ip_address.*line 1, column 7/);
  });
});

describe('RE2 flags in regular expressions (regex.md)', () => {
  it('flag groups scoped to a group and flags set mid-pattern', () => {
    expect(row('print extract("(?i:AB)c", 0, "xABc"), extract("(?i:AB)c", 0, "xABC"), extract("a(?i)b", 0, "AbaB")')).toEqual(['ABc', '', 'aB']);
    expect(row('print "AAab" matches regex "(?i)a+(?-i)b+", "AAaB" matches regex "(?i)a+(?-i)b+"')).toEqual([true, false]);
  });
  it('a flag set inside a group ends with the group', () => {
    expect(row('print extract("((?i)a)b", 0, "AB"), extract("((?i)a)b", 0, "Ab")')).toEqual(['', 'Ab']);
  });
  it('case-insensitive classes, negated classes and named groups', () => {
    expect(row('print extract("(?i:[a-c]+)", 0, "xABCd"), extract("x(?i:[^a])", 0, "xA"), extract_all("(?i:(?P<l>[a-z]))(?P<d>\\\\d)", dynamic(["l", "d"]), "A1 b2")'))
      .toEqual(['ABC', '', [['A', '1'], ['b', '2']]]);
  });
  it('the ungreedy flag swaps greedy and lazy; s, m, \\A, \\z, \\Q..\\E and POSIX classes', () => {
    expect(row('print extract("(?U)a+", 0, "aaa"), extract("(?U)a+?", 0, "aaa"), extract("x(?s:.)y", 0, "x\\ny"), extract("x.y", 0, "x\\ny")')).toEqual(['a', 'aaa', 'x\ny', '']);
    expect(row('print extract("(?m)^b$", 0, "a\\nb\\nc"), extract("\\\\Qa.b\\\\E", 0, "axb a.b"), extract("[[:digit:]]+", 0, "ab123"), "ab\\n" matches regex "ab\\\\z"'))
      .toEqual(['b', 'a.b', '123', false]);
  });
  it('trim and replace_regex take the same syntax', () => {
    expect(row('print trim("(?i)x", "XaX"), replace_regex("aB", "(?i:b)", "c")')).toEqual(['a', 'ac']);
  });
  it('RE2 syntax with no JavaScript equivalent is refused by name', () => {
    expect(errorOf('print extract("\\\\pL", 0, "a")')).toMatchObject({ kind: 'unsupported', message: expect.stringContaining('\\p') });
  });
});

describe('tolong / toint of text (tolongfunction.md, tointfunction.md: null when the conversion fails)', () => {
  it('empty and blank text is null, not 0 (a rule comparing toint(Field) > 0 must not see 0 for a missing value)', () => {
    expect(row('print toint(""), tolong(" "), toint("\\t"), isnull(tolong(""))')).toEqual([null, null, null, true]);
  });
  it('only decimal text converts: hex, words and Infinity are null; fractions truncate; signs and spaces are read', () => {
    expect(row('print tolong("0x10"), toint("abc"), tolong("Infinity"), toint("123.456"), tolong(" -42 "), toint("+7")'))
      .toEqual([null, null, null, 123, -42, 7]);
  });
});

describe('parse kind=regex reads its literals as RE2', () => {
  it('an inline flag group scoped to part of the pattern applies there only', () => {
    const r = run('print s = "Key=ABC; key=def" | parse kind=regex s with "(?i:KEY)=" value: string ";.*"');
    expect(r.rows[0]!.at(-1)).toBe('ABC');
  });
  it('a mid-pattern (?i) applies to the rest of the pattern', () => {
    const r = run('print s = "user=Bob ROLE=admin" | parse kind=regex s with "user=" name: string " (?i)role=" role: string');
    expect(r.rows[0]!.slice(-2)).toEqual(['Bob', 'admin']);
  });
});

describe('series_fill_linear rounds only a series of ints or longs (series-fill-linear-function.md)', () => {
  it('a real series whose values are whole numbers is interpolated exactly; a long series is rounded', () => {
    expect(row('print series_fill_linear(dynamic([1.0, null, 2.0])), series_fill_linear(dynamic([1, null, 2]))')).toEqual([[1, 1.5, 2], [1, 1, 2]]);
  });
  it('make-series of a real aggregate, make_list of a real column and series arithmetic hold reals; sum of longs does not', () => {
    const q = (body: string) => one(`datatable(t: long, v: real, n: long)[1, 1.0, 1, 3, 2.0, 2] | ${body}`);
    expect(q('make-series a = avg(v) default = real(null) on t from 1 to 4 step 1 | project series_fill_linear(a)')).toEqual([1, 1.5, 2]);
    expect(q('make-series a = sum(n) default = long(null) on t from 1 to 4 step 1 | project series_fill_linear(a)')).toEqual([1, 1, 2]);
    expect(q('make-series a = sum(n) default = long(null) on t from 1 to 4 step 1 | project series_fill_linear(series_multiply(a, 1))')).toEqual([1, 1.5, 2]);
    expect(one('datatable(v: real)[1.0, real(null), 2.0] | summarize l = make_list_with_nulls(v) | project series_fill_linear(l)')).toEqual([1, 1.5, 2]);
    expect(one('datatable(v: long)[1, long(null), 2] | summarize l = make_list_with_nulls(v) | project series_fill_linear(l)')).toEqual([1, 1, 2]);
  });
});
