/**
 * Checks on one analytic rule or hunting query beyond its JSON Schema: durations, technique-to-tactic mapping,
 * entity identifiers, placeholders, ATRM tags, KQL semantics against the table schemas, and cross-checks of the
 * columns the alert configuration uses against the query's output.
 */
import type { QueryContent } from '../content/model.js';
import { diag, type Diagnostic } from '../util/diagnostics.js';
import { parseYamlDuration } from '../harness/durations.js';
import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE } from '../kql/ticks.js';
import { referenceData } from './reference-data.js';
import { analyzeQuery, type QueryAnalysis } from './kql.js';

type Emit = (path: (string | number)[], code: string, message: string) => void;

export function checkQueryContent(item: QueryContent, globals: unknown): { diagnostics: Diagnostic[]; analysis?: QueryAnalysis } {
  const out: Diagnostic[] = [];
  const data = item.data;
  if (!data) return { diagnostics: out };
  const emit: Emit = (path, code, message) => { const p = item.yaml.locate(path); out.push(diag(item.file, p.line, p.column, code, message)); };
  const ref = referenceData();
  const isRule = item.kind === 'analyticRule';

  // Durations: 5m..14d, period >= frequency, period >= 2d needs frequency >= 1h.
  if (isRule && data.kind === 'Scheduled') {
    const f = parseYamlDuration(data.queryFrequency), p = parseYamlDuration(data.queryPeriod);
    const inRange = (v: bigint | undefined) => v !== undefined && v >= 5n * TICKS_PER_MINUTE && v <= 14n * TICKS_PER_DAY;
    if (data.queryFrequency !== undefined && !inRange(f)) emit(['queryFrequency'], 'RULE002', `queryFrequency '${data.queryFrequency}' must be between 5m and 14d`);
    if (data.queryPeriod !== undefined && !inRange(p)) emit(['queryPeriod'], 'RULE002', `queryPeriod '${data.queryPeriod}' must be between 5m and 14d`);
    if (f !== undefined && p !== undefined) {
      if (p < f) emit(['queryPeriod'], 'RULE003', `queryPeriod (${data.queryPeriod}) must be greater than or equal to queryFrequency (${data.queryFrequency})`);
      if (p >= 2n * TICKS_PER_DAY && f < TICKS_PER_HOUR) emit(['queryFrequency'], 'RULE004', `a queryPeriod of 2 days or more needs a queryFrequency of at least 1h (got ${data.queryFrequency})`);
    }
  }

  // Techniques: active in the ATT&CK version of the map (sub-techniques too), and in one of the listed tactics
  // (a sub-technique through its parent).
  const tactics = new Set<string>((data.tactics ?? []) as string[]);
  const v = ref.attack.attackVersion;
  ((data.relevantTechniques ?? []) as string[]).forEach((t, i) => {
    const parent = String(t).split('.')[0]!;
    const mapped = ref.techniqueTactics.get(parent);
    if (ref.attack.retired.has(String(t))) emit(['relevantTechniques', i], 'RULE005', `technique ${t} is ${ref.attack.retired.get(String(t))} in MITRE ATT&CK v${v}`);
    else if (!mapped) emit(['relevantTechniques', i], 'RULE005', `technique ${t} is not a MITRE ATT&CK v${v} technique`);
    else if (String(t).includes('.') && !ref.attack.subTechniques.has(String(t))) emit(['relevantTechniques', i], 'RULE005', `sub-technique ${t} does not exist in MITRE ATT&CK v${v} (${parent} has ${[...ref.attack.subTechniques.keys()].filter((s) => s.startsWith(`${parent}.`)).join(', ') || 'no sub-techniques'})`);
    else if (![...mapped].some((x) => tactics.has(x))) emit(['relevantTechniques', i], 'RULE006', `technique ${t} belongs to ${[...mapped].join('/')}, none of which is in tactics`);
  });

  // Entity mappings: identifiers valid for the type, unique, with a required combination.
  ((data.entityMappings ?? []) as { entityType: string; fieldMappings: { identifier: string }[] }[]).forEach((m, i) => {
    const info = ref.entities[m?.entityType];
    if (!info || !Array.isArray(m.fieldMappings)) return; // the schema reports the type
    const ids = m.fieldMappings.map((f) => f?.identifier);
    ids.forEach((id, j) => {
      if (!info.identifiers.includes(id)) emit(['entityMappings', i, 'fieldMappings', j, 'identifier'], 'RULE007', `'${id}' is not an identifier of ${m.entityType} (valid: ${info.identifiers.join(', ')})`);
      if (ids.indexOf(id) !== j) emit(['entityMappings', i, 'fieldMappings', j, 'identifier'], 'RULE008', `identifier '${id}' appears twice in this mapping`);
    });
    if (info.requiredIdentifiers?.length && !info.requiredIdentifiers.some((combo) => combo.every((c) => ids.includes(c)))) {
      emit(['entityMappings', i], 'RULE009', `${m.entityType} mapping needs one of: ${info.requiredIdentifiers.map((c) => c.join('+')).join(', ')}`);
    }
  });

  // alertDetailsOverride: at most 3 placeholders per format.
  const ovr = (data.alertDetailsOverride ?? {}) as Record<string, unknown>;
  for (const key of ['alertDisplayNameFormat', 'alertDescriptionFormat']) {
    const n = typeof ovr[key] === 'string' ? ((ovr[key] as string).match(/\{\{[^}]+\}\}/g) ?? []).length : 0;
    if (n > 3) emit(['alertDetailsOverride', key], 'RULE010', `${key} has ${n} {{placeholders}}; at most 3 are allowed`);
  }

  // ATRM technique ids in tags.
  ((data.tags ?? []) as unknown[]).forEach((t, i) => {
    if (typeof t === 'string' && /^AZT\d/i.test(t) && !ref.atrm.has(t)) emit(['tags', i], 'RULE011', `'${t}' is not an Azure Threat Research Matrix technique id`);
  });

  // KQL semantics.
  if (typeof data.query !== 'string') return { diagnostics: out };
  const analysis = analyzeQuery(data.query, globals);
  for (const d of analysis.diagnostics) {
    if (d.severity !== 'error') continue;
    const p = item.yaml.locateInString(['query'], d.start);
    out.push(diag(item.file, p.line, p.column, 'KQL001', `${d.code}: ${d.message}`));
  }
  const hasKqlErrors = analysis.diagnostics.some((d) => d.severity === 'error');

  // Columns used by the alert configuration must be in the query's output.
  if (analysis.outputColumns && !hasKqlErrors) {
    const cols = new Set(analysis.outputColumns.map((c) => c.name));
    const need = (col: string, path: (string | number)[], what: string) => { if (!cols.has(col)) emit(path, 'RULE012', `${what} uses column '${col}', which the query does not output (output: ${[...cols].join(', ')})`); };
    ((data.entityMappings ?? []) as { fieldMappings?: { columnName: string }[] }[]).forEach((m, i) =>
      (m.fieldMappings ?? []).forEach((f, j) => f?.columnName && need(f.columnName, ['entityMappings', i, 'fieldMappings', j, 'columnName'], 'entity mapping')));
    for (const [k, col] of Object.entries((data.customDetails ?? {}) as Record<string, string>)) if (typeof col === 'string') need(col, ['customDetails', k], `custom detail '${k}'`);
    for (const key of ['alertDisplayNameFormat', 'alertDescriptionFormat']) {
      if (typeof ovr[key] !== 'string') continue;
      for (const m of (ovr[key] as string).matchAll(/\{\{\s*([^}\s]+)\s*\}\}/g)) need(m[1]!, ['alertDetailsOverride', key], `${key} placeholder`);
    }
    for (const key of ['alertTacticsColumnName', 'alertSeverityColumnName']) if (typeof ovr[key] === 'string') need(ovr[key] as string, ['alertDetailsOverride', key], key);
  }

  // Every table the query reads must be covered by a required data connector's data types.
  if (Array.isArray(data.requiredDataConnectors) && !hasKqlErrors) {
    const covered = new Set((data.requiredDataConnectors as { dataTypes?: string[] }[]).flatMap((c) => c?.dataTypes ?? []));
    for (const t of analysis.tablesRead) if (!covered.has(t)) emit(['requiredDataConnectors'], 'RULE013', `the query reads ${t}, which no requiredDataConnectors entry lists in dataTypes`);
  }
  return { diagnostics: out, analysis };
}
