/** The solution's content in packaging order (the data file's lists), numbered per kind as the V3 tool does. */
import { existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, relative } from 'node:path';
import type { Content, JsonContent, ParserContent, QueryContent, SummaryRuleContent } from '../content/model.js';
import { diag, type Diagnostic } from '../util/diagnostics.js';
import { contentLayout } from '../util/paths.js';
import { playbookContentId } from './kinds/playbook.js';
import { resolveWorkbook } from '../workbooks/resolve.js';

export type ItemKind = 'parser' | 'analyticRule' | 'huntingQuery' | 'workbook' | 'playbook' | 'summaryRule';

export interface PackItem {
  kind: ItemKind;
  n: number;
  contentId: string;
  version: string;
  displayName: string;
  description: string;
  file: string;
  baseName: string;
  query?: QueryContent;
  summary?: SummaryRuleContent;
  parser?: ParserContent;
  json?: JsonContent;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  workbookMeta?: any;
  /** Hash of the item's logic for the version lock. */
  logicHash: string;
}

/** RFC 4122 v5 (name-based, SHA-1) UUID: stable ids derived from content. */
export function uuidV5(name: string, namespace = '6ba7b811-9dad-11d1-80b4-00c04fd430c8'): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const h = createHash('sha1').update(Buffer.concat([ns, Buffer.from(name, 'utf8')])).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

const sha = (v: unknown) => createHash('sha256').update(typeof v === 'string' ? v : JSON.stringify(v)).digest('hex').slice(0, 16);

function ruleLogic(q: QueryContent): unknown {
  const d = q.data ?? {};
  const keys = ['query', 'kind', 'queryFrequency', 'queryPeriod', 'triggerOperator', 'triggerThreshold', 'entityMappings', 'customDetails', 'alertDetailsOverride', 'eventGroupingSettings', 'incidentConfiguration', 'severity'];
  return Object.fromEntries(keys.map((k) => [k, d[k] ?? null]));
}

export function collectItems(c: Content): { items: PackItem[]; diagnostics: Diagnostic[] } {
  const L = contentLayout(c.root);
  const diagnostics: Diagnostic[] = [];
  const items: PackItem[] = [];
  const listed = (key: string): string[] => (Array.isArray(c.solution?.data?.[key]) ? c.solution!.data[key] : []);
  const byRel = <T extends { file: string }>(arr: T[]) => new Map(arr.map((x) => [relative(L.root, x.file).replace(/\\/g, '/'), x]));
  const addMissing = (key: string, map: Map<string, unknown>) => {
    listed(key).forEach((p) => { if (!map.has(p.replace(/\\/g, '/'))) diagnostics.push(diag(c.solution!.file, 1, 1, 'PKG001', `${key}: listed file '${p}' does not exist or failed to load`)); });
  };
  const rules = byRel(c.analyticRules); addMissing('Analytic Rules', rules);
  const hunts = byRel(c.huntingQueries); addMissing('Hunting Queries', hunts);
  const wbs = byRel(c.workbooks.filter((w) => w.baseName !== 'WorkbooksMetadata')); addMissing('Workbooks', wbs);
  const pbs = byRel(c.playbooks); addMissing('Playbooks', pbs);
  const srs = byRel(c.summaryRules ?? []); addMissing('Summary Rules', srs);
  const prs = byRel(c.parsers ?? []); addMissing('Parsers', prs);

  // A listed item that exists but did not load (its errors are in loadErrors) is never dropped silently.
  const unloaded = (key: string, p: string) => diagnostics.push(diag(c.solution!.file, 1, 1, 'PKG001', `${key}: listed file '${p}' failed to load; it cannot be packaged`));
  listed('Analytic Rules').forEach((p, i) => {
    const q = rules.get(p); if (!q) return; if (!q.data) { unloaded('Analytic Rules', p); return; }
    items.push({ kind: 'analyticRule', n: i + 1, contentId: q.id!, version: String(q.data.version ?? '1.0.0'), displayName: q.name!, description: String(q.data.description ?? ''), file: q.file, baseName: q.baseName, query: q, logicHash: sha(ruleLogic(q)) });
  });
  listed('Hunting Queries').forEach((p, i) => {
    const q = hunts.get(p); if (!q) return; if (!q.data) { unloaded('Hunting Queries', p); return; }
    items.push({ kind: 'huntingQuery', n: i + 1, contentId: q.id!, version: String(q.data.version ?? '1.0.0'), displayName: q.name!, description: String(q.data.description ?? ''), file: q.file, baseName: q.baseName, query: q, logicHash: sha(q.data.query) });
  });
  const wbMetaFile = join(L.workbooks, 'WorkbooksMetadata.json');
  const wbMeta: { templateRelativePath?: string; workbookKey?: string; version?: string; title?: string; description?: string }[] =
    existsSync(wbMetaFile) ? JSON.parse(readFileSync(wbMetaFile, 'utf8')) : [];
  listed('Workbooks').forEach((p, i) => {
    const w = wbs.get(p); if (!w) return;
    const meta = wbMeta.find((m) => m.templateRelativePath?.replace(/\.json$/i, '') === w.baseName);
    if (!meta) { diagnostics.push(diag(w.file, 1, 1, 'PKG002', `no WorkbooksMetadata.json entry for ${w.baseName}`)); return; }
    // The shipped workbook is the resolved one (queries taken from hunting queries, the rule catalogue generated).
    const resolved = resolveWorkbook(c, w.data, w.file);
    diagnostics.push(...resolved.diagnostics);
    items.push({ kind: 'workbook', n: i + 1, contentId: meta.workbookKey!, version: meta.version ?? '1.0.0', displayName: meta.title ?? w.baseName, description: meta.description ?? '', file: w.file, baseName: w.baseName, json: { ...w, data: resolved.workbook }, workbookMeta: meta, logicHash: sha(JSON.stringify(resolved.workbook)) });
  });
  listed('Playbooks').forEach((p, i) => {
    const pb = pbs.get(p); if (!pb) return;
    const meta = pb.data?.metadata ?? {};
    items.push({ kind: 'playbook', n: i + 1, contentId: playbookContentId(pb.data, pb.baseName), version: String(meta.version ?? '1.0.0'), displayName: String(meta.title ?? pb.baseName), description: String(meta.description ?? ''), file: pb.file, baseName: pb.baseName, json: pb, logicHash: sha(pb.text) });
  });
  listed('Summary Rules').forEach((p, i) => {
    const q = srs.get(p); if (!q) return; if (!q.data) { unloaded('Summary Rules', p); return; }
    const d = q.data;
    items.push({ kind: 'summaryRule', n: i + 1, contentId: q.id!, version: String(d.version ?? '1.0.0'), displayName: q.name!, description: String(d.description ?? ''), file: q.file, baseName: q.baseName, summary: q,
      logicHash: sha({ query: d.query, binSize: d.binSize, binDelay: d.binDelay ?? null, destinationTable: d.destinationTable }) });
  });
  // Parsers: the content id is `<FunctionName>-Parser`, the convention of the official packager's output (e.g.
  // Solutions/Okta Single Sign-On/Package/mainTemplate.json: parserContentId1 = "OktaSSOV1-Parser").
  listed('Parsers').forEach((p, i) => {
    const pr = prs.get(p); if (!pr) return; if (!pr.data || !pr.functionName || !pr.functionAlias || typeof pr.query !== 'string') { unloaded('Parsers', p); return; }
    items.push({ kind: 'parser', n: i + 1, contentId: `${pr.functionName}-Parser`, version: pr.version ?? '1.0.0', displayName: pr.name ?? pr.functionName, description: String(pr.data.Description ?? ''), file: pr.file, baseName: pr.baseName, parser: pr,
      logicHash: sha({ alias: pr.functionAlias, parameters: pr.parameters, query: pr.query }) });
  });
  return { items, diagnostics };
}
