/**
 * The datetime text formats the reference lists for datetime() literals and todatetime()
 * (scalar-data-types/datetime.md, "Supported formats"): ISO 8601, RFC 822, RFC 850 and "sortable", plus the US
 * `MM/dd/yyyy [h:mm[:ss] [AM|PM]]` and `MM-dd-yyyy` forms the reference's own examples convert (parse-operator.md's
 * `02/17/2016 08:40:01`, todatetime-function.md's `12-02-2022`). Anything else is not a datetime (undefined), never
 * a guess. The result is calendar fields, independent of how the engine stores a datetime.
 */

export interface DatetimeFields {
  year: number; month: number; day: number;
  hour: number; minute: number; second: number;
  /** 100 ns units below the second (0..9999999). */
  fraction: number;
  /** Minutes east of UTC the text was written in (subtract to get UTC). */
  offsetMinutes: number;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAY = '(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\\s*';
const ZONE = '(z|gmt|utc|ut|[+-]\\d{2}:?\\d{2})';
const TIME = '(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d+))?)?';

const ISO = new RegExp(`^(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[t ]${TIME})?\\s*${ZONE}?$`, 'i');
const RFC822 = new RegExp(`^(?:${WEEKDAY})?(\\d{1,2})\\s+([a-z]{3})[a-z]*\\s+(\\d{2}|\\d{4})\\s+${TIME}\\s*${ZONE}?$`, 'i');
const RFC850 = new RegExp(`^(?:${WEEKDAY})?(\\d{1,2})-([a-z]{3})[a-z]*-(\\d{2}|\\d{4})\\s+${TIME}\\s*${ZONE}?$`, 'i');
const US = new RegExp(`^(\\d{1,2})([/-])(\\d{1,2})\\2(\\d{4})(?:\\s+${TIME}\\s*(am|pm)?)?\\s*${ZONE}?$`, 'i');

const daysIn = (y: number, m: number) => [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
/** Two-digit years as .NET reads them (the 2049 window): 00-49 are 20xx, 50-99 are 19xx. */
const fullYear = (y: string) => (y.length === 4 ? +y : +y <= 49 ? 2000 + +y : 1900 + +y);

function zoneMinutes(z: string | undefined): number | undefined {
  if (!z || /^(z|gmt|utc|ut)$/i.test(z)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(z);
  if (!m || +m[3]! > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (+m[2]! * 60 + +m[3]!);
}

function fields(y: number, mo: number, d: number, h: string | undefined, mi: string | undefined, s: string | undefined, frac: string | undefined, zone: string | undefined, ampm?: string): DatetimeFields | undefined {
  let hour = h === undefined ? 0 : +h;
  if (ampm) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (/pm/i.test(ampm) ? 12 : 0);
  }
  const minute = mi === undefined ? 0 : +mi, second = s === undefined ? 0 : +s;
  if (y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || hour > 23 || minute > 59 || second > 59) return undefined;
  const offsetMinutes = zoneMinutes(zone);
  if (offsetMinutes === undefined) return undefined;
  return { year: y, month: mo, day: d, hour, minute, second, fraction: Number(((frac ?? '') + '0000000').slice(0, 7)), offsetMinutes };
}

export function parseDatetimeText(text: string): DatetimeFields | undefined {
  const s = text.trim();
  let m = ISO.exec(s);
  if (m) return fields(+m[1]!, +m[2]!, +m[3]!, m[4], m[5], m[6], m[7], m[8]);
  m = RFC822.exec(s) ?? RFC850.exec(s);
  if (m) {
    const mo = MONTHS.indexOf(m[2]!.toLowerCase()) + 1;
    return mo ? fields(fullYear(m[3]!), mo, +m[1]!, m[4], m[5], m[6], m[7], m[8]) : undefined;
  }
  m = US.exec(s);
  if (m) return fields(+m[4]!, +m[1]!, +m[3]!, m[5], m[6], m[7], m[8], m[10], m[9]);
  return undefined;
}
