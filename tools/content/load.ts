/**
 * Loads every content item of a solution folder. Never throws for bad content: every file either loads as its
 * kind or yields a positioned diagnostic in `loadErrors` (YAML items also keep theirs in `yaml.parseErrors`), so a
 * run reports all problems at once and nothing is silently left out of the package. File-level problems (dangling
 * links, folders named like files, invalid UTF-8, empty or comment-only files, a list where a mapping belongs) are
 * handled by tools/util/content-file.ts and YamlFile for every content kind alike.
 */
import { readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { contentLayout } from '../util/paths.js';
import { diag, type Diagnostic } from '../util/diagnostics.js';
import { entryKind, readContentFile } from '../util/content-file.js';
import { YamlFile } from './yaml-doc.js';
import type { Content, JsonContent, QueryContent, SolutionData, SummaryRuleContent } from './model.js';
import { loadParser } from './parsers.js';

/**
 * Every entry of a content folder whose name has one of the extensions, whatever it is (a dangling link or a folder
 * named `X.yaml` is listed too, so that reading it reports the problem instead of the item silently vanishing).
 */
function listFiles(dir: string, exts: string[]): string[] {
  if (entryKind(dir) !== 'directory') return [];
  return readdirSync(dir).filter((f) => exts.includes(extname(f).toLowerCase())).sort().map((f) => join(dir, f));
}

/** What each kind of content file must be, for "expected ..." messages. */
export const EXPECTED = {
  analyticRule: 'an analytic rule (id, name, query, ...)',
  huntingQuery: 'a hunting query (id, name, query, ...)',
  summaryRule: 'a summary rule (id, displayName, query, ...)',
  workbook: 'a workbook (a JSON object)',
  playbook: 'a playbook (an ARM template: a JSON object)',
  solutionData: 'the solution data file (a JSON object)',
};

export function loadQueryContent(file: string, kind: 'analyticRule' | 'huntingQuery', root?: string, what: string = EXPECTED[kind]): QueryContent {
  const yaml = YamlFile.read(file, what, root);
  const data = yaml.data && typeof yaml.data === 'object' && !Array.isArray(yaml.data) ? (yaml.data as Record<string, unknown>) : undefined;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    kind, file, baseName: basename(file, extname(file)), yaml, data,
    id: str(data?.id), name: str(data?.name), query: str(data?.query),
  };
}

/**
 * JSON with a position on parse errors. `expect` names what the file must be; with `shape` the top level must be
 * a JSON object (or array), otherwise an error at 1:1 says what was found and what was expected.
 */
export function parseJsonFile(file: string, errors: Diagnostic[], expect = 'a JSON file', shape?: 'object' | 'array', root?: string): { text: string; data: unknown } | undefined {
  const r = readContentFile(file, expect, root);
  if (r.error) { errors.push(r.error); return undefined; }
  const text = r.text;
  if (text.trim() === '') { errors.push(diag(file, 1, 1, 'LOAD007', `the file is empty: expected ${expect}`)); return undefined; }
  try {
    const data: unknown = JSON.parse(text);
    const found = Array.isArray(data) ? 'array' : data === null ? 'null' : typeof data;
    if (shape && found !== shape) {
      errors.push(diag(file, 1, 1, 'LOAD007', `the top level is ${found === 'array' ? 'an array' : found === 'object' ? 'an object' : `a ${found}`}: expected ${expect}`));
      return undefined;
    }
    return { text, data };
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
  const analyticRules = listFiles(L.analyticRules, ['.yaml', '.yml']).map((f) => loadQueryContent(f, 'analyticRule', L.root));
  const huntingQueries = listFiles(L.huntingQueries, ['.yaml', '.yml']).map((f) => loadQueryContent(f, 'huntingQuery', L.root));
  const parsers = listFiles(L.parsers, ['.yaml', '.yml']).map((f) => loadParser(f, L.root));

  const summaryRules: SummaryRuleContent[] = listFiles(L.summaryRules, ['.yaml', '.yml']).map((f) => {
    const q = loadQueryContent(f, 'huntingQuery', L.root, EXPECTED.summaryRule);
    return { ...q, kind: 'summaryRule', name: typeof q.data?.displayName === 'string' ? q.data.displayName : undefined };
  });

  const workbooks: JsonContent[] = [];
  // WorkbooksMetadata.json is the workbooks' metadata catalogue, not a workbook.
  for (const f of listFiles(L.workbooks, ['.json']).filter((x) => basename(x).toLowerCase() !== 'workbooksmetadata.json')) {
    const j = parseJsonFile(f, loadErrors, EXPECTED.workbook, 'object', L.root);
    if (j) workbooks.push({ kind: 'workbook', file: f, baseName: basename(f, '.json'), text: j.text, data: j.data });
  }

  // Playbooks/<Name>/azuredeploy.json (the official layout).
  const playbooks: JsonContent[] = [];
  if (entryKind(L.playbooks) === 'directory') {
    for (const name of readdirSync(L.playbooks).sort()) {
      const dir = join(L.playbooks, name);
      const kind = entryKind(dir);
      if (kind === 'dangling') { loadErrors.push(diag(dir, 1, 1, 'LOAD005', 'dangling symbolic link: expected a playbook folder holding azuredeploy.json')); continue; }
      if (kind !== 'directory') continue;
      const f = join(dir, 'azuredeploy.json');
      if (entryKind(f) === 'missing') { loadErrors.push(diag(dir, 1, 1, 'LOAD002', `playbook folder has no azuredeploy.json`)); continue; }
      const j = parseJsonFile(f, loadErrors, EXPECTED.playbook, 'object', L.root);
      if (j) playbooks.push({ kind: 'playbook', file: f, baseName: name, text: j.text, data: j.data });
    }
  }

  let solution: SolutionData | undefined;
  const dataFiles = listFiles(L.solutionData, ['.json']).filter((f) => /^Solution_.+\.json$/i.test(basename(f)));
  if (dataFiles.length === 0) {
    loadErrors.push(diag(join(L.solutionData, 'Solution_<Name>.json'), 0, 0, 'LOAD003', 'no solution data file (Solution/Data/Solution_<Name>.json)'));
  } else {
    if (dataFiles.length > 1) loadErrors.push(diag(dataFiles[1]!, 0, 0, 'LOAD004', `more than one solution data file: ${dataFiles.map((f) => basename(f)).join(', ')}`));
    const j = parseJsonFile(dataFiles[0]!, loadErrors, EXPECTED.solutionData, 'object', L.root);
    if (j) solution = { file: dataFiles[0]!, text: j.text, data: j.data };
  }

  const content: Content = { root: L.root, analyticRules, huntingQueries, parsers, workbooks, playbooks, summaryRules, solution, loadErrors };
  collectYamlErrors(content);
  return content;
}

/**
 * Every YAML item's own errors and warnings, whatever its kind, also go to loadErrors: a stage that only looks at
 * loadErrors (build) must not skip a malformed item silently. Kinds are found generically (any item list whose
 * entries carry a YamlFile), so a new content kind is covered without touching this function.
 */
function collectYamlErrors(content: Content): void {
  for (const value of Object.values(content)) {
    if (!Array.isArray(value)) continue;
    for (const item of value) if (item && typeof item === 'object' && (item as { yaml?: unknown }).yaml instanceof YamlFile) content.loadErrors.push(...(item as { yaml: YamlFile }).yaml.parseErrors);
  }
}
