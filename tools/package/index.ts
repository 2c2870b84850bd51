/**
 * `cdr build`: content -> Content Hub package (mainTemplate.json, createUiDefinition.json, <version>.zip), one
 * standalone ARM template per item, a Bicep entry point and the README content table, all rendered from the
 * templates in tools/templates. Everything is built and checked in memory, written to a temporary folder, then
 * swapped into Solution/Package: nothing there is replaced unless the whole build succeeded.
 */
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { loadContent } from '../content/load.js';
import { contentLayout } from '../util/paths.js';
import { diag, DiagnosticsError, type Diagnostic } from '../util/diagnostics.js';
import { BuildLocked, OutputFolderRefused, OutputFolders } from '../util/output-folder.js';
import { resolveContained } from '../util/contained-path.js';
import { readContentFile } from '../util/content-file.js';
import { collectItems } from './items.js';
import { useTemplatesDir } from './render.js';
import { renderBicep, renderCreateUiDefinition, renderMainTemplate, renderReadmeTable, renderStandalone, solutionInfo, standaloneName } from './render-solution.js';
import { checkCreateUiDefinition, checkTemplate } from './arm-checks.js';
import { checkVersions, readLock, writeLock } from './version-lock.js';
import { checkBicep } from './bicep.js';

export interface BuildOptions { root?: string; outDir?: string; release?: boolean; updateReadme?: boolean; templatesDir?: string }
export interface BuildResult {
  diagnostics: Diagnostic[]; files: string[]; messages: string[];
  /** Usage problems (e.g. an --out folder the build did not create): nothing was touched; exit 2. */
  usage?: string[];
  /** Another build holds the output folder's lock: nothing was touched. */
  blocked?: string;
}

/** Top-level names of a package folder written by a cdr build from before the output marker existed. */
const PACKAGE_NAMES = /^(mainTemplate\.json|createUiDefinition\.json|main\.bicep|README-content\.md|testParameters\.json|standalone|\d+\.\d+\.\d+\.zip)$/;
const looksLikeEarlierPackage = (names: string[]) => names.includes('mainTemplate.json') && names.every((n) => PACKAGE_NAMES.test(n));

const ZIP_MTIME = new Date('2026-01-01T00:00:00Z');
const README_BEGIN = '<!-- BEGIN CONTENT TABLE -->';
const README_END = '<!-- END CONTENT TABLE -->';
const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';

export async function buildSolution(opts: BuildOptions = {}): Promise<BuildResult> {
  const L = contentLayout(opts.root);
  const outDir = opts.outDir ?? L.package;
  // Refuse an output folder the build did not create, and take its lock, before doing anything else.
  let out: OutputFolders;
  try { out = OutputFolders.open([{ dir: outDir, looksLikeEarlierOutput: looksLikeEarlierPackage }]); } catch (e) {
    if (e instanceof OutputFolderRefused) return { diagnostics: [], files: [], messages: [], usage: e.message.split('\n') };
    if (e instanceof BuildLocked) return { diagnostics: [], files: [], messages: [], blocked: e.message };
    throw e;
  }
  try { return await buildLocked(L, outDir, out, opts); } finally { out.close(); }
}

async function buildLocked(L: ReturnType<typeof contentLayout>, outDir: string, out: OutputFolders, opts: BuildOptions): Promise<BuildResult> {
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

  const files = new Map<string, string | Uint8Array>();
  useTemplatesDir(opts.templatesDir);
  try {
    const sol = solutionInfo(content, meta);
    const main = renderMainTemplate(items, sol);
    const ui = renderCreateUiDefinition(items, sol);
    files.set('mainTemplate.json', json(main));
    files.set('createUiDefinition.json', json(ui));
    diagnostics.push(...checkTemplate(join(outDir, 'mainTemplate.json'), main), ...checkCreateUiDefinition(join(outDir, 'createUiDefinition.json'), ui, main, join(outDir, 'mainTemplate.json')));
    for (const it of items) {
      const t = renderStandalone(it);
      const name = join('standalone', standaloneName(it));
      files.set(name, json(t));
      diagnostics.push(...checkTemplate(join(outDir, name), t));
    }
    files.set('main.bicep', renderBicep(items, sol));
    files.set('README-content.md', renderReadmeTable(content, items));
    files.set(`${sol.version}.zip`, zipSync({
      'mainTemplate.json': [strToU8(files.get('mainTemplate.json') as string), { mtime: ZIP_MTIME }],
      'createUiDefinition.json': [strToU8(files.get('createUiDefinition.json') as string), { mtime: ZIP_MTIME }],
    }, { level: 6 }));
  } catch (e) {
    if (e instanceof DiagnosticsError) diagnostics.push(...e.diagnostics);
    else throw e;
  } finally {
    useTemplatesDir(undefined);
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics, files: [], messages };

  // Stage (with earlier releases' zips carried over) next to the output folder, check, then commit in one step.
  const stage = out.stage(outDir, files);
  if (existsSync(outDir)) for (const f of readdirSync(outDir)) if (/^\d+\.\d+\.\d+\.zip$/.test(f) && !files.has(f)) copyFileSync(join(outDir, f), join(stage, f));
  const bicep = await checkBicep(join(stage, 'main.bicep'));
  messages.push(bicep.message);
  if (!bicep.ok) { diagnostics.push(diag(join(outDir, 'main.bicep'), 0, 0, 'BICEP001', bicep.message)); return { diagnostics, files: [], messages }; }
  if (opts.updateReadme !== false && !opts.outDir) {
    const readme = join(L.root, 'README.md');
    const next = readmeWithTable(readme, files.get('README-content.md') as string);
    if (next !== undefined) out.stageCompanion(readme, next);
  }
  out.commit();
  if (opts.release) { writeLock(L.root, String(content.solution.data.Version), items); messages.push('version lock updated (Solution/content-versions.lock.json)'); }
  messages.push(`built ${items.length} item(s) into ${outDir}: mainTemplate.json, createUiDefinition.json, ${String(content.solution.data.Version)}.zip, ${items.length} standalone template(s), main.bicep`);
  return { diagnostics, files: [...files.keys()].map((f) => join(outDir, f)), messages };
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
