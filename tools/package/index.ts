/**
 * `cdr build`: content -> the Content Hub package in Solution/Package (mainTemplate.json, createUiDefinition.json,
 * testParameters.json, <version>.zip: exactly what the official repository expects there) and the deployable
 * extras in Solution/Deploy (one standalone ARM template per item under <kind>/, main.bicep, README-content.md).
 * ARM objects are built in TypeScript (tools/package/main-template.ts, create-ui-definition.ts, kinds/*);
 * handlebars renders only prose and layout (README table, main.bicep). Every emitted template is checked by the
 * named checks in tools/package/checks (reference resolution, ARM limits, schemas, the toolkit's tests). Each
 * output folder is staged and swapped in only when the whole build succeeded.
 */
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { loadContent } from '../content/load.js';
import { contentLayout } from '../util/paths.js';
import { diag, DiagnosticsError, type Diagnostic } from '../util/diagnostics.js';
import { BuildLocked, OutputFolderRefused, OutputFolders } from '../util/output-folder.js';
import { resolveContained } from '../util/contained-path.js';
import { readContentFile } from '../util/content-file.js';
import { contentFilesForSecrets, scanPackageFiles } from '../secrets/scan.js';
import { collectItems, type PackItem } from './items.js';
import { parserCallMap } from './parser-calls.js';
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
import { assessRules } from './defender/assess.js';
import { bicepConfig, detectionRuleBicep, graphDetectionRule } from './defender/emit.js';
import type { CustomDetectionFit } from './defender/fit.js';

export interface BuildOptions {
  root?: string;
  /** The Content Hub package folder (default <root>/Solution/Package). */
  outDir?: string;
  /** Standalone templates and main.bicep (default <root>/Solution/Deploy; with only --out DIR: DIR-deploy beside it). */
  deployDir?: string;
  release?: boolean; updateReadme?: boolean; templatesDir?: string;
  /** Called as the build advances (for a progress bar): `total` steps, one per item plus checks and commit. */
  onStep?: (label: string, total: number) => void;
}
export interface BuildStats { checksRun: number; templatesChecked: number; mainTemplateBytes: number; mainTemplateVariables: number; mainTemplateParameters: number; mainTemplateResources: number }
export interface BuildResult {
  diagnostics: Diagnostic[]; files: string[]; messages: string[]; stats?: BuildStats;
  /** Usage problems (e.g. an --out folder the build did not create): nothing was touched; exit 2. */
  usage?: string[];
  /** Another build holds the output folder's lock: nothing was touched. */
  blocked?: string;
}

/** Top-level names of a package folder written by a cdr build from before the output marker existed. */
const PACKAGE_NAMES = /^(mainTemplate\.json|createUiDefinition\.json|main\.bicep|README-content\.md|testParameters\.json|standalone|\d+\.\d+\.\d+\.zip)$/;
const looksLikeEarlierPackage = (names: string[]) => names.includes('mainTemplate.json') && names.every((n) => PACKAGE_NAMES.test(n));
/** A Deploy folder written before the marker existed: main.bicep, the README fragment and one folder per kind. */
const looksLikeEarlierDeploy = (names: string[]) => names.includes('main.bicep') && names.every((n) => /^(main\.bicep|README-content\.md|[a-z]+(-[a-z]+)*)$/.test(n));

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
  // Refuse output folders the build did not create, and take their locks, before doing anything else.
  let out: OutputFolders;
  try {
    out = OutputFolders.open([{ dir: outDir, looksLikeEarlierOutput: looksLikeEarlierPackage }, { dir: deployDir, looksLikeEarlierOutput: looksLikeEarlierDeploy }]);
  } catch (e) {
    if (e instanceof OutputFolderRefused) return { diagnostics: [], files: [], messages: [], usage: e.message.split('\n') };
    if (e instanceof BuildLocked) return { diagnostics: [], files: [], messages: [], blocked: e.message };
    throw e;
  }
  try { return await buildLocked(L, outDir, deployDir, out, opts); } finally { out.close(); }
}

async function buildLocked(L: ReturnType<typeof contentLayout>, outDir: string, deployDir: string, out: OutputFolders, opts: BuildOptions): Promise<BuildResult> {
  const content = loadContent(L.root);
  const diagnostics: Diagnostic[] = [...content.loadErrors];
  const messages: string[] = [];
  if (!content.solution) return { diagnostics, files: [], messages };
  const metaRef = resolveContained(L.solution, String(content.solution.data?.Metadata ?? 'SolutionMetadata.json'), 'Metadata');
  if ('error' in metaRef) return { diagnostics: [...diagnostics, diag(content.solution.file, 1, 1, 'PATH001', metaRef.error)], files: [], messages };
  const metaFile = metaRef.path;
  if (!existsSync(metaFile)) return { diagnostics: [...diagnostics, diag(metaFile, 0, 0, 'PKG003', 'solution metadata file not found')], files: [], messages };
  const metaText = readContentFile(metaFile, 'the solution metadata (a JSON object)', L.root);
  if (metaText.error) return { diagnostics: [...diagnostics, metaText.error], files: [], messages };
  let meta: unknown;
  try { meta = JSON.parse(metaText.text); } catch (e) { return { diagnostics: [...diagnostics, diag(metaFile, 1, 1, 'JSON001', `malformed JSON: ${(e as Error).message}`)], files: [], messages }; }
  const { items, diagnostics: itemDiags } = collectItems(content);
  diagnostics.push(...itemDiags);
  diagnostics.push(...checkVersions(content, items, readLock(L.root)));
  diagnostics.push(...metadataChecks(content));
  const pkgFiles = new Map<string, string | Uint8Array>();
  const deployFiles = new Map<string, string | Uint8Array>();
  let stats: BuildStats | undefined;
  useTemplatesDir(opts.templatesDir);
  try {
    const fits = assessRules(content);
    const customDetections = new Map<string, CustomDetectionFit>();
    for (const it of items) { const f = it.query && fits.get(it.query); if (it.kind === 'analyticRule' && f?.fits) customDetections.set(it.contentId, f); }
    const ctx = { sol: solutionInfo(content, meta as Record<string, unknown>), customDetections, parserCalls: parserCallMap(items) };
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
    const total = items.length + 3;
    opts.onStep?.('mainTemplate.json', total);
    pkgFiles.set('mainTemplate.json', main.text);
    pkgFiles.set('createUiDefinition.json', ui.text);
    pkgFiles.set('testParameters.json', serialise(main.json.parameters));
    for (const it of items) {
      opts.onStep?.(it.baseName, total);
      const name = standaloneName(it);
      const t = EmittedFile.of(join(deployDir, name), kindOf(it.kind).standalone(it, ctx));
      check(t, 'deploymentTemplate', false);
      deployFiles.set(name, t.text);
    }
    // Defender XDR custom detections: Bicep (MicrosoftSecurity extension) and Graph request bodies, and why the others do not fit.
    for (const it of items.filter((i) => customDetections.has(i.contentId))) {
      deployFiles.set(`custom-detections/${it.baseName}.bicep`, detectionRuleBicep(it, customDetections.get(it.contentId)!));
      deployFiles.set(`custom-detections/graph/${it.baseName}.json`, serialise(graphDetectionRule(it, customDetections.get(it.contentId)!)));
    }
    if (customDetections.size) deployFiles.set('custom-detections/bicepconfig.json', bicepConfig());
    deployFiles.set('custom-detections/README.md', customDetectionReport(items, fits));
    deployFiles.set('main.bicep', renderBicep(items, ctx.sol, relative(deployDir, join(outDir, 'mainTemplate.json')).replace(/\\/g, '/'), ctx.parserCalls));
    deployFiles.set('README-content.md', renderReadmeTable(content, items, deployDir, ctx.parserCalls));
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
  // No secret ever ships: scan what would be written (values allowed inline in content stay allowed), reported
  // together with any other error of the build.
  opts.onStep?.('secret check', items.length + 3);
  const textFiles = [...[...pkgFiles].map(([n, d]) => [join(outDir, n), d] as const), ...[...deployFiles].map(([n, d]) => [join(deployDir, n), d] as const)]
    .filter(([, d]) => typeof d === 'string').map(([file, d]) => ({ file, text: d as string }));
  diagnostics.push(...await scanPackageFiles(textFiles, contentFilesForSecrets(L.root)));
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics, files: [], messages, stats };

  // Stage both folders (earlier releases' zips carried over) next to their targets, check, then commit in one step.
  const pkgStage = out.stage(outDir, pkgFiles);
  if (existsSync(outDir)) for (const f of readdirSync(outDir)) if (/^\d+\.\d+\.\d+\.zip$/.test(f) && !pkgFiles.has(f)) copyFileSync(join(outDir, f), join(pkgStage, f));
  const deployStage = out.stage(deployDir, deployFiles);
  const bicep = await checkBicep(join(deployStage, 'main.bicep'));
  messages.push(bicep.message);
  if (!bicep.ok) { diagnostics.push(diag(join(deployDir, 'main.bicep'), 0, 0, 'BICEP001', bicep.message)); return { diagnostics, files: [], messages, stats }; }
  if (opts.updateReadme !== false && !opts.outDir) {
    const next = readmeWithTable(join(L.root, 'README.md'), deployFiles.get('README-content.md') as string);
    if (next !== undefined) out.stageCompanion(join(L.root, 'README.md'), next);
  }
  opts.onStep?.('commit', items.length + 3);
  out.commit();
  if (opts.release) { writeLock(L.root, String(content.solution.data.Version), items); messages.push('version lock updated (Solution/content-versions.lock.json)'); }
  if (stats) messages.push(`checks: ${stats.checksRun} check runs on ${stats.templatesChecked} templates and createUiDefinition, no errors; mainTemplate.json: ${stats.mainTemplateBytes} bytes, ${stats.mainTemplateParameters} parameters, ${stats.mainTemplateVariables} variables, ${stats.mainTemplateResources} resources`);
  messages.push(`built ${items.length} item(s): ${outDir} (mainTemplate.json, createUiDefinition.json, testParameters.json, ${String(content.solution.data.Version)}.zip) and ${deployDir} (${items.length} standalone template(s), main.bicep)`);
  return {
    diagnostics, stats, messages,
    files: [...[...pkgFiles.keys()].map((f) => join(outDir, f)), ...[...deployFiles.keys()].map((f) => join(deployDir, f))],
  };
}

function customDetectionReport(items: PackItem[], fits: Map<unknown, CustomDetectionFit>): string {
  const rows = items.filter((i) => i.kind === 'analyticRule' && i.query).map((it) => ({ it, fit: fits.get(it.query!) }));
  const yes = rows.filter((r) => r.fit?.fits), no = rows.filter((r) => !r.fit?.fits);
  return [
    '# Defender XDR custom detections (generated by `cdr build`)', '',
    `${yes.length} of ${rows.length} analytic rules also ship as custom detections: \`<Name>.bicep\` (MicrosoftSecurity Bicep extension,`,
    '`bicepconfig.json`), `graph/<Name>.json` (body of `POST /beta/security/rules/detectionRules`), and in the solution package',
    'under the `DeployCustomDetection` parameter. They are created disabled. Constraints: `tools/schemas/defender/custom-detections.json`.', '',
    '| Rule | Every | Impacted assets | Note |', '|---|---|---|---|',
    ...yes.map(({ it, fit }) => `| ${it.displayName} | ${fit!.schedule!.period} | ${fit!.assets.map((a) => `${a.identifier} (from ${a.from})`).join(', ')} | ${fit!.notes.join('; ') || '-'} |`), '',
    '## Rules that do not fit', '', '| Rule | Why |', '|---|---|',
    ...no.map(({ it, fit }) => `| ${it.displayName} | ${(fit?.reasons ?? ['not assessed']).join('; ')} |`), '',
  ].join('\n');
}

/** The README with its content table replaced, or undefined when there is nothing to change. */
function readmeWithTable(readme: string, table: string): string | undefined {
  if (!existsSync(readme)) return undefined;
  const r = readContentFile(readme, 'the README (UTF-8 Markdown)');
  if (r.error) return undefined;
  const text = r.text;
  const a = text.indexOf(README_BEGIN), b = text.indexOf(README_END);
  if (a < 0 || b <= a) return undefined;
  const next = text.slice(0, a + README_BEGIN.length) + '\n' + table.trim() + '\n' + text.slice(b);
  return next === text ? undefined : next;
}
