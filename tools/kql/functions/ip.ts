/** IPv4 and IPv6 parsing, ranges, comparison and matching. */
import { registerScalar, scalar } from '../registry.js';
import { ipv4, maskOf, inRange, ipv6Groups, masked } from './support.js';

const PRIVATE_IPV4_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/\d+)?$/;
const hexGroups = (groups: number[]) => groups.map((g) => g.toString(16).padStart(4, '0')).join(':');
const validPrefix = (p: number) => Number.isInteger(p) && p >= 0 && p <= 32;
const dottedQuad = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
/** `ip_ranges` given either as one dynamic array or as separate string arguments. */
const rangeList = (ranges: unknown[]) => (ranges.length === 1 && Array.isArray(ranges[0]) ? (ranges[0] as unknown[]).map(String) : ranges.map(String));
/** An IPv4 given as text or as its 32-bit number. */
const ipv4Value = (ip: unknown) => (typeof ip === 'number' ? { n: ip >>> 0, prefix: 32 } : ipv4(String(ip)));
const sameIpv6Prefix = (x: number[], y: number[], prefix: number) => { const mx = masked(x, prefix), my = masked(y, prefix); return mx.every((g, i) => g === my[i]); };

registerScalar(
  scalar('ipv4_is_private(ip: string): bool', function ipv4IsPrivate(ip: string) {
    const m = PRIVATE_IPV4_RE.exec(ip.trim());
    if (!m) return null;
    const [x, y] = [Number(m[1]), Number(m[2])];
    return x === 10 || (x === 172 && y >= 16 && y <= 31) || (x === 192 && y === 168);
  }),
  scalar('ipv4_is_in_range(ip: string, ip_range: string): bool', function ipv4IsInRange(ip: string, ipRange: string) { return inRange(ip, ipRange); }),
  scalar('ipv4_is_in_any_range(ip: string, ranges: scalar...): bool', function ipv4IsInAnyRange(ip: string, ranges: unknown[]) {
    if (!ipv4(ip)) return null;
    return rangeList(ranges).some((r) => inRange(ip, r) === true);
  }),
  scalar('ipv4_is_match(ip1: string, ip2: string, prefix?: long): bool', function ipv4IsMatch(ip1: string, ip2: string, prefix: number | undefined) {
    const x = ipv4(ip1), y = ipv4(ip2);
    if (!x || !y) return null;
    const m = maskOf(Math.min(x.prefix, y.prefix, prefix ?? 32));
    return ((x.n & m) >>> 0) === ((y.n & m) >>> 0);
  }),
  scalar('ipv4_compare(ip1: string, ip2: string, prefix?: long): long', function ipv4Compare(ip1: string, ip2: string, prefix: number | undefined) {
    const x = ipv4(ip1), y = ipv4(ip2);
    if (!x || !y) return null;
    const m = maskOf(Math.min(x.prefix, y.prefix, prefix ?? 32));
    const p = (x.n & m) >>> 0, q = (y.n & m) >>> 0;
    return p < q ? -1 : p > q ? 1 : 0;
  }),
  scalar('parse_ipv4(ip: string): long', function parseIpv4(ip: string) { const x = ipv4(ip); return x ? ((x.n & maskOf(x.prefix)) >>> 0) : null; }),
  scalar('parse_ipv4_mask(ip: string, prefix: long): long', function parseIpv4Mask(ip: string, prefix: number) {
    const x = ipv4(ip);
    return x ? ((x.n & maskOf(Math.min(32, prefix))) >>> 0) : null;
  }),
  // False unless `ip` is a valid IPv4 address (no octet over 255, no prefix) (has-ipv4-function.md).
  scalar('has_ipv4(source: string, ip: string): bool', function hasIpv4(source: string, ip: string) {
    if (!/^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip) || !ipv4(ip)) return false;
    return new RegExp(`(^|[^0-9.])${ip.replace(/\./g, '\\.')}($|[^0-9.])`).test(source);
  }),
  scalar('parse_ipv6(ip: string): string', function parseIpv6(ip: string) { const x = ipv6Groups(ip); return x ? hexGroups(masked(x.groups, x.prefix)) : null; }),
  scalar('parse_ipv6_mask(ip: string, prefix: long): string', function parseIpv6Mask(ip: string, prefix: number) {
    const x = ipv6Groups(ip);
    return x ? hexGroups(masked(x.groups, Math.min(x.prefix, prefix))) : null;
  }),
  scalar('ipv6_compare(ip1: string, ip2: string, prefix?: long): long', function ipv6Compare(ip1: string, ip2: string, prefix: number | undefined) {
    const x = ipv6Groups(ip1), y = ipv6Groups(ip2);
    if (!x || !y) return null;
    const p = Math.min(x.prefix, y.prefix, prefix ?? 128);
    const gx = masked(x.groups, p), gy = masked(y.groups, p);
    for (let i = 0; i < 8; i++) if (gx[i] !== gy[i]) return gx[i]! < gy[i]! ? -1 : 1;
    return 0;
  }),
  scalar('ipv6_is_match(ip1: string, ip2: string, prefix?: long): bool', function ipv6IsMatch(ip1: string, ip2: string, prefix: number | undefined) {
    const x = ipv6Groups(ip1), y = ipv6Groups(ip2);
    if (!x || !y) return null;
    return sameIpv6Prefix(x.groups, y.groups, Math.min(x.prefix, y.prefix, prefix ?? 128));
  }),
  scalar('ipv6_is_in_range(ip: string, ip_range: string): bool', function ipv6IsInRange(ip: string, ipRange: string) {
    const x = ipv6Groups(ip), r = ipv6Groups(ipRange);
    if (!x || !r) return null;
    return sameIpv6Prefix(x.groups, r.groups, r.prefix);
  }),
  scalar('ipv6_is_in_any_range(ip: string, ranges: scalar...): bool', function ipv6IsInAnyRange(ip: string, ranges: unknown[]) {
    const x = ipv6Groups(ip);
    if (!x) return null;
    return rangeList(ranges).some((rs) => { const r = ipv6Groups(rs); return !!r && sameIpv6Prefix(x.groups, r.groups, r.prefix); });
  }),
  // A prefix outside 0..32 is a failed conversion: the empty string (format-ipv4-function.md).
  scalar('format_ipv4(ip: scalar, prefix?: long): string', function formatIpv4(ip: unknown, prefix: number | undefined) {
    const v = ipv4Value(ip);
    if (!v || !validPrefix(prefix ?? 32)) return '';
    return dottedQuad((v.n & maskOf(Math.min(v.prefix, prefix ?? 32))) >>> 0);
  }),
  scalar('format_ipv4_mask(ip: scalar, prefix: long): string', function formatIpv4Mask(ip: unknown, prefix: number) {
    const v = ipv4Value(ip);
    if (!v || !validPrefix(prefix)) return '';
    const p = Math.min(v.prefix, prefix);
    return `${dottedQuad((v.n & maskOf(p)) >>> 0)}/${p}`;
  }),
);
