/** Renders every output of the package from the templates: mainTemplate, createUiDefinition, standalone, Bicep, README table. */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Content } from '../content/model.js';
import { contentLayout } from '../util/paths.js';
import { alertRuleProperties, huntingTags, trimDescription } from './arm-content.js';
import { KIND_INFO, uuidV5, type PackItem } from './items.js';
import { renderJson, renderText } from './render.js';

export interface SolutionInfo {
  name: string; version: string; id: string; author: string; authorName: string; email: string; logo: string;
  description: string; descriptionHtml: string; publisherDisplayName: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  support: any; firstPublishDate: string; providers: string[]; categories: any;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function solutionInfo(c: Content, meta: any): SolutionInfo {
  const d = c.solution!.data;
  const [authorName, email] = String(d.Author).split(' - ');
  const categories: Record<string, string[]> = { domains: meta.categories?.domains ?? [] };
  if (meta.categories?.verticals?.length) categories.verticals = meta.categories.verticals;
  const support = meta.support ?? {};
  return {
    name: d.Name, version: d.Version, id: `${meta.publisherId}.${meta.offerId}`.toLowerCase(), author: d.Author,
    authorName: authorName ?? d.Author, email: email ?? support.email ?? '', logo: d.Logo, description: d.Description,
    descriptionHtml: `<p><strong>Note:</strong> Please refer to the following before installing the solution:</p><p>• Review the solution <a href="https://github.com/">Release Notes</a></p><p>${escapeHtml(d.Description)}</p>`,
    publisherDisplayName: support.tier === 'Microsoft' ? `Microsoft Sentinel, ${support.name}` : support.name,
    support, firstPublishDate: meta.firstPublishDate, providers: meta.providers ?? [], categories,
  };
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const VAR: Record<PackItem['kind'], string> = { analyticRule: 'analyticRule', huntingQuery: 'huntingQuery', workbook: 'workbook', playbook: 'playbook', summaryRule: 'summaryRule' };

function parentIdExpr(it: PackItem): string {
  const v = `variables('_${VAR[it.kind]}contentId${it.n}')`;
  switch (it.kind) {
    case 'analyticRule': return `resourceId('Microsoft.SecurityInsights/AlertRuleTemplates', ${v})`;
    case 'huntingQuery': return `resourceId('Microsoft.OperationalInsights/savedSearches', ${v})`;
    case 'workbook': return `resourceId('Microsoft.Insights/workbooks', variables('${VAR[it.kind]}contentId${it.n}'))`;
    case 'playbook': return `resourceId('Microsoft.Logic/workflows', ${v})`;
    case 'summaryRule': return `resourceId('Microsoft.OperationalInsights/workspaces/summaryLogs', parameters('workspace'), '${it.baseName}')`;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function innerOf(it: PackItem, sol: SolutionInfo): { resources: any[]; parameters: any; variables: any; dependencies?: any } {
  const ctx = { var: VAR[it.kind], n: it.n };
  switch (it.kind) {
    case 'analyticRule':
      return { resources: [renderJson('alertRule.json.hbs', { ...ctx, rule: it.query!.data, properties: alertRuleProperties(it.query!) })], parameters: {}, variables: { TemplateEmptyArray: "[json('[]')]" } };
    case 'huntingQuery':
      return { resources: [renderJson('savedSearch.json.hbs', { ...ctx, query: it.query!.data, resourceName: `${sol.name.replace(/ /g, '_')}_Hunting_Query_${it.n}`, ...huntingTags(it.query!) })], parameters: {}, variables: {} };
    case 'workbook': {
      const m = it.workbookMeta;
      const deps = [...(m.dataTypesDependencies ?? []).map((x: string) => ({ contentId: x, kind: 'DataType' })), ...(m.dataConnectorsDependencies ?? []).map((x: string) => ({ contentId: x, kind: 'DataConnector' }))];
      return {
        resources: [renderJson('workbook.json.hbs', { ...ctx, description: m.description, serializedData: it.json!.text.trim() === '' ? '{}' : JSON.stringify(it.json!.data) })],
        parameters: {}, variables: {}, dependencies: deps.length ? { operator: 'AND', criteria: deps } : undefined,
      };
    }
    case 'playbook': {
      const t = it.json!.data;
      return { resources: t.resources ?? [], parameters: t.parameters ?? {}, variables: t.variables ?? {} };
    }
    case 'summaryRule':
      return { resources: [summaryLogsResource(it)], parameters: {}, variables: {}, dependencies: dataTypeDependencies(it) };
  }
}

export function renderMainTemplate(items: PackItem[], sol: SolutionInfo): unknown {
  const rendered = items.map((it) => {
    const inner = innerOf(it, sol);
    const ctx = {
      var: VAR[it.kind], n: it.n, contentKind: KIND_INFO[it.kind].contentKind, displayName: it.displayName,
      templateDescription: `${it.baseName} ${KIND_INFO[it.kind].contentKind} with template version ${sol.version}`,
      metadataDescription: trimDescription(it.description).slice(0, 1000) || it.displayName,
      innerResources: inner.resources, innerParameters: inner.parameters, innerVariables: inner.variables,
      parentIdExpr: parentIdExpr(it), solutionName: sol.name, authorName: sol.authorName, support: sol.support, dependencies: inner.dependencies,
    };
    return { ...it, var: VAR[it.kind], abbr: KIND_INFO[it.kind].abbr, contentKind: KIND_INFO[it.kind].contentKind, resourceJson: JSON.stringify(renderJson('contentTemplate.json.hbs', ctx)) };
  });
  const workbooks = items.filter((i) => i.kind === 'workbook').map((i) => ({ n: i.n, title: i.displayName }));
  return renderJson('mainTemplate.json.hbs', { solution: sol, items: rendered, workbooks });
}

const STEPS: { kind: PackItem['kind']; name: string; label: string; intro: string; section: string; learnMore: string }[] = [
  { kind: 'workbook', name: 'workbooks', label: 'Workbooks', section: 'workbook', intro: 'This solution installs workbook(s) to help you gain insights into the telemetry collected in Microsoft Sentinel.', learnMore: 'https://docs.microsoft.com/azure/sentinel/tutorial-monitor-your-data' },
  { kind: 'analyticRule', name: 'analytics', label: 'Analytics', section: 'analytic', intro: 'This solution installs the following analytic rule templates. After installing the solution, create and enable analytic rules in the Manage solution view.', learnMore: 'https://docs.microsoft.com/azure/sentinel/tutorial-detect-threats-custom?WT.mc_id=Portal-Microsoft_Azure_CreateUIDef' },
  { kind: 'huntingQuery', name: 'huntingqueries', label: 'Hunting Queries', section: 'huntingquery', intro: 'This solution installs the following hunting queries. After installing the solution, run these hunting queries to hunt for threats in the Manage solution view.', learnMore: 'https://docs.microsoft.com/azure/sentinel/hunting' },
  { kind: 'playbook', name: 'playbooks', label: 'Playbooks', section: 'playbook', intro: 'This solution installs the following playbook templates. After installing the solution, deploy the playbooks from the Manage solution view.', learnMore: 'https://docs.microsoft.com/azure/sentinel/tutorial-respond-threats-playbook' },
];

export function renderCreateUiDefinition(items: PackItem[], sol: SolutionInfo): unknown {
  const count = (k: PackItem['kind']) => items.filter((i) => i.kind === k).length;
  const counts = [['Workbooks', count('workbook')], ['Analytic Rules', count('analyticRule')], ['Hunting Queries', count('huntingQuery')], ['Playbooks', count('playbook')]]
    .filter(([, n]) => n).map(([l, n]) => `**${l}:** ${n}`).join(', ');
  const basicsDescription = `${sol.logo}\n\n**Note:** Please refer to the following before installing the solution:\n\n• Review the solution [Release Notes](https://github.com/)\n\n${sol.description}\n\n${counts}\n\n[Learn more about Microsoft Sentinel](https://aka.ms/azuresentinel) | [Learn more about Solutions](https://aka.ms/azuresentinelsolutionsdoc)`;
  const steps = STEPS.filter((s) => count(s.kind)).map((s) => ({
    ...s, lower: s.label.toLowerCase(),
    items: items.filter((i) => i.kind === s.kind).map((i) => ({ section: `${s.section}${i.n}`, label: i.displayName, text: trimDescription(i.description).slice(0, 1000) || i.displayName })),
  }));
  return renderJson('createUiDefinition.json.hbs', { basicsDescription, steps });
}

/** The summary rule resource (Azure Monitor summary rules reference; property set as the V3 packager's GenerateSummaryRules). */
function summaryLogsResource(it: PackItem): Record<string, unknown> {
  const d = it.summary!.data!;
  const ruleDefinition: Record<string, unknown> = { query: d.query, binSize: d.binSize, destinationTable: d.destinationTable };
  if (d.binDelay !== undefined) ruleDefinition.binDelay = d.binDelay;
  return {
    type: 'Microsoft.OperationalInsights/workspaces/summaryLogs', apiVersion: SUMMARY_LOGS_API_VERSION,
    name: `[concat(parameters('workspace'),'/','${it.baseName}')]`,
    properties: { ruleType: 'User', displayName: it.displayName, description: trimDescription(d.description), ruleDefinition },
  };
}

/** Pinned api-version of Microsoft.OperationalInsights/workspaces/summaryLogs (GA). */
const SUMMARY_LOGS_API_VERSION = '2025-07-01';

function dataTypeDependencies(it: PackItem): unknown {
  const types = [...new Set(((it.summary!.data!.requiredDataConnectors ?? []) as { dataTypes?: string[] }[]).flatMap((c) => c.dataTypes ?? []))];
  return types.length ? { operator: 'AND', criteria: types.map((t) => ({ contentId: t, kind: 'DataType' })) } : undefined;
}

export function standaloneName(it: PackItem): string { return `${KIND_INFO[it.kind].label}/${it.baseName}.json`; }

export function renderStandalone(it: PackItem): unknown {
  const base = { contentVersion: `${it.version}.0`, title: it.displayName, description: trimDescription(it.description).slice(0, 2000) };
  switch (it.kind) {
    case 'analyticRule': {
      const props = alertRuleProperties(it.query!);
      delete props.requiredDataConnectors;
      props.enabled = true;
      props.templateVersion = it.version;
      props.alertRuleTemplateName = it.contentId;
      return renderJson('standalone.json.hbs', { ...base, extraParameters: {}, variables: {}, resources: [{
        type: 'Microsoft.OperationalInsights/workspaces/providers/alertRules', apiVersion: '2023-02-01-preview',
        name: `[concat(parameters('workspace'),'/Microsoft.SecurityInsights/','${it.contentId}')]`, kind: it.query!.data!.kind, properties: props,
      }] });
    }
    case 'huntingQuery': {
      const t = huntingTags(it.query!);
      return renderJson('standalone.json.hbs', { ...base, extraParameters: {}, variables: {}, resources: [{
        type: 'Microsoft.OperationalInsights/workspaces/savedSearches', apiVersion: '2022-10-01',
        name: `[concat(parameters('workspace'),'/','${it.contentId}')]`,
        properties: { eTag: '*', displayName: it.displayName, category: 'Hunting Queries', query: it.query!.data!.query, version: 2,
          tags: [{ name: 'description', value: t.description }, { name: 'tactics', value: t.tactics }, { name: 'techniques', value: t.techniques }] },
      }] });
    }
    case 'workbook':
      return renderJson('standalone.json.hbs', { ...base, extraParameters: {}, variables: {}, resources: [{
        type: 'Microsoft.Insights/workbooks', apiVersion: '2021-08-01', name: uuidV5(`workbook:${it.contentId}`), location: '[resourceGroup().location]', kind: 'shared',
        properties: { displayName: it.displayName, serializedData: JSON.stringify(it.json!.data), version: '1.0', sourceId: "[resourceId('Microsoft.OperationalInsights/workspaces', parameters('workspace'))]", category: 'sentinel' },
      }] });
    case 'summaryRule':
      return renderJson('standalone.json.hbs', { ...base, extraParameters: {}, variables: {}, resources: [summaryLogsResource(it)] });
    case 'playbook': {
      const t = it.json!.data;
      const params = { ...(t.parameters ?? {}) };
      delete params.workspace;
      return renderJson('standalone.json.hbs', { ...base, extraParameters: params, variables: t.variables ?? {}, resources: t.resources ?? [] });
    }
  }
}

export function renderBicep(items: PackItem[], sol: SolutionInfo): string {
  const standalone = items.map((it) => ({
    symbol: `${it.kind}${it.n}`, path: standaloneName(it), deploymentName: `cdr-${KIND_INFO[it.kind].abbr}-${it.n}-${it.version}`,
  }));
  return renderText('main.bicep.hbs', { solutionVersion: sol.version, standalone });
}

export function renderReadmeTable(c: Content, items: PackItem[]): string {
  const L = contentLayout(c.root);
  const tested = (it: PackItem) => (existsSync(join(L.tests, `${it.baseName}.test.yaml`)) ? 'yes' : 'no');
  const link = (it: PackItem) => relative(L.root, join(L.package, 'standalone', standaloneName(it))).replace(/\\/g, '/').replace(/ /g, '%20');
  const q = (it: PackItem) => it.query!.data!;
  const list = (v: unknown) => (Array.isArray(v) && v.length ? v.join(', ') : '-');
  const dataTypes = (it: PackItem) => list([...new Set(((q(it).requiredDataConnectors ?? []) as { dataTypes: string[] }[]).flatMap((d) => d.dataTypes))]);
  const rules = items.filter((i) => i.kind === 'analyticRule').map((it) => ({
    name: it.displayName, severity: q(it).severity, tactics: list(q(it).tactics), techniques: list(q(it).relevantTechniques),
    atrm: list(((q(it).tags ?? []) as unknown[]).filter((t) => typeof t === 'string' && /^AZT/.test(t))), dataTypes: dataTypes(it), tested: tested(it), link: link(it),
  }));
  const hunting = items.filter((i) => i.kind === 'huntingQuery').map((it) => ({ name: it.displayName, tactics: list(q(it).tactics), techniques: list(q(it).relevantTechniques), dataTypes: dataTypes(it), tested: tested(it), link: link(it) }));
  const simple = (k: PackItem['kind']) => items.filter((i) => i.kind === k).map((it) => ({ name: it.displayName, description: trimDescription(it.description).split('\n')[0]!.slice(0, 160), link: link(it) }));
  const summaryRules = items.filter((i) => i.kind === 'summaryRule').map((it) => {
    const d = it.summary!.data!;
    const types = [...new Set(((d.requiredDataConnectors ?? []) as { dataTypes: string[] }[]).flatMap((c) => c.dataTypes))];
    return { name: it.displayName, destination: d.destinationTable, binSize: d.binSize, dataTypes: types.join(', ') || '-', link: link(it) };
  });
  return renderText('readme-content.md.hbs', { rules, hunting, workbooks: simple('workbook'), playbooks: simple('playbook'), summaryRules });
}
