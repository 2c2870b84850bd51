/** Content items -> the ARM resources Sentinel installs (the V3 packager's transformations). */
import type { QueryContent } from '../content/model.js';

const trimDescription = (d: unknown) => String(d ?? '').trim().replace(/^'([\s\S]*)'$/, '$1').trim();

/** `1d` -> `P1D`, `5m` -> `PT5M`, `1h` -> `PT1H`; .NET timespans -> ISO-8601. */
export function isoDuration(v: unknown): string {
  const s = String(v).trim();
  const m = /^(\d+)([mhd])$/i.exec(s);
  if (m) return m[2]!.toLowerCase() === 'd' ? `P${m[1]}D` : `PT${m[1]}${m[2]!.toUpperCase()}`;
  const t = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})$/.exec(s);
  if (t) {
    const [, d, h, mi, se] = t;
    const time = `${Number(h) ? `${Number(h)}H` : ''}${Number(mi) ? `${Number(mi)}M` : ''}${Number(se) ? `${Number(se)}S` : ''}`;
    return `P${d && Number(d) ? `${Number(d)}D` : ''}${time ? `T${time}` : ''}` || 'PT0S';
  }
  return s;
}

const OPERATORS: Record<string, string> = { gt: 'GreaterThan', lt: 'LessThan', eq: 'Equal', ne: 'NotEqual' };

export function alertRuleProperties(rule: QueryContent): Record<string, unknown> {
  const d = rule.data ?? {};
  const p: Record<string, unknown> = {
    description: trimDescription(d.description),
    displayName: d.name,
    enabled: false,
    query: d.query,
  };
  if (d.kind === 'Scheduled') {
    p.queryFrequency = isoDuration(d.queryFrequency);
    p.queryPeriod = isoDuration(d.queryPeriod);
  }
  p.severity = d.severity ?? 'Medium';
  if (d.kind === 'Scheduled') {
    p.suppressionDuration = 'PT1H';
    p.suppressionEnabled = false;
    p.triggerOperator = OPERATORS[d.triggerOperator] ?? d.triggerOperator;
    p.triggerThreshold = d.triggerThreshold;
  }
  p.status = d.status ?? 'Available';
  p.requiredDataConnectors = d.requiredDataConnectors?.length ? d.requiredDataConnectors : "[variables('TemplateEmptyArray')]";
  if (d.tactics?.length) p.tactics = (d.tactics as string[]).map((t) => t.replace(/\s/g, ''));
  if (d.relevantTechniques?.length) p.techniques = [...new Set((d.relevantTechniques as string[]).map((t) => t.split('.')[0]))];
  for (const k of ['entityMappings', 'eventGroupingSettings', 'customDetails', 'alertDetailsOverride', 'incidentConfiguration', 'sentinelEntitiesMappings']) {
    const v = d[k];
    if (v === undefined || v === null || (Array.isArray(v) && !v.length) || (typeof v === 'object' && !Object.keys(v).length)) continue;
    p[k] = k === 'incidentConfiguration' ? withIsoLookback(v) : v;
  }
  return p;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function withIsoLookback(ic: any): unknown {
  const g = ic?.groupingConfiguration;
  if (!g?.lookbackDuration || /^P/.test(g.lookbackDuration)) return ic;
  return { ...ic, groupingConfiguration: { ...g, lookbackDuration: isoDuration(g.lookbackDuration) } };
}

export function huntingTags(q: QueryContent): { description: string; tactics: string; techniques: string } {
  const d = q.data ?? {};
  return {
    description: trimDescription(d.description),
    tactics: ((d.tactics ?? []) as string[]).map((t) => t.replace(/\s/g, '')).join(','),
    techniques: ((d.relevantTechniques ?? []) as string[]).join(','),
  };
}

export { trimDescription };
