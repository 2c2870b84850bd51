/**
 * IPv4 text match functions: has_ipv4_prefix, has_any_ipv4, has_any_ipv4_prefix. The source text's IPv4
 * addresses are the dotted quads delimited by characters other than letters, digits and dots (a trailing dot not
 * followed by a digit ends the address), each octet 0..255; the reference's examples: '127.0.0.256' is not an
 * address and '05:04:54127.0.0.1' holds none. A prefix is a whole address or one to three octets ending in a dot.
 */
import { registerScalar, scalar } from '../registry.js';

const ADDRESS = /(?<![\p{L}\p{N}.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\p{L}\p{N}]|\.\d)/gu;

/** The valid IPv4 addresses in a text, in canonical dotted form. */
export function ipv4AddressesIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(ADDRESS)) {
    const octets = m.slice(1, 5).map(Number);
    if (octets.every((o) => o <= 255)) out.push(octets.join('.'));
  }
  return out;
}

const validAddress = (s: string) => /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(s) && s.split('.').every((o) => Number(o) <= 255);
const validPrefix = (s: string) => validAddress(s) || (/^(\d{1,3}\.){1,3}$/.test(s) && s.split('.').slice(0, -1).every((o) => Number(o) <= 255));
const canonical = (s: string) => s.split('.').map((o) => (o === '' ? '' : String(Number(o)))).join('.');

/** Does the text hold an address equal to (a whole address) or starting with (an octet prefix) `prefix`? */
function holdsPrefix(addresses: string[], prefix: string): boolean {
  const p = canonical(prefix.trim());
  return p.endsWith('.') ? addresses.some((a) => a.startsWith(p)) : addresses.includes(p);
}

const flatten = (values: unknown[]) => values.flatMap((v) => (Array.isArray(v) ? v : [v])).filter((v): v is string => typeof v === 'string');

registerScalar(
  scalar('has_ipv4_prefix(source: string, ip_prefix: string): bool', function hasIpv4Prefix(source: string, ipPrefix: string) {
    return validPrefix(ipPrefix.trim()) && holdsPrefix(ipv4AddressesIn(source), ipPrefix);
  }),
  scalar('has_any_ipv4(source: string, ips: dynamic...): bool', function hasAnyIpv4(source: string, ips: unknown[]) {
    const wanted = flatten(ips).map((s) => s.trim()).filter(validAddress).map(canonical);
    if (!wanted.length) return false;
    const found = new Set(ipv4AddressesIn(source));
    return wanted.some((w) => found.has(w));
  }),
  scalar('has_any_ipv4_prefix(source: string, ip_prefixes: dynamic...): bool', function hasAnyIpv4Prefix(source: string, ipPrefixes: unknown[]) {
    const wanted = flatten(ipPrefixes).map((s) => s.trim()).filter(validPrefix);
    if (!wanted.length) return false;
    const found = ipv4AddressesIn(source);
    return wanted.some((w) => holdsPrefix(found, w));
  }),
);
