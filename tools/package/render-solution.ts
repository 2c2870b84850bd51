/** Prose and layout outputs rendered with handlebars (tools/templates): the README content table and main.bicep. */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Content } from '../content/model.js';
import { contentLayout } from '../util/paths.js';
import { trimDescription } from './arm-content.js';
import type { PackItem } from './items.js';
import { kindOf } from './kinds/index.js';
import { renderText } from './render.js';
import { parameterList } from '../content/parsers.js';
import type { SolutionInfo } from './solution-info.js';

/** Path of an item's standalone template inside the Deploy folder. */
export function standaloneName(it: PackItem): string { return `${kindOf(it.kind).folder}/${it.baseName}.json`; }

/** main.bicep in the Deploy folder; `mainTemplatePath` is the package's mainTemplate.json relative to it. */
export function renderBicep(items: PackItem[], sol: SolutionInfo, mainTemplatePath: string, parserCalls?: Map<PackItem, PackItem[]>): string {
  const symbol = (it: PackItem) => `${it.kind}${it.n}`;
  const standalone = items.map((it) => ({
    symbol: symbol(it), path: standaloneName(it), deploymentName: `cdr-${kindOf(it.kind).abbr}-${it.n}-${it.version}`,
    dependsOn: (parserCalls?.get(it) ?? []).map(symbol),
  }));
  return renderText('main.bicep.hbs', { solutionVersion: sol.version, standalone, mainTemplatePath });
}

export function renderReadmeTable(c: Content, items: PackItem[], deployDir: string, parserCalls?: Map<PackItem, PackItem[]>): string {
  const L = contentLayout(c.root);
  const tested = (it: PackItem) => (existsSync(join(L.tests, `${it.baseName}.test.yaml`)) ? 'yes' : 'no');
  const link = (it: PackItem) => relative(L.root, join(deployDir, standaloneName(it))).replace(/\\/g, '/').replace(/ /g, '%20');
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
  const parsers = items.filter((i) => i.kind === 'parser').map((it) => {
    const callers = items.filter((i) => i !== it && (parserCalls?.get(i) ?? []).includes(it));
    const counts = (['analyticRule', 'huntingQuery', 'workbook', 'summaryRule', 'parser'] as const).map((k) => [k, callers.filter((x) => x.kind === k).length] as const).filter(([, n]) => n);
    const label: Record<string, [string, string]> = { analyticRule: ['rule', 'rules'], huntingQuery: ['hunting query', 'hunting queries'], workbook: ['workbook', 'workbooks'], summaryRule: ['summary rule', 'summary rules'], parser: ['parser', 'parsers'] };
    return { signature: `${it.parser!.functionAlias}${parameterList(it.parser!.parameters)}`, name: it.displayName, calledBy: counts.map(([k, n]) => `${n} ${label[k]![n === 1 ? 0 : 1]}`).join(', ') || '-', tested: tested(it), link: link(it) };
  });
  return renderText('readme-content.md.hbs', { rules, hunting, parsers, workbooks: simple('workbook'), playbooks: simple('playbook'), summaryRules });
}
