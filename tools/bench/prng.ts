/** A small seeded PRNG (mulberry32) so the bench data is identical on every run. */
export class Prng {
  private s: number;
  constructor(seed: number) { this.s = seed >>> 0; }
  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number { return Math.floor(this.next() * n); }
  pick<T>(xs: readonly T[]): T { return xs[this.int(xs.length)]!; }
  /** Skewed pick: low indexes much more likely (a few heavy users / IPs, a long tail), like real logs. */
  skewed<T>(xs: readonly T[]): T { const u = this.next(); return xs[Math.floor(u * u * xs.length)]!; }
}
