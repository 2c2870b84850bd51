/**
 * Does an analytic rule fit as a Defender XDR custom detection, and how? The constraints are data
 * (tools/schemas/defender/custom-detections.json): a supported frequency whose fixed lookback covers the rule's
 * query period, a timestamp column and at least one impacted-asset column in the output (entity mappings become
 * asset columns through `| extend`), one MITRE tactic (the first authored one, as the official V3.1 packager
 * does), and no time filter that repeats the lookback the service applies itself. Every reason a rule does not
 * fit is returned; `cdr validate` prints them, `cdr build` lists them in Solution/Deploy/custom-detections/README.md.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { QueryContent } from '../../content/model.js';
import { TOOLS_DATA } from '../../util/paths.js';
import { isoDuration } from '../arm-content.js';
import { parseYamlDuration } from '../../harness/durations.js';

export interface CustomDetectionConstraints {
  apiVersion: string; bicepExtension: string; graphEndpoint: string;
  schedules: { frequency: string; period: string; lookback: string }[];
  timeColumns: string[];
  impactedAssets: Record<string, { odataType: string; identifiers: string[] }>;
  entityToAsset: Record<string, Record<string, string | null>>;
  severities: string[]; categories: string[]; limits: { displayName: number; title: number; description: number };
}

let constraints: CustomDetectionConstraints | undefined;
export function customDetectionConstraints(): CustomDetectionConstraints {
  constraints ??= JSON.parse(readFileSync(join(TOOLS_DATA.schemas, 'defender', 'custom-detections.json'), 'utf8'));
  return constraints!;
}

export interface ImpactedAsset { odataType: string; identifier: string; from: string }
export interface CustomDetectionFit {
  fits: boolean;
  reasons: string[];
  notes: string[];
  schedule?: { frequency: string; period: string; lookback: string };
  assets: ImpactedAsset[];
  tactic?: string;
  /** The rule's query with the asset columns added. */
  queryText?: string;
}

/** The asset kinds of the constraints file (its `$comment` entries aside). */
const assetKinds = (c: CustomDetectionConstraints) => Object.values(c.impactedAssets).filter((a) => a && typeof a === 'object' && Array.isArray(a.identifiers));

/** ISO-8601 duration (PT4H, P30D) -> milliseconds. */
function isoMs(iso: string): number {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso);
  if (!m) return NaN;
  return (((Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 60 + Number(m[4] ?? 0)) * 1000;
}
const TICKS_PER_MS = 10_000;

/** Literal durations bound by `let Name = 14d;` at the top of a query. */
function letDurations(query: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of query.matchAll(/^\s*let\s+([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(\d+(?:\.\d+)?[smhd])\s*;/gm)) out.set(m[1]!, m[2]!);
  return out;
}

const DURATION_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const kqlDurationMs = (d: string) => { const m = /^(\d+(?:\.\d+)?)([smhd])$/.exec(d); return m ? Number(m[1]) * DURATION_MS[m[2]!]! : NaN; };

export function assessCustomDetection(rule: QueryContent, outputColumns: { name: string; type: string }[] | undefined): CustomDetectionFit {
  const c = customDetectionConstraints();
  const d = rule.data ?? {};
  const reasons: string[] = [];
  const notes: string[] = [];
  if (d.kind !== 'Scheduled') reasons.push(`kind ${d.kind}: only scheduled rules are converted`);
  const freq = isoDuration(d.queryFrequency);
  const schedule = c.schedules.find((s) => s.frequency === freq);
  if (!schedule) reasons.push(`queryFrequency ${d.queryFrequency}: custom detections run every ${c.schedules.map((s) => s.period).join(', ')} only`);
  const periodTicks = parseYamlDuration(d.queryPeriod);
  const periodMs = periodTicks === undefined ? NaN : Number(periodTicks) / TICKS_PER_MS;
  if (schedule && !(periodMs <= isoMs(schedule.lookback))) reasons.push(`queryPeriod ${d.queryPeriod} is longer than the fixed lookback of a ${schedule.period} custom detection (${schedule.lookback.replace(/^PT?/, '').toLowerCase()})`);

  const query = String(d.query ?? '');
  const lets = letDurations(query);
  if (schedule) {
    for (const m of query.matchAll(/\b(TimeGenerated|Timestamp)\s*>=?\s*ago\(\s*([A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?[smhd])\s*\)/g)) {
      const dur = /^\d/.test(m[2]!) ? m[2]! : lets.get(m[2]!);
      if (dur && kqlDurationMs(dur) >= isoMs(schedule.lookback)) reasons.push(`the query filters ${m[1]} > ago(${m[2]}), a window the service's own ${schedule.lookback} lookback already applies; remove it for a custom detection`);
    }
  }

  const cols = new Set((outputColumns ?? []).map((x) => x.name));
  if (!outputColumns) reasons.push('the output columns of the query could not be determined');
  else if (!c.timeColumns.some((t) => cols.has(t))) reasons.push(`the output has no ${c.timeColumns.join(' or ')} column (custom detections need the event time)`);

  const assets: ImpactedAsset[] = [];
  const extend: string[] = [];
  for (const em of (d.entityMappings ?? []) as { entityType: string; fieldMappings: { identifier: string; columnName: string }[] }[]) {
    for (const fm of em.fieldMappings ?? []) {
      const target = typeof c.entityToAsset[em.entityType] === 'object' ? c.entityToAsset[em.entityType]![fm.identifier] : undefined;
      if (!target || !cols.has(fm.columnName)) continue;
      const kind = assetKinds(c).find((a) => a.identifiers.includes(target));
      if (!kind || assets.some((a) => a.identifier === target)) continue;
      assets.push({ odataType: kind.odataType, identifier: target, from: fm.columnName });
      if (!cols.has(target)) extend.push(`${target} = tostring(${fm.columnName})`);
    }
  }
  for (const a of assetKinds(c)) for (const id of a.identifiers) if (cols.has(id) && !assets.some((x) => x.identifier === id)) assets.push({ odataType: a.odataType, identifier: id, from: id });
  if (outputColumns && !assets.length) reasons.push('no impacted asset: no entity mapping gives a user (UPN, object id, SID) or device column, and the output has none of the asset columns');

  const tactics = ((d.tactics ?? []) as string[]).map((t) => t.replace(/\s/g, ''));
  const tactic = tactics[0];
  if (!tactic) reasons.push('no MITRE tactic');
  else if (!c.categories.includes(tactic)) reasons.push(`tactic ${tactic} is not a custom detection category`);
  if (tactics.length > 1) notes.push(`the custom detection API takes one tactic: ${tactic} is used, ${tactics.slice(1).join(', ')} omitted`);

  const queryText = extend.length ? `${query.replace(/\s+$/, '')}\n| extend ${extend.join(', ')}` : query;
  return { fits: reasons.length === 0, reasons, notes, schedule, assets, tactic, queryText };
}
