/** Sentinel YAML durations: `5m`, `1h`, `1d` or .NET `hh:mm:ss` / `d.hh:mm:ss`, to 100 ns ticks. */
import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE } from '../kql/ticks.js';
import { parseTimespan } from '../kql/values.js';

export function parseYamlDuration(v: unknown): bigint | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^(\d+)([mhd])$/i.exec(v.trim());
  if (m) return BigInt(m[1]!) * ({ m: TICKS_PER_MINUTE, h: TICKS_PER_HOUR, d: TICKS_PER_DAY } as Record<string, bigint>)[m[2]!.toLowerCase()]!;
  if (/^\d+(\.\d{1,2})?:\d{2}:\d{2}$/.test(v.trim())) return parseTimespan(v);
  return undefined;
}
