/**
 * Keyed pseudonyms, one function per class of identifier. Every pseudonym is derived from HMAC-SHA256 of the
 * original under the recording's key, so the same value maps to the same pseudonym in every table and in every
 * re-recording with the same key, and nothing can be reversed without the key.
 * - names (local parts, host and resource names): the same shape, letters to letters and digits to digits,
 *   separators kept, the case of each character kept (so tolower() of a pseudonym is the pseudonym of tolower());
 * - domains: `<label>.example.com` (RFC 2606 reserved);
 * - GUIDs: a version-4 shaped GUID in the original's case;
 * - IPv4: private stays in its RFC 1918 block, public goes to the documentation networks (RFC 5737) and the
 *   benchmarking range 198.18.0.0/15 (RFC 2544); addresses of one /24 stay in one /24, the host octet is kept;
 * - IPv6: public goes to 2001:db8::/32 (RFC 3849) keeping the /64 grouping, ULA and link-local keep their prefix.
 */
import { createHmac } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

export class Pseudonymiser {
  private readonly v4Nets = new Map<string, string>();
  private readonly v4Taken = new Set<string>();

  constructor(private readonly key: Buffer) {
    if (key.length < 16) throw new Error('the anonymisation key must be at least 16 bytes');
  }

  /** HMAC bytes of a value in a class (the class keeps equal strings of different classes apart). */
  bytes(cls: string, value: string, round = 0): Buffer {
    return createHmac('sha256', this.key).update(`${cls}\u0000${round}\u0000${value}`).digest();
  }

  /** Same shape, letters/digits replaced, separators and per-character case kept; never the original. */
  shape(cls: string, value: string): string {
    const lower = value.toLowerCase();
    for (let round = 0; ; round++) {
      let h = this.bytes(cls, lower, round);
      let out = '';
      for (let i = 0; i < value.length; i++) {
        if (i % 32 === 31) h = this.bytes(cls, `${lower}\u0000${i}`, round);
        const b = h[i % 32]!;
        const c = value[i]!;
        if (/[a-z]/.test(c)) out += String.fromCharCode(97 + (b % 26));
        else if (/[A-Z]/.test(c)) out += String.fromCharCode(65 + (b % 26));
        else if (/[0-9]/.test(c)) out += String.fromCharCode(48 + (b % 10));
        else out += c;
      }
      if (out.toLowerCase() !== lower || !/[a-z0-9]/i.test(value)) return out;
    }
  }

  domain(domain: string): string {
    const lower = domain.toLowerCase().replace(/\.$/, '');
    if (lower === 'example.com' || lower.endsWith('.example.com')) return domain;
    const first = lower.split('.')[0]!;
    const h = this.bytes('domain', lower);
    let label = '';
    for (let i = 0; i < Math.max(4, Math.min(first.length, 16)); i++) label += String.fromCharCode(97 + (h[i]! % 26));
    return `${label}.example.com`;
  }

  /** user@domain: the local part keeps its shape (and a guest's #EXT# marker), the domain goes to example.com. */
  email(value: string): string {
    const at = value.lastIndexOf('@');
    if (at < 0) return this.shape('name', value);
    const local = value.slice(0, at);
    const ext = /#EXT#$/i.exec(local);
    const core = ext ? local.slice(0, -5) : local;
    return `${this.shape('local', core)}${ext ? ext[0] : ''}@${this.domain(value.slice(at + 1))}`;
  }

  guid(value: string): string {
    const h = this.bytes('guid', value.toLowerCase()).toString('hex').slice(0, 32).split('');
    h[12] = '4';
    h[16] = '89ab'[parseInt(h[16]!, 16) % 4]!;
    const s = h.join('');
    const g = `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
    return value === value.toUpperCase() && /[A-F]/.test(value) ? g.toUpperCase() : g;
  }

  /** Addresses that identify nothing stay (loopback, unspecified, broadcast). */
  static isNeutralIp(ip: string): boolean {
    return /^(127\.|0\.0\.0\.0$|255\.255\.255\.255$)/.test(ip) || ip === '::1' || ip === '::';
  }

  ip(value: string): string {
    if (Pseudonymiser.isNeutralIp(value)) return value;
    if (isIPv4(value)) return this.ipv4(value);
    if (isIPv6(value)) return this.ipv6(value);
    return value;
  }

  private ipv4(ip: string): string {
    const o = ip.split('.').map(Number);
    const net = o.slice(0, 3).join('.');
    let mapped = this.v4Nets.get(net);
    if (!mapped) {
      const h = this.bytes('ipv4', net);
      const candidates: (n: number) => string = o[0] === 10 ? (n) => `10.${(n >> 8) & 255}.${n & 255}`
        : o[0] === 172 && o[1]! >= 16 && o[1]! < 32 ? (n) => `172.${16 + ((n >> 8) & 15)}.${n & 255}`
          : o[0] === 192 && o[1] === 168 ? (n) => `192.168.${n & 255}`
            : o[0] === 169 && o[1] === 254 ? (n) => `169.254.${n & 255}`
              : (n) => { const k = n % 515; return k < 3 ? ['192.0.2', '198.51.100', '203.0.113'][k]! : `198.${18 + ((k - 3) >> 8)}.${(k - 3) & 255}`; };
      const space = o[0] === 10 ? 65536 : o[0] === 172 && o[1]! >= 16 && o[1]! < 32 ? 4096 : (o[0] === 192 && o[1] === 168) || (o[0] === 169 && o[1] === 254) ? 256 : 515;
      let n = h.readUInt32BE(0);
      // Distinct /24s stay distinct: probe past networks already given out (and the original network itself).
      for (let tries = 0; ; tries++, n++) {
        if (tries > space) throw new Error(`more distinct /24 networks than the pseudonym space for ${net}.0/24 holds`);
        const c = candidates(n);
        if (c !== net && !this.v4Taken.has(c)) { mapped = c; break; }
      }
      this.v4Nets.set(net, mapped);
      this.v4Taken.add(mapped);
    }
    return `${mapped}.${o[3]}`;
  }

  private ipv6(ip: string): string {
    const groups = expandIPv6(ip);
    if (!groups) return ip;
    if (groups.slice(0, 6).every((g, i) => (i < 5 ? g === 0 : g === 0xffff))) {
      // IPv4-mapped (::ffff:a.b.c.d): the IPv4 treatment inside.
      const v4 = `${groups[6]! >> 8}.${groups[6]! & 255}.${groups[7]! >> 8}.${groups[7]! & 255}`;
      return `::ffff:${this.ipv4(v4)}`;
    }
    const prefix = groups.slice(0, 4).map((g) => g.toString(16)).join(':');
    const hp = this.bytes('ipv6-64', prefix);
    const hi = this.bytes('ipv6', groups.map((g) => g.toString(16)).join(':'));
    const iid = [0, 2, 4, 6].map((i) => hi.readUInt16BE(i));
    let net: number[];
    if ((groups[0]! & 0xfe00) === 0xfc00) net = [0xfd00 | hp[0]!, hp.readUInt16BE(1), hp.readUInt16BE(3), hp.readUInt16BE(5)];
    else if ((groups[0]! & 0xffc0) === 0xfe80) net = [0xfe80, 0, 0, 0];
    else net = [0x2001, 0x0db8, hp.readUInt16BE(0), hp.readUInt16BE(2)];
    return compressIPv6([...net, ...iid]);
  }
}

export function expandIPv6(ip: string): number[] | undefined {
  if (!isIPv6(ip)) return undefined;
  let s = ip.toLowerCase();
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) { const o = v4[1]!.split('.').map(Number); s = s.slice(0, -v4[1]!.length) + `${((o[0]! << 8) | o[1]!).toString(16)}:${((o[2]! << 8) | o[3]!).toString(16)}`; }
  const [head, tail] = s.includes('::') ? s.split('::') as [string, string] : [s, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : new Array(8 - h.length - t.length).fill('0');
  return [...h, ...fill, ...t].map((g) => parseInt(g || '0', 16));
}

function compressIPv6(g: number[]): string {
  let best = -1, bestLen = 0;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) { i++; continue; }
    let j = i; while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen && j - i > 1) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}
