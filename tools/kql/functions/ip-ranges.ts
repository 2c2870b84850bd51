/** IPv4 prefix helpers: ipv4_netmask_suffix and ipv4_range_to_cidr_list (the minimal CIDR cover of a range). */
import { registerScalar, scalar } from '../registry.js';
import { ipv4 } from './support.js';

const dottedQuad = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

/** The fewest CIDR blocks covering start..end inclusive: from the start, the largest aligned block that fits. */
export function cidrCover(start: number, end: number): string[] {
  const out: string[] = [];
  let at = start;
  while (at <= end) {
    let size = 32;
    // Grow the block while it stays aligned at `at` and within the range.
    while (size > 0) {
      const bigger = 2 ** (33 - size);
      if (at % bigger !== 0 || at + bigger - 1 > end) break;
      size--;
    }
    out.push(`${dottedQuad(at)}/${size}`);
    at += 2 ** (32 - size);
  }
  return out;
}

registerScalar(
  scalar('ipv4_netmask_suffix(ip: string): int', function ipv4NetmaskSuffix(ip: string) { return ipv4(ip)?.prefix ?? null; }),
  // Addresses that do not parse, or a start after the end, give null.
  scalar('ipv4_range_to_cidr_list(start_ip: string, end_ip: string): dynamic', function ipv4RangeToCidrList(startIp: string, endIp: string) {
    const start = ipv4(startIp), end = ipv4(endIp);
    if (!start || !end || start.n > end.n) return null;
    return cidrCover(start.n, end.n);
  }),
);
