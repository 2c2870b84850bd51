/** IPv4 and IPv6 parsing, ranges, comparison and matching. */
import { registerScalar } from '../registry.js';
import { S, ipv4, maskOf, inRange, ipv6Groups, masked } from './support.js';

registerScalar(
  S('ipv4_is_private', 1, 1, (a) => {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/\d+)?$/.exec(String(a[0]).trim());
    if (!m) return null;
    const [x, y] = [Number(m[1]), Number(m[2])];
    return x === 10 || (x === 172 && y >= 16 && y <= 31) || (x === 192 && y === 168);
  }),
  S('ipv4_is_in_range', 2, 2, (a) => inRange(a[0] as string, a[1] as string)),
  S('ipv4_is_in_any_range', 2, 64, (a) => {
    const ranges = a.length === 2 && Array.isArray(a[1]) ? (a[1] as unknown[]).map(String) : a.slice(1).map(String);
    if (!ipv4(a[0] as string)) return null;
    return ranges.some((r) => inRange(a[0] as string, r) === true);
  }),
  S('ipv4_is_match', 2, 3, (a) => {
    const x = ipv4(a[0] as string), y = ipv4(a[1] as string);
    if (!x || !y) return null;
    const m = maskOf(Math.min(x.prefix, y.prefix, a[2] === undefined ? 32 : (a[2] as number)));
    return ((x.n & m) >>> 0) === ((y.n & m) >>> 0);
  }),
  S('ipv4_compare', 2, 3, (a) => {
    const x = ipv4(a[0] as string), y = ipv4(a[1] as string);
    if (!x || !y) return null;
    const m = maskOf(Math.min(x.prefix, y.prefix, a[2] === undefined ? 32 : (a[2] as number)));
    const p = (x.n & m) >>> 0, q = (y.n & m) >>> 0;
    return p < q ? -1 : p > q ? 1 : 0;
  }),
  S('parse_ipv4', 1, 1, (a) => { const x = ipv4(a[0] as string); return x ? ((x.n & maskOf(x.prefix)) >>> 0) : null; }),
  S('parse_ipv4_mask', 2, 2, (a) => { const x = ipv4(a[0] as string); return x ? ((x.n & maskOf(Math.min(32, a[1] as number))) >>> 0) : null; }),
  S('has_ipv4', 2, 2, (a) => { const hay = a[0] as string, ip = a[1] as string; const re2 = new RegExp(`(^|[^0-9.])${ip.replace(/\./g, '\\.')}($|[^0-9.])`); return re2.test(hay); }),
  S('parse_ipv6', 1, 1, (a) => { const x = ipv6Groups(a[0] as string); return x ? masked(x.groups, x.prefix).map((g) => g.toString(16).padStart(4, '0')).join(':') : null; }),
  S('parse_ipv6_mask', 2, 2, (a) => { const x = ipv6Groups(a[0] as string); return x ? masked(x.groups, Math.min(x.prefix, a[1] as number)).map((g) => g.toString(16).padStart(4, '0')).join(':') : null; }),
  S('ipv6_compare', 2, 3, (a) => {
    const x = ipv6Groups(a[0] as string), y = ipv6Groups(a[1] as string);
    if (!x || !y) return null;
    const p = Math.min(x.prefix, y.prefix, a[2] === undefined ? 128 : (a[2] as number));
    const gx = masked(x.groups, p), gy = masked(y.groups, p);
    for (let i = 0; i < 8; i++) if (gx[i] !== gy[i]) return gx[i]! < gy[i]! ? -1 : 1;
    return 0;
  }),
  S('ipv6_is_match', 2, 3, (a) => {
    const x = ipv6Groups(a[0] as string), y = ipv6Groups(a[1] as string);
    if (!x || !y) return null;
    const p = Math.min(x.prefix, y.prefix, a[2] === undefined ? 128 : (a[2] as number));
    return masked(x.groups, p).every((g, i) => g === masked(y.groups, p)[i]);
  }),
  S('ipv6_is_in_range', 2, 2, (a) => {
    const x = ipv6Groups(a[0] as string), r = ipv6Groups(a[1] as string);
    if (!x || !r) return null;
    return masked(x.groups, r.prefix).every((g, i) => g === masked(r.groups, r.prefix)[i]);
  }),
  S('ipv6_is_in_any_range', 2, 64, (a) => {
    const x = ipv6Groups(a[0] as string);
    if (!x) return null;
    const ranges = a.length === 2 && Array.isArray(a[1]) ? (a[1] as unknown[]).map(String) : a.slice(1).map(String);
    return ranges.some((rs) => { const r = ipv6Groups(rs); return !!r && masked(x.groups, r.prefix).every((g, i) => g === masked(r.groups, r.prefix)[i]); });
  }),
  S('format_ipv4', 1, 2, (a) => {
    const v = typeof a[0] === 'number' ? { n: a[0] >>> 0, prefix: 32 } : ipv4(String(a[0]));
    if (!v) return '';
    const n = (v.n & maskOf(Math.min(v.prefix, a[1] === undefined ? 32 : (a[1] as number)))) >>> 0;
    return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
  }),
  S('format_ipv4_mask', 1, 2, (a) => {
    const v = typeof a[0] === 'number' ? { n: a[0] >>> 0, prefix: 32 } : ipv4(String(a[0]));
    if (!v) return '';
    const p = Math.min(v.prefix, a[1] === undefined ? 32 : (a[1] as number));
    const n = (v.n & maskOf(p)) >>> 0;
    return `${[n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')}/${p}`;
  }),
);
