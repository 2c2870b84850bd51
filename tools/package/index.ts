/**
 * `cdr build`: content -> the Content Hub package in Solution/Package (mainTemplate.json, createUiDefinition.json,
 * testParameters.json, <version>.zip: exactly what the official repository expects there) and the deployable
 * extras in Solution/Deploy (one standalone ARM template per item under <kind>/, main.bicep, README-content.md).
 * ARM objects are built in TypeScript (tools/package/main-template.ts, create-ui-definition.ts, kinds/*);
 * handlebars renders only prose and layout (README table, main.bicep). Every emitted template is checked by the
 * named checks in tools/package/checks (reference resolution, ARM limits, schemas, the toolkit's tests). Each
 * output folder is staged and swapped in only when the whole build succeeded.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { loadContent } from '../content/load.js';
import { contentLayout } from '../util/paths.js';
import { diag, DiagnosticsError, type Diagnostic } from '../util/diagnostics.js';
import { swapDirectory, writeFileAtomic } from '../util/atomic-write.js';
import { collectItems } from './items.js';
import { useTemplatesDir } from './render.js';
import { renderBicep, renderReadmeTable, standaloneName } from './render-solution.js';
import { solutionInfo } from './solution-info.js';
import { buildMainTemplate } from './main-template.js';
import { buildCreateUiDefinition } from './create-ui-definition.js';
import { kindOf } from './kinds/index.js';
import { EmittedFile, serialise } from './arm/template-file.js';
import { runChecks } from './checks/index.js';
import { checkVersions, readLock, writeLock } from './version-lock.js';
import { checkBicep } from './bicep.js';
import { metadataChecks } from './metadata-checks.js';

export interface BuildOptions {
  root?: string;
  /** The Content Hub package folder (default <root>/Solution/Package). */
  outDir?: string;
  /** Standalone templates and main.bicep (default <root>/Solution/Deploy; with only --out DIR: DIR-deploy beside it). */
  deployDir?: string;
  release?: boolean; updateReadme?: boolean; templatesDir?: string;
}
export interface BuildStats { checksRun: number; templatesChecked: number; mainTemplateBytes: number; mainTemplateVariables: number; mainTemplateParameters: number; mainTemplateResources: number }
export interface BuildResult { diagnostics: Diagnostic[]; files: string[]; messages: string[]; stats?: BuildStats }

const ZIP_MTIME = new Date('2026-01-01T00:00:00Z');
const README_BEGIN = '<!-- BEGIN CONTENT TABLE -->';
const README_END = '<!-- END CONTENT TABLE -->';

/** Where the Deploy folder goes: given, the project's Solution/Deploy, or `<out>-deploy` next to a custom --out. */
export function deployDirFor(opts: BuildOptions, L = contentLayout(opts.root)): string {
  if (opts.deployDir) return opts.deployDir;
  if (!opts.outDir) return join(L.solution, 'Deploy');
  return join(dirname(opts.outDir), `${basename(opts.outDir)}-deploy`);
}

export async function buildSolution(opts: BuildOptions = {}): Promise<BuildResult> {
  const L = contentLayout(opts.root);
  const outDir = opts.outDir ?? L.package;
  const deployDir = deployDirFor(opts, L);
  const content = loadContent(L.root);
  const diagnostics: Diagnostic[] = [...content.loadErrors];
  const messages: string[] = [];
  if (!content.solution) return { diagnostics, files: [], messages };
  const metaFile = join(L.solution, String(content.solution.data?.Metadata ?? 'SolutionMetadata.json'));
  if (!existsSync(metaFile)) return { diagnostics: [...diagnostics, diag(metaFile, 0, 0, 'PKG003', 'solution metadata file not found')], files: [], messages };
  const meta = JSON.parse(readFileSync(metaFile, 'utf8'));
  const { items, diagnostics: itemDiags } = collectItems(content);
  diagnostics.push(...itemDiags);
  diagnostics.push(...checkVersions(content, items, readLock(L.root)));
  diagnostics.push(...metadataChecks(content));

  const pkgFiles = new Map<string, string | Uint8Array>();
  const deployFiles = new Map<string, string | Uint8Array>();
  let stats: BuildStats | undefined;
  useTemplatesDir(opts.templatesDir);
  try {
    const ctx = { sol: solutionInfo(content, meta) };
    const main = EmittedFile.of(join(outDir, 'mainTemplate.json'), buildMainTemplate(items, ctx));
    const ui = EmittedFile.of(join(outDir, 'createUiDefinition.json'), buildCreateUiDefinition(items, ctx, main.json.parameters));
    let checksRun = 0;
    const check = (f: EmittedFile, target: 'deploymentTemplate' | 'createUiDefinition', isMainTemplate: boolean) => {
      const r = runChecks(f, target, { isMainTemplate, mainTemplate: main.json });
      diagnostics.push(...r.diagnostics);
      checksRun += r.checksRun;
    };
    check(main, 'deploymentTemplate', true);
    check(ui, 'createUiDefinition', false);
    pkgFiles.set('mainTemplate.json', main.text);
    pkgFiles.set('createUiDefinition.json', ui.text);
    pkgFiles.set('testParameters.json', serialise(main.json.parameters));
    for (const it of items) {
      const name = standaloneName(it);
      const t = EmittedFile.of(join(deployDir, name), kindOf(it.kind).standalone(it, ctx));
      check(t, 'deploymentTemplate', false);
      deployFiles.set(name, t.text);
    }
    deployFiles.set('main.bicep', renderBicep(items, ctx.sol, relative(deployDir, join(outDir, 'mainTemplate.json')).replace(/\\/g, '/')));
    deployFiles.set('README-content.md', renderReadmeTable(content, items, deployDir));
    pkgFiles.set(`${ctx.sol.version}.zip`, zipSync({
      'mainTemplate.json': [strToU8(main.text), { mtime: ZIP_MTIME }],
      'createUiDefinition.json': [strToU8(ui.text), { mtime: ZIP_MTIME }],
    }, { level: 6 }));
    stats = {
      checksRun, templatesChecked: items.length + 1, mainTemplateBytes: Buffer.byteLength(main.text),
      mainTemplateVariables: Object.keys(main.json.variables).length, mainTemplateParameters: Object.keys(main.json.parameters).length, mainTemplateResources: main.json.resources.length,
    };
  } catch (e) {
    if (e instanceof DiagnosticsError) diagnostics.push(...e.diagnostics);
    else throw e;
  } finally {
    useTemplatesDir(undefined);
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics, files: [], messages, stats };

  // Stage both folders completely before swapping either; earlier releases' zips are carried over.
  const stages: [Map<string, string | Uint8Array>, string, string][] = [[pkgFiles, outDir, `${outDir}.tmp-${process.pid}`], [deployFiles, deployDir, `${deployDir}.tmp-${process.pid}`]];
  for (const [files, target, stage] of stages) {
    rmSync(stage, { recursive: true, force: true });
    for (const [name, data] of files) { const p = join(stage, name); mkdirSync(dirname(p), { recursive: true }); writeFileSync(p, data); }
    if (target === outDir && existsSync(outDir)) for (const f of readdirSync(outDir)) if (/^\d+\.\d+\.\d+\.zip$/.test(f) && !files.has(f)) copyFileSync(join(outDir, f), join(stage, f));
  }
  for (const [, target, stage] of stages) { mkdirSync(dirname(target), { recursive: true }); swapDirectory(stage, target); }

  if (opts.updateReadme !== false && !opts.outDir) {
    const readme = join(L.root, 'README.md');
    if (existsSync(readme)) {
      const text = readFileSync(readme, 'utf8');
      const a = text.indexOf(README_BEGIN), b = text.indexOf(README_END);
      if (a >= 0 && b > a) {
        const next = text.slice(0, a + README_BEGIN.length) + '\n' + (deployFiles.get('README-content.md') as string).trim() + '\n' + text.slice(b);
        if (next !== text) writeFileAtomic(readme, next);
      }
    }
  }
  const bicep = await checkBicep(join(deployDir, 'main.bicep'));
  messages.push(bicep.message);
  if (!bicep.ok) diagnostics.push(diag(join(deployDir, 'main.bicep'), 0, 0, 'BICEP001', bicep.message));
  if (opts.release) { writeLock(L.root, String(content.solution.data.Version), items); messages.push('version lock updated (Solution/content-versions.lock.json)'); }
  if (stats) messages.push(`checks: ${stats.checksRun} check runs on ${stats.templatesChecked} templates and createUiDefinition, no errors; mainTemplate.json: ${stats.mainTemplateBytes} bytes, ${stats.mainTemplateParameters} parameters, ${stats.mainTemplateVariables} variables, ${stats.mainTemplateResources} resources`);
  messages.push(`built ${items.length} item(s): ${outDir} (mainTemplate.json, createUiDefinition.json, testParameters.json, ${String(content.solution.data.Version)}.zip) and ${deployDir} (${items.length} standalone template(s), main.bicep)`);
  return {
    diagnostics, stats,
    files: [...[...pkgFiles.keys()].map((f) => join(outDir, f)), ...[...deployFiles.keys()].map((f) => join(deployDir, f))],
  messages };
}
