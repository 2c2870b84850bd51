/** Function families of the engine, checked through queries against the values the KQL reference documents. */
import { beforeAll, describe, expect, it } from 'vitest';
import { KqlEngine, KqlRuntimeError, KqlUnsupportedError } from '../../tools/kql/index.js';

let e: KqlEngine;
const NOW = '2026-11-20T12:00:00Z';
const one = (expr: string) => e.run(`print r = ${expr}`, { now: NOW }).rows[0]![0];
const rows = (q: string) => e.run(q, { now: NOW }).rows;

beforeAll(() => { e = new KqlEngine(); });

describe('string functions', () => {
  it('case, length, substring, concat, split, replace', () => {
    expect(one('tolower("AbC")')).toBe('abc');
    expect(one('toupper("AbC")')).toBe('ABC');
    expect(one('strlen("héllo")')).toBe(5);
    expect(one('substring("abcdef", 2, 3)')).toBe('cde');
    expect(one('substring("abcdef", 4)')).toBe('ef');
    expect(one('strcat("a", 1, true)')).toBe('a1true');
    expect(one('strcat_delim("-", "a", "b")')).toBe('a-b');
    expect(one('split("a.b.c", ".")')).toEqual(['a', 'b', 'c']);
    expect(one('split("a.b.c", ".", 1)')).toEqual(['b']);
    expect(one('replace_string("a-b-c", "-", "+")')).toBe('a+b+c');
    expect(one('replace_regex("a1b22", @"\\d+", "#")')).toBe('a#b#');
    expect(one('reverse("abc")')).toBe('cba');
    expect(one('strcat_array(dynamic(["a", 1]), ",")')).toBe('a,1');
  });
  it('extract, extract_all, indexof, countof, trim', () => {
    expect(one('extract(@"id=(\\d+)", 1, "x id=42 y")')).toBe('42');
    expect(one('extract(@"id=(\\d+)", 1, "nothing")')).toBe('');
    expect(one('extract_all(@"(\\d+)", "a1b22c333")')).toEqual(['1', '22', '333']);
    expect(one('indexof("abcabc", "c")')).toBe(2);
    expect(one('indexof("abc", "z")')).toBe(-1);
    expect(one('countof("aaa", "a")')).toBe(3);
    expect(one('trim(@"\\s+", "  x  ")')).toBe('x');
    expect(one('trim_start("x", "xxabx")')).toBe('abx');
    expect(one('trim_end("x", "xxabx")')).toBe('xxab');
  });
  it('isempty/isnotempty and coalesce treat empty strings as empty', () => {
    expect(rows('print a = isempty(""), b = isnotempty("x"), c = coalesce("", "y"), d = isnull(long(null))')).toEqual([[true, true, 'y', true]]);
  });
  it('encodings and hashes', () => {
    expect(one('base64_encode_tostring("hello")')).toBe('aGVsbG8=');
    expect(one('base64_decode_tostring("aGVsbG8=")')).toBe('hello');
    expect(one('url_decode("a%20b")')).toBe('a b');
    expect(one('hash_sha256("abc")')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(one('tohex(255)')).toBe('ff');
  });
});

describe('conversion functions return null on failure', () => {
  it('toint/tolong/todouble/tobool/todatetime/totimespan/toguid', () => {
    expect(rows('print a = tolong("42"), b = tolong("x"), c = toint(2.7), d = todouble("1.5"), e = tobool("true"), f = tobool("maybe")')).toEqual([[42, null, 2, 1.5, true, null]]);
    expect(one('todatetime("2026-01-02T03:04:05Z")')).toBe('2026-01-02T03:04:05Z');
    expect(one('todatetime("not a date")')).toBeNull();
    expect(one('totimespan("01:30:00")')).toBe('01:30:00');
    expect(one('tostring(dynamic({"a":1}))')).toBe('{"a":1}');
    expect(one('gettype(dynamic([1]))')).toBe('array');
  });
});

describe('datetime functions', () => {
  it('now and ago use the pinned now', () => {
    expect(rows('print n = now(), a = ago(1d)')).toEqual([['2026-11-20T12:00:00Z', '2026-11-19T12:00:00Z']]);
  });
  it('bin, startof/endof, parts', () => {
    expect(one('bin(datetime(2026-11-20T12:34:56Z), 1h)')).toBe('2026-11-20T12:00:00Z');
    expect(one('bin(datetime(2026-11-20T12:00:00Z), 7d)')).toBe('2026-11-16T00:00:00Z');   // Kusto bins weeks from 0001-01-01, a Monday
    expect(one('bin(datetime(1970-01-01T10:00:00Z), 1d)')).toBe('1970-01-01T00:00:00Z');
    expect(one('bin(17, 5)')).toBe(15);
    expect(one('bin(1.7, 0.5)')).toBe(1.5);
    expect(one('startofday(datetime(2026-11-20T12:34:56Z))')).toBe('2026-11-20T00:00:00Z');
    expect(one('startofweek(datetime(2026-11-20T12:00:00Z))')).toBe('2026-11-15T00:00:00Z');
    expect(one('startofmonth(datetime(2026-11-20T12:00:00Z))')).toBe('2026-11-01T00:00:00Z');
    expect(one('endofday(datetime(2026-11-20T12:00:00Z))')).toBe('2026-11-20T23:59:59.9999999Z');
    expect(one('dayofweek(datetime(2026-11-20T12:00:00Z))')).toBe('5.00:00:00');
    expect(one('hourofday(datetime(2026-11-20T12:34:00Z))')).toBe(12);
    expect(one('datetime_part("month", datetime(2026-11-20))')).toBe(11);
  });
  it('datetime_add, datetime_diff, format_datetime, format_timespan', () => {
    expect(one('datetime_add("month", 1, datetime(2026-01-31))')).toBe('2026-02-28T00:00:00Z');
    expect(one('datetime_add("hour", -2, datetime(2026-01-01))')).toBe('2025-12-31T22:00:00Z');
    expect(one('datetime_diff("minute", datetime(2026-01-01T01:00:00Z), datetime(2026-01-01T00:00:00Z))')).toBe(60);
    expect(one('datetime_diff("day", datetime(2026-01-01), datetime(2026-01-03))')).toBe(-2);
    expect(one('format_datetime(datetime(2026-03-04T05:06:07Z), "yyyy-MM-dd HH:mm:ss")')).toBe('2026-03-04 05:06:07');
    expect(one('format_timespan(time(1.02:03:04), "d.hh:mm:ss")')).toBe('1.02:03:04');
  });
});

describe('math functions', () => {
  it('rounding, powers, logs, min/max_of', () => {
    expect(rows('print a = round(2.567, 2), b = floor(7, 5), c = abs(-3), d = pow(2, 10), e = sqrt(16.0), f = log(exp(1.0)), g = max_of(1, 5, 3), h = min_of(4, 2)'))
      .toEqual([[2.57, 5, 3, 1024, 4, 1, 5, 2]]);
    expect(one('sqrt(-1.0)')).toBeNull();
  });
});

describe('dynamic functions', () => {
  it('parse_json, property access, arrays and sets', () => {
    expect(one('parse_json(\'{"a":{"b":[1,2]}}\').a.b[1]')).toBe(2);
    expect(one('parse_json("not json")')).toBe('not json');
    expect(one('array_length(dynamic([1,2,3]))')).toBe(3);
    expect(one('array_length(parse_json("{}"))')).toBeNull();
    expect(one('array_slice(dynamic([1,2,3,4]), 1, 2)')).toEqual([2, 3]);
    expect(one('array_concat(dynamic([1]), dynamic([2]))')).toEqual([1, 2]);
    expect(one('array_sort_asc(dynamic([3,1,2]))')).toEqual([1, 2, 3]);
    expect(one('array_index_of(dynamic(["a","b"]), "b")')).toBe(1);
    expect(one('array_sum(dynamic([1,2,3.5]))')).toBe(6.5);
    expect(one('set_union(dynamic([1,2]), dynamic([2,3]))')).toEqual([1, 2, 3]);
    expect(one('set_intersect(dynamic([1,2]), dynamic([2,3]))')).toEqual([2]);
    expect(one('set_difference(dynamic([1,2,3]), dynamic([2]))')).toEqual([1, 3]);
    expect(one('set_has_element(dynamic(["a"]), "a")')).toBe(true);
  });
  it('bags', () => {
    expect(one('bag_pack("a", 1, "b", "x")')).toEqual({ a: 1, b: 'x' });
    expect(one('pack_array(1, "a")')).toEqual([1, 'a']);
    expect(one('bag_keys(dynamic({"a":1,"b":2}))')).toEqual(['a', 'b']);
    expect(one('bag_merge(dynamic({"a":1}), dynamic({"a":2,"b":3}))')).toEqual({ a: 1, b: 3 });
    expect(one('bag_has_key(dynamic({"a":1}), "a")')).toBe(true);
    expect(one('bag_remove_keys(dynamic({"a":1,"b":2}), dynamic(["a"]))')).toEqual({ b: 2 });
  });
});

describe('ip and geo functions', () => {
  it('private ranges, CIDR membership, matching', () => {
    expect(rows('print a = ipv4_is_private("10.1.2.3"), b = ipv4_is_private("8.8.8.8"), c = ipv4_is_in_range("192.168.1.7", "192.168.1.0/24"), d = ipv4_is_in_any_range("8.8.8.8", dynamic(["10.0.0.0/8", "8.8.0.0/16"])), e = ipv4_is_match("10.1.2.3", "10.1.2.0/24"), f = ipv4_is_private("nonsense")'))
      .toEqual([[true, false, true, true, true, null]]);
    expect(one('parse_ipv4("1.2.3.4")')).toBe(16909060);
  });
  it('great-circle distance in meters; geo lookup must be registered', () => {
    // The reference's example (Seattle to Los Angeles): 1546754.35 m.
    expect(Math.abs((one('geo_distance_2points(-122.407628, 47.578557, -118.275287, 34.019056)') as number) - 1546754.35)).toBeLessThan(1);
    const d = one('geo_distance_2points(-122.33, 47.61, 4.90, 52.37)') as number;
    expect(d / 1000).toBeGreaterThan(7800);
    expect(d / 1000).toBeLessThan(7900);
    // Without a registered table the function is refused like any feature the engine lacks (not a runtime error).
    expect(() => one('geo_info_from_ip_address("1.1.1.1")')).toThrow(KqlUnsupportedError);
    const g = new KqlEngine();
    g.setGeoLookup((ip) => (ip === '1.1.1.1' ? { country: 'Australia' } : null));
    expect(g.run('print c = tostring(geo_info_from_ip_address("1.1.1.1").country)', { now: NOW }).rows).toEqual([['Australia']]);
  });
});

describe('aggregates', () => {
  const data = 'datatable(k:string, v:long, s:string)["a", 1, "x", "a", 3, "y", "a", long(null), "x", "b", 5, ""]';
  it('count, countif, dcount (exact), sum/avg/min/max skip nulls', () => {
    expect(rows(`${data} | summarize count(), countif(v > 1), dcount(s), sum(v), avg(v), min(v), max(v) by k | order by k asc`))
      .toEqual([['a', 3, 1, 2, 4, 2, 1, 3], ['b', 1, 1, 1, 5, 5, 5, 5]]);
  });
  it('make_set / make_list / make_set_if / arg_max / arg_min / take_any', () => {
    expect(rows(`${data} | where k == "a" | summarize make_set(s), make_list(v), make_set_if(s, v > 1)`)).toEqual([[['x', 'y'], [1, 3], ['y']]]);
    expect(rows(`${data} | summarize arg_max(v, s) by k | order by k asc`)).toEqual([['a', 3, 'y'], ['b', 5, '']]);
    expect(rows(`${data} | summarize arg_min(v, s) by k | order by k asc`)).toEqual([['a', 1, 'x'], ['b', 5, '']]);
  });
  it('minif/maxif/sumif/avgif and dcountif', () => {
    expect(rows(`${data} | summarize minif(v, s == "x"), maxif(v, s == "x"), sumif(v, k == "a"), dcountif(s, k == "a")`)).toEqual([[1, 1, 4, 2]]);
  });
});

describe('conditionals', () => {
  it('iff/iif and case; a null condition takes the else branch', () => {
    expect(rows('print a = iff(1 > 0, "y", "n"), b = iif(long(null) > 0, "y", "n"), c = case(1 > 2, "a", 2 > 1, "b", "c")')).toEqual([['y', 'n', 'b']]);
  });
});

describe('statistical and bag aggregates', () => {
  it('stdev/variance (sample), percentile (nearest rank), make_bag, take_anyif', () => {
    const d = 'datatable(k:string, v:real, b:dynamic)["a", 2, dynamic({"x":1}), "a", 4, dynamic({"y":2}), "a", 4, dynamic({"x":9}), "a", 5, dynamic(null), "a", 5, dynamic(null), "a", 7, dynamic(null), "a", 9, dynamic(null), "a", 4, dynamic(null)]';
    const r = rows(`${d} | summarize variance(v), stdev(v), percentile(v, 50), make_bag(b), take_anyif(v, v > 8)`)[0]!;
    expect(r[0]).toBeCloseTo(32 / 7, 10);
    expect(r[1]).toBeCloseTo(Math.sqrt(32 / 7), 10);
    expect(r.slice(2)).toEqual([4, { x: 1, y: 2 }, 9]);
  });
});

describe('ipv6, xml and percentiles', () => {
  it('parse_ipv6 canonical form, ipv6_compare across IPv4-mapped addresses', () => {
    expect(one('parse_ipv6("fe80::85d:e82c:9446:7994")')).toBe('fe80:0000:0000:0000:085d:e82c:9446:7994');
    expect(one('ipv6_compare("::ffff:7f00:1", "127.0.0.1")')).toBe(0);
    expect(one('ipv6_compare("fe80::1", "fe80::2")')).toBe(-1);
    // A failed conversion is the null string, which is empty (strings are never null in KQL).
    expect(one('parse_ipv6("not-an-ip")')).toBe('');
  });
  it('parse_xml maps attributes to @name and repeated elements to arrays', () => {
    expect(one('parse_xml("<a x=\\"1\\"><b>t</b><b>u</b></a>")')).toEqual({ a: { '@x': '1', b: ['t', 'u'] } });
    expect(one('parse_xml("<a>")')).toBeNull();
  });
  it('percentiles gives one column per percentile (nearest rank)', () => {
    const r = e.run('datatable(v:long)[1,2,3,4,5,6,7,8,9,10] | summarize percentiles(v, 50, 90)', { now: NOW });
    expect(r.columns.map((c) => c.name)).toEqual(['percentile_v_50', 'percentile_v_90']);
    expect(r.rows).toEqual([[5, 9]]);
  });
});

describe('more functions used by real Sentinel queries', () => {
  it('range() arrays, array_split, deprecated names', () => {
    expect(one('range(1, 7, 3)')).toEqual([1, 4, 7]);
    expect(one('range(datetime(2026-01-01), datetime(2026-01-03), 1d)')).toEqual(['2026-01-01T00:00:00.0000000Z', '2026-01-02T00:00:00.0000000Z', '2026-01-03T00:00:00.0000000Z']);
    expect(one('array_split(dynamic([1,2,3,4]), 2)')).toEqual([[1, 2], [3, 4]]);
    expect(one('datepart("hour", datetime(2026-01-01T05:00:00Z))')).toBe(5);
    expect(one('replace(@"(\\d+)", @"<\\1>", "a12b")')).toBe('a<12>b');
  });
  it('ip formatting and ipv6 ranges', () => {
    expect(one('format_ipv4("192.168.1.255", 24)')).toBe('192.168.1.0');
    expect(one('format_ipv4_mask("192.168.1.255", 24)')).toBe('192.168.1.0/24');
    expect(one('ipv6_is_in_range("fe80::85d:e82c:9446:7994", "fe80::/10")')).toBe(true);
    expect(one('ipv6_is_in_any_range("2001:db8::1", dynamic(["fe80::/10", "2001:db8::/32"]))')).toBe(true);
  });
  it('bytes, bit shifts, unix nanoseconds, table()', () => {
    expect(one('format_bytes(1536)')).toBe('2 KB');
    expect(one('format_bytes(1536, 1)')).toBe('1.5 KB');
    expect(one('binary_shift_left(1, 4)')).toBe(16);
    expect(one('unixtime_nanoseconds_todatetime(1546300800000000000)')).toBe('2019-01-01T00:00:00Z');
    const t = new KqlEngine();
    t.registerWireTable('Heartbeat', [{ name: 'Computer', type: 'string' }], [['vm1']]);
    expect(t.run('table("Heartbeat") | count', { now: NOW }).rows).toEqual([[1]]);
  });
  it('functions that are not implemented fail clearly', () => {
    expect(() => one('geo_point_to_s2cell(1.0, 2.0)')).toThrow(/unsupported KQL: function geo_point_to_s2cell\(\)/);
    expect(() => e.run('print s = dynamic([1,2,3]) | extend a = series_fft(s)', { now: NOW })).toThrow(/unsupported KQL: function series_fft/);
  });
});
