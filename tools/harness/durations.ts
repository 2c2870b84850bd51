/** Sentinel YAML durations: `5m`, `1h`, `1d` or .NET `hh:mm:ss` / `d.hh:mm:ss`, to 100 ns ticks. */
import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND } from '../kql/ticks.js';
import { parseTimespan } from '../kql/values.js';

export function parseYamlDuration(v: unknown): bigint | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^(\d+)([mhd])$/i.exec(v.trim());
  if (m) return BigInt(m[1]!) * ({ m: TICKS_PER_MINUTE, h: TICKS_PER_HOUR, d: TICKS_PER_DAY } as Record<string, bigint>)[m[2]!.toLowerCase()]!;
  if (/^\d+(\.\d{1,2})?:\d{2}:\d{2}$/.test(v.trim())) return parseTimespan(v);
  return undefined;
}

/**
 * Durations of the rule settings that ARM spells as ISO 8601 (`suppressionDuration`, `lookbackDuration`: `PT5H`,
 * `P1D`) and Sentinel YAML often spells short (`5h`): either form, to ticks.
 */
export function parseSettingDuration(v: unknown): bigint | undefined {
  const short = parseYamlDuration(v);
  if (short !== undefined || typeof v !== 'string') return short;
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(v.trim());
  if (!m || v.trim().toUpperCase() === 'P' || /T$/i.test(v.trim())) return undefined;
  const [d, h, mi, s] = [m[1], m[2], m[3], m[4]].map((x) => BigInt(x ?? 0));
  return d! * TICKS_PER_DAY + h! * TICKS_PER_HOUR + mi! * TICKS_PER_MINUTE + s! * TICKS_PER_SECOND;
}
