/** Output of `cdr deploy` and `cdr drift`: text for people, the JSON document of the issue, SARIF for code scanning. */
import { relative } from 'node:path';
import type { FleetResult, PlannedItem, TargetResult } from './index.js';
import { YamlFile } from '../content/yaml-doc.js';
import { readFileSync } from 'node:fs';

export interface DeployDocument {
  targets: { name: string; items: { kind: string; name: string; id: string; action: string; fields: string[] }[]; error: string | null }[];
}

export function deployDocument(r: FleetResult, filter: (p: PlannedItem) => boolean = () => true): DeployDocument {
  return {
    targets: r.targets.map((t) => ({
      name: t.name,
      items: t.items.filter(filter).map((p) => ({ kind: p.kind, name: p.name, id: p.id, action: p.action, fields: [...p.fields] })),
      error: t.error,
    })),
  };
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

function itemLine(p: PlannedItem, mode: 'plan' | 'deploy', prune: boolean): string {
  let action: string = p.action;
  if (p.action === 'orphaned') action = prune ? (mode === 'plan' ? 'orphaned (would delete)' : 'orphaned (deleted)') : 'orphaned (kept; --prune deletes)';
  const extra = p.fields.length ? `  ${p.fields.join(', ')}` : p.deletedInWorkspace ? '  (deleted in the workspace)' : '';
  const note = p.action === 'unmanaged' && p.note ? `  ${p.note}` : '';
  const err = p.error ? `  ERROR ${p.error}` : '';
  return `  ${pad(action, 10)} ${pad(p.kind, 13)} ${p.name}${extra}${note}${err}`;
}

export function counts(items: PlannedItem[]): Record<string, number> {
  const c: Record<string, number> = {};
  for (const p of items) c[p.action] = (c[p.action] ?? 0) + 1;
  return c;
}

const countText = (c: Record<string, number>) => Object.entries(c).sort().map(([k, v]) => `${v} ${k}`).join(', ') || 'nothing';

export function deployText(r: FleetResult, mode: 'plan' | 'deploy', prune: boolean): string {
  const lines: string[] = [];
  for (const t of r.targets) {
    const ws = `${t.target.subscriptionId}/${t.target.resourceGroup}/${t.target.workspace}`;
    lines.push(`target ${t.name} (${ws})${mode === 'plan' ? ' [plan]' : ''}`);
    for (const p of t.items) if (p.action !== 'unchanged') lines.push(itemLine(p, mode, prune));
    lines.push(`  ${countText(counts(t.items))}`);
    if (t.error) lines.push(`  FAILED: ${t.error}`);
  }
  const failed = r.targets.filter((t) => t.error).length;
  const all = counts(r.targets.flatMap((t) => t.items));
  lines.push(`${r.targets.length} target(s)${failed ? `, ${failed} failed` : ''}: ${countText(all)}${mode === 'plan' ? ' (plan: nothing was changed)' : ''}`);
  return lines.join('\n');
}

/** Drift: a deployed item whose workspace copy no longer matches the source, or that was deleted there. */
export const isDrift = (p: PlannedItem) => p.action === 'update' || (p.action === 'create' && Boolean(p.deletedInWorkspace));
/** Not yet deployed to the target (not drift, but the workspace is behind the source). */
export const isPending = (p: PlannedItem) => p.action === 'create' && !p.deletedInWorkspace;

function driftWhat(p: PlannedItem): string {
  return p.action === 'create' ? 'deleted in the workspace' : `${p.fields.join(', ')} differ${p.fields.length === 1 ? 's' : ''}`;
}

export function driftText(r: FleetResult): string {
  const lines: string[] = [];
  let n = 0;
  for (const t of r.targets) {
    if (t.error) lines.push(`${t.name}: ERROR ${t.error}`);
    for (const p of t.items) {
      if (isDrift(p)) { n++; lines.push(`${t.name}: ${p.kind} ${p.name}: ${driftWhat(p)}`); }
      else if (isPending(p)) lines.push(`${t.name}: ${p.kind} ${p.name}: not deployed yet`);
    }
  }
  lines.push(`${n} drifted item(s) in ${r.targets.filter((t) => t.items.some(isDrift)).length} of ${r.targets.length} target(s)`);
  return lines.join('\n');
}

/** SARIF 2.1.0: one result per drifted field, located at the field in the item's source file where it has one. */
export function driftSarif(r: FleetResult, cwd = process.cwd()): string {
  const yamlCache = new Map<string, YamlFile | undefined>();
  const locate = (file: string, field: string | undefined) => {
    if (!file.endsWith('.yaml') && !file.endsWith('.yml')) return { line: 1, column: 1 };
    if (!yamlCache.has(file)) { try { yamlCache.set(file, new YamlFile(file, readFileSync(file, 'utf8'))); } catch { yamlCache.set(file, undefined); } }
    const y = yamlCache.get(file);
    const key = field && YAML_KEY[field];
    return y && key ? y.locate([key]) : { line: 1, column: 1 };
  };
  const results: unknown[] = [];
  for (const t of r.targets) {
    for (const p of t.items.filter(isDrift)) {
      const file = p.desired?.file ?? '';
      for (const field of p.action === 'create' ? ['deleted'] : p.fields) {
        const pos = locate(file, field);
        results.push({
          ruleId: `drift/${p.kind}`,
          level: 'error',
          message: { text: `target ${t.name}: ${p.kind} ${p.name}: ${field === 'deleted' ? 'deleted in the workspace' : `${field} differs from the source`} (${p.id})` },
          locations: [{ physicalLocation: { artifactLocation: { uri: relative(cwd, file).split('\\').join('/') }, region: { startLine: pos.line, startColumn: pos.column } } }],
          properties: { target: t.name, field, resourceId: p.id },
        });
      }
    }
  }
  const kinds = ['parser', 'analyticRule', 'huntingQuery', 'watchlist', 'summaryRule', 'workbook', 'playbook'];
  return JSON.stringify({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0',
    runs: [{ tool: { driver: { name: 'cdr drift', informationUri: 'https://github.com/', rules: kinds.map((k) => ({ id: `drift/${k}`, shortDescription: { text: `A deployed ${k} differs from the source` } })) } }, results }],
  }, null, 2);
}

/** Rule resource fields -> the YAML key they come from. */
const YAML_KEY: Record<string, string> = {
  query: 'query', severity: 'severity', queryFrequency: 'queryFrequency', queryPeriod: 'queryPeriod', triggerOperator: 'triggerOperator',
  triggerThreshold: 'triggerThreshold', entityMappings: 'entityMappings', tactics: 'tactics', techniques: 'relevantTechniques',
  customDetails: 'customDetails', alertDetailsOverride: 'alertDetailsOverride', incidentConfiguration: 'incidentConfiguration',
  eventGroupingSettings: 'eventGroupingSettings', displayName: 'name', description: 'description',
};

export type { TargetResult };
