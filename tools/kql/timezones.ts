/**
 * Time zone offsets for datetime_utc_to_local / datetime_local_to_utc, from the platform's IANA data (Intl).
 * Kusto's zone names are IANA names (timezone.md); an unknown name gives null.
 * Local to UTC follows the reference's daylight-saving example (Europe/Brussels, 2022-03-27): a local time in the
 * spring-forward gap takes the offset after the transition (02:00 -> 00:00 UTC), and a local time that occurs
 * twice in autumn takes the later (standard time) offset, as .NET's conversion does.
 */
import { ticksToMs, TICKS_PER_MS } from './ticks.js';

const formatters = new Map<string, Intl.DateTimeFormat | null>();
const offsetCache = new Map<string, number>();
const BUCKET_MS = 15 * 60 * 1000;

function formatter(zone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', era: 'short', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    } catch { f = null; }
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's offset from UTC (ms) at the UTC instant `utcMs`; undefined for an unknown zone. */
export function zoneOffsetMs(zone: string, utcMs: number): number | undefined {
  const f = formatter(zone);
  if (!f) return undefined;
  // Offsets change on whole quarter hours: one Intl call per zone and quarter hour.
  const bucket = Math.floor(utcMs / BUCKET_MS) * BUCKET_MS;
  const key = `${zone}|${bucket}`;
  let off = offsetCache.get(key);
  if (off === undefined) {
    const parts: Record<string, string> = {};
    for (const p of f.formatToParts(new Date(bucket))) parts[p.type] = p.value;
    let year = Number(parts.year);
    if (parts.era === 'BC' || parts.era === 'B') year = 1 - year;
    const local = Date.UTC(2000, Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
    const d = new Date(local); d.setUTCFullYear(year);
    off = d.getTime() - bucket;
    if (offsetCache.size > 200_000) offsetCache.clear();
    offsetCache.set(key, off);
  }
  return off;
}

/** UTC datetime ticks -> local datetime ticks in `zone` (null for an unknown zone). */
export function utcToLocal(ticks: bigint, zone: string): bigint | null {
  const off = zoneOffsetMs(zone, ticksToMs(ticks));
  return off === undefined ? null : ticks + BigInt(off) * TICKS_PER_MS;
}

/** Local datetime ticks in `zone` -> UTC ticks (null for an unknown zone). */
export function localToUtc(ticks: bigint, zone: string): bigint | null {
  const localMs = ticksToMs(ticks);
  const DAY = 86_400_000;
  const before = zoneOffsetMs(zone, localMs - DAY), after = zoneOffsetMs(zone, localMs + DAY);
  if (before === undefined || after === undefined) return null;
  const fits = (off: number) => zoneOffsetMs(zone, localMs - off) === off;
  // No transition nearby: one offset. Otherwise the unique offset that maps back, else (gap or overlap) the later one.
  const off = before === after ? before : fits(before) && !fits(after) ? before : after;
  return ticks - BigInt(off) * TICKS_PER_MS;
}

