/**
 * Loads every content item of a solution folder. Never throws for bad content: problems become
 * diagnostics in `loadErrors` (or the item's YAML parse errors) so a run reports all of them at once.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { contentLayout } from '../util/paths.js';
import { diag, type Diagnostic } from '../util/diagnostics.js';
import { YamlFile } from './yaml-doc.js';
import type { Content, JsonContent, QueryContent, SolutionData, SummaryRuleContent } from './model.js';
import { loadParser } from './parsers.js';

function listFiles(dir: string, exts: string[]): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => exts.includes(extname(f).toLowerCase())).sort().map((f) => join(dir, f));
}

export function loadQueryContent(file: string, kind: 'analyticRule' | 'huntingQuery'): QueryContent {
  const text = readFileSync(file, 'utf8');
  const yaml = new YamlFile(file, text);
  const data = yaml.data && typeof yaml.data === 'object' && !Array.isArray(yaml.data) ? (yaml.data as Record<string, unknown>) : undefined;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    kind, file, baseName: basename(file, extname(file)), yaml, data,
    id: str(data?.id), name: str(data?.name), query: str(data?.query),
  };
}

/** JSON with a position on parse errors. */
export function parseJsonFile(file: string, errors: Diagnostic[]): { text: string; data: unknown } | undefined {
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (e) {
    errors.push(diag(file, 0, 0, 'LOAD001', `cannot read file: ${(e as Error).message}`));
    return undefined;
  }
  try {
    return { text, data: JSON.parse(text.replace(/^\uFEFF/, '')) };
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    let line = 1, column = 1;
    if (m) {
      const off = Number(m[1]);
      const before = text.slice(0, off);
      line = (before.match(/\n/g) ?? []).length + 1;
      column = off - (before.lastIndexOf('\n') + 1) + 1;
    }
    errors.push(diag(file, line, column, 'JSON001', `malformed JSON: ${(e as Error).message}`));
    return undefined;
  }
}

export function loadContent(root?: string): Content {
  const L = contentLayout(root);
  const loadErrors: Diagnostic[] = [];
  const analyticRules = listFiles(L.analyticRules, ['.yaml', '.yml']).map((f) => loadQueryContent(f, 'analyticRule'));
  const huntingQueries = listFiles(L.huntingQueries, ['.yaml', '.yml']).map((f) => loadQueryContent(f, 'huntingQuery'));
  const parsers = listFiles(L.parsers, ['.yaml', '.yml']).map(loadParser);

  const summaryRules: SummaryRuleContent[] = listFiles(L.summaryRules, ['.yaml', '.yml']).map((f) => {
    const q = loadQueryContent(f, 'huntingQuery');
    return { ...q, kind: 'summaryRule', name: typeof q.data?.displayName === 'string' ? q.data.displayName : undefined };
  });

  const workbooks: JsonContent[] = [];
  // WorkbooksMetadata.json is the workbooks' metadata catalogue, not a workbook.
  for (const f of listFiles(L.workbooks, ['.json']).filter((x) => basename(x).toLowerCase() !== 'workbooksmetadata.json')) {
    const j = parseJsonFile(f, loadErrors);
    if (j) workbooks.push({ kind: 'workbook', file: f, baseName: basename(f, '.json'), text: j.text, data: j.data });
  }

  // Playbooks/<Name>/azuredeploy.json (the official layout).
  const playbooks: JsonContent[] = [];
  if (existsSync(L.playbooks)) {
    for (const name of readdirSync(L.playbooks).sort()) {
      const dir = join(L.playbooks, name);
      if (!statSync(dir).isDirectory()) continue;
      const f = join(dir, 'azuredeploy.json');
      if (!existsSync(f)) { loadErrors.push(diag(dir, 0, 0, 'LOAD002', `playbook folder has no azuredeploy.json`)); continue; }
      const j = parseJsonFile(f, loadErrors);
      if (j) playbooks.push({ kind: 'playbook', file: f, baseName: name, text: j.text, data: j.data });
    }
  }

  let solution: SolutionData | undefined;
  const dataFiles = listFiles(L.solutionData, ['.json']).filter((f) => /^Solution_.+\.json$/i.test(basename(f)));
  if (dataFiles.length === 0) {
    loadErrors.push(diag(join(L.solutionData, 'Solution_<Name>.json'), 0, 0, 'LOAD003', 'no solution data file (Solution/Data/Solution_<Name>.json)'));
  } else {
    if (dataFiles.length > 1) loadErrors.push(diag(dataFiles[1]!, 0, 0, 'LOAD004', `more than one solution data file: ${dataFiles.map((f) => basename(f)).join(', ')}`));
    const j = parseJsonFile(dataFiles[0]!, loadErrors);
    if (j) solution = { file: dataFiles[0]!, text: j.text, data: j.data };
  }

  return { root: L.root, analyticRules, huntingQueries, parsers, workbooks, playbooks, summaryRules, solution, loadErrors };
}
