/**
 * Solution-level checks: unique ids and names, test cases present (positive and negative), the solution data file
 * lists exactly the content files, solution metadata, workbook metadata and playbook templates.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import type { Content, TestableContent } from '../content/model.js';
import { YamlFile } from '../content/yaml-doc.js';
import { diag, type Diagnostic } from '../util/diagnostics.js';
import { contentLayout } from '../util/paths.js';
import { resolveContained } from '../util/contained-path.js';
import { entryKind, readContentFile } from '../util/content-file.js';
import { caseFires, loadCaseFile } from '../harness/cases.js';
import { schemaErrors } from './schema.js';
import { referenceData } from './reference-data.js';

export function uniqueness(items: TestableContent[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = (key: 'id' | 'name', code: string) => {
    const first = new Map<string, TestableContent>();
    for (const it of items) {
      const v = it[key];
      if (!v) continue;
      const k = key === 'id' ? v.toLowerCase() : v;
      const prev = first.get(k);
      if (prev) { const p = it.yaml.locate([key]); out.push(diag(it.file, p.line, p.column, code, `${key} '${v}' is already used by ${relative(process.cwd(), prev.file)}`)); }
      else first.set(k, it);
    }
  };
  seen('id', 'UNIQ001');
  seen('name', 'UNIQ002');
  return out;
}

export function testsPresent(root: string, items: TestableContent[]): Diagnostic[] {
  const L = contentLayout(root);
  const out: Diagnostic[] = [];
  for (const it of items) {
    const f = join(L.tests, `${it.baseName}.test.yaml`);
    if (!existsSync(f)) { out.push(diag(it.file, 1, 1, 'TEST001', `untested: no test cases (expected ${relative(process.cwd(), f)} with a firing and a benign case)`)); continue; }
    const cf = loadCaseFile(f, L.fixtures, it);
    if (cf.errors.length) {
      // Each error of the case file at its own position (they are written `file:line:col: message`).
      for (const e of cf.errors) {
        const m = /^(.*?):(\d+):(\d+): ([\s\S]*)$/.exec(e);
        out.push(m && m[1] === f ? diag(f, Number(m[2]), Number(m[3]), 'TEST003', m[4]!) : diag(f, 1, 1, 'TEST003', e));
      }
      continue;
    }
    if (!cf.cases.some(caseFires)) out.push(diag(it.file, 1, 1, 'TEST002', `no test case that fires (expects alerts/rows > 0) in ${relative(process.cwd(), f)}`));
    if (!cf.cases.some((c) => !caseFires(c))) out.push(diag(it.file, 1, 1, 'TEST002', `no benign look-alike test case (expects 0 alerts/rows) in ${relative(process.cwd(), f)}`));
  }
  return out;
}

/**
 * File names in the workbooks metadata (the template, its logo and preview images) are references into the
 * Workbooks folder: each must stay inside it.
 */
function workbookReferences(meta: unknown, workbooksDir: string, file: string, loc: (p: (string | number)[]) => { line: number; column: number }): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (!Array.isArray(meta)) return out;
  meta.forEach((m: Record<string, unknown>, i) => {
    const refs: [(string | number)[], unknown][] = [[[i, 'templateRelativePath'], m?.templateRelativePath], [[i, 'logoFileName'], m?.logoFileName]];
    if (Array.isArray(m?.previewImagesFileNames)) m.previewImagesFileNames.forEach((p: unknown, j: number) => refs.push([[i, 'previewImagesFileNames', j], p]));
    for (const [path, value] of refs) {
      if (typeof value !== 'string') continue;
      const r = resolveContained(workbooksDir, value, String(path.filter((x) => typeof x === 'string').pop()));
      if ('error' in r) { const p = loc(path); out.push(diag(file, p.line, p.column, 'PATH001', r.error)); }
    }
  });
  return out;
}

/** Keys of a playbook template whose string value is a file path relative to the playbook folder. */
const PLAYBOOK_PATH_KEYS = new Set(['prerequisitesDeployTemplateFile', 'relativePath']);

/** Relative file references in a playbook (prerequisite templates, linked templates) stay inside Playbooks/. */
function playbookReferences(data: unknown, file: string, playbooksDir: string, loc: (p: (string | number)[]) => { line: number; column: number }): Diagnostic[] {
  const out: Diagnostic[] = [];
  const walk = (v: unknown, path: (string | number)[]) => {
    if (Array.isArray(v)) { v.forEach((x, i) => walk(x, [...path, i])); return; }
    if (!v || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v)) {
      if (PLAYBOOK_PATH_KEYS.has(k) && typeof x === 'string' && !/^\[/.test(x) && !/^[a-z]+:\/\//i.test(x)) {
        const r = resolveContained(playbooksDir, isAbsolute(x) ? x : join(relative(playbooksDir, dirname(file)), x), k);
        if ('error' in r) { const p = loc([...path, k]); out.push(diag(file, p.line, p.column, 'PATH001', r.error)); }
      } else walk(x, [...path, k]);
    }
  };
  walk(data, []);
  return out;
}

/** Locate a JSON path in a JSON file by re-parsing it with the YAML parser (JSON is YAML), which keeps positions. */
function jsonLocator(file: string, text: string) {
  const y = new YamlFile(file, text);
  return (p: (string | number)[]) => y.locate(p);
}

export function solutionChecks(c: Content): Diagnostic[] {
  const out: Diagnostic[] = [];
  const L = contentLayout(c.root);
  const sol = c.solution;
  if (sol) {
    out.push(...schemaErrors('solution-data', sol.data, sol.file, jsonLocator(sol.file, sol.text), 'SOL001'));
    const loc = jsonLocator(sol.file, sol.text);
    const lists: [string, { file: string }[]][] = [['Analytic Rules', c.analyticRules], ['Hunting Queries', c.huntingQueries], ['Parsers', c.parsers], ['Workbooks', c.workbooks], ['Playbooks', c.playbooks], ['Summary Rules', c.summaryRules]];
    for (const [key, items] of lists) {
      const listed = Array.isArray(sol.data?.[key]) ? (sol.data[key] as string[]) : [];
      const norm = (p: string) => p.replace(/\\/g, '/').replace(/^\.\//, '');
      const listedSet = new Set(listed.map(norm));
      listed.forEach((p, i) => {
        const pos = loc([key, i]);
        const r = resolveContained(L.root, String(p), `${key}: listed file`);
        if ('error' in r) out.push(diag(sol.file, pos.line, pos.column, 'PATH001', r.error));
        else if (entryKind(r.path) !== 'file') out.push(diag(sol.file, pos.line, pos.column, 'SOL002', `${key}: listed file '${p}' does not exist`));
      });
      for (const it of items) {
        const rel = norm(relative(L.root, it.file));
        if (!listedSet.has(rel)) { const pos = loc([key]); out.push(diag(sol.file, pos.line, pos.column, 'SOL003', `${key}: '${rel}' is not listed in the solution data file`)); }
      }
    }
    const metaName = typeof sol.data?.Metadata === 'string' ? sol.data.Metadata : 'SolutionMetadata.json';
    const metaRef = resolveContained(L.solution, metaName, 'Metadata');
    const metaPos = loc(['Metadata']);
    if ('error' in metaRef) out.push(diag(sol.file, metaPos.line, metaPos.column, 'PATH001', metaRef.error));
    else if (entryKind(metaRef.path) === 'missing') out.push(diag(sol.file, metaPos.line, metaPos.column, 'SOL004', `solution metadata file ${metaName} not found next to the Data folder`));
    else {
      const metaFile = metaRef.path;
      const r = readContentFile(metaFile, 'the solution metadata (a JSON object)', L.root);
      if (r.error) out.push(r.error);
      else {
        try { out.push(...schemaErrors('solution-metadata', JSON.parse(r.text), metaFile, jsonLocator(metaFile, r.text), 'SOL005')); }
        catch (e) { out.push(diag(metaFile, 1, 1, 'JSON001', `malformed JSON: ${(e as Error).message}`)); }
      }
    }
  }
  // Workbooks: metadata entry per workbook file.
  const wbMetaFile = join(L.workbooks, 'WorkbooksMetadata.json');
  const workbooks = c.workbooks.filter((w) => w.baseName !== 'WorkbooksMetadata');
  if (workbooks.length) {
    const read = entryKind(wbMetaFile) === 'missing' ? undefined : readContentFile(wbMetaFile, 'the workbooks metadata (a JSON array)', L.root);
    if (!read) out.push(diag(workbooks[0]!.file, 1, 1, 'WB001', 'workbooks need metadata in Workbooks/WorkbooksMetadata.json'));
    else if (read.error) out.push(read.error);
    else {
      const text = read.text;
      let meta: { templateRelativePath?: string; workbookKey?: string; logoFileName?: string; previewImagesFileNames?: string[] }[] = [];
      try { meta = JSON.parse(text); } catch (e) { out.push(diag(wbMetaFile, 1, 1, 'JSON001', `malformed JSON: ${(e as Error).message}`)); }
      out.push(...schemaErrors('workbooks-metadata', meta, wbMetaFile, jsonLocator(wbMetaFile, text), 'WB002'));
      out.push(...workbookReferences(meta, L.workbooks, wbMetaFile, jsonLocator(wbMetaFile, text)));
      for (const w of workbooks) {
        if (!Array.isArray(meta) || !meta.some((m) => m.templateRelativePath?.replace(/\.json$/i, '') === w.baseName)) out.push(diag(w.file, 1, 1, 'WB003', `no WorkbooksMetadata.json entry whose templateRelativePath is ${w.baseName}.json`));
        if (/subscriptions\/[0-9a-f-]{36}\//i.test(w.text)) out.push(diag(w.file, 1, 1, 'WB004', 'workbook contains a hard-coded subscriptions/<GUID>/ path'));
      }
    }
  }
  // Playbooks: ARM template with gallery metadata, one workflow named by PlaybookName.
  for (const p of c.playbooks) {
    out.push(...schemaErrors('playbook', p.data, p.file, jsonLocator(p.file, p.text), 'PB001'));
    const wfs = (Array.isArray(p.data?.resources) ? p.data.resources : []).filter((r: { type?: string }) => String(r?.type).toLowerCase() === 'microsoft.logic/workflows');
    if (wfs.length !== 1 || wfs[0].name !== "[parameters('PlaybookName')]") out.push(diag(p.file, 1, 1, 'PB002', "a playbook needs exactly one Microsoft.Logic/workflows resource named [parameters('PlaybookName')]"));
    else if (String(wfs[0].location).toLowerCase() !== '[resourcegroup().location]') out.push(diag(p.file, 1, 1, 'PB003', 'the workflow location must be [resourceGroup().location]'));
    out.push(...playbookReferences(p.data, p.file, L.playbooks, jsonLocator(p.file, p.text)));
  }
  void referenceData;
  return out;
}
