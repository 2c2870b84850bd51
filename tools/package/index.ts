/**
 * `cdr build`: content -> Content Hub package (mainTemplate.json, createUiDefinition.json, <version>.zip), one
 * standalone ARM template per item, a Bicep entry point and the README content table, all rendered from the
 * templates in tools/templates. Everything is built and checked in memory, written to a temporary folder, then
 * swapped into Solution/Package: nothing there is replaced unless the whole build succeeded.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { loadContent } from '../content/load.js';
import { contentLayout } from '../util/paths.js';
import { diag, DiagnosticsError, type Diagnostic } from '../util/diagnostics.js';
import { swapDirectory, writeFileAtomic } from '../util/atomic-write.js';
import { collectItems } from './items.js';
import { useTemplatesDir } from './render.js';
import { renderBicep, renderCreateUiDefinition, renderMainTemplate, renderReadmeTable, renderStandalone, solutionInfo, standaloneName } from './render-solution.js';
import { checkCreateUiDefinition, checkTemplate } from './arm-checks.js';
import { checkVersions, readLock, writeLock } from './version-lock.js';
import { checkBicep } from './bicep.js';

export interface BuildOptions { root?: string; outDir?: string; release?: boolean; updateReadme?: boolean; templatesDir?: string }
export interface BuildResult { diagnostics: Diagnostic[]; files: string[]; messages: string[] }

const ZIP_MTIME = new Date('2026-01-01T00:00:00Z');
const README_BEGIN = '<!-- BEGIN CONTENT TABLE -->';
const README_END = '<!-- END CONTENT TABLE -->';
const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';

export async function buildSolution(opts: BuildOptions = {}): Promise<BuildResult> {
  const L = contentLayout(opts.root);
  const outDir = opts.outDir ?? L.package;
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

  // Stage, carry over earlier releases' zips, swap.
  const stage = `${outDir}.tmp-${process.pid}`;
  rmSync(stage, { recursive: true, force: true });
  for (const [name, data] of files) { const p = join(stage, name); mkdirSync(dirname(p), { recursive: true }); writeFileSync(p, data); }
  if (existsSync(outDir)) for (const f of readdirSync(outDir)) if (/^\d+\.\d+\.\d+\.zip$/.test(f) && !files.has(f)) copyFileSync(join(outDir, f), join(stage, f));
  mkdirSync(dirname(outDir), { recursive: true });
  swapDirectory(stage, outDir);

  if (opts.updateReadme !== false && !opts.outDir) {
    const readme = join(L.root, 'README.md');
    if (existsSync(readme)) {
      const text = readFileSync(readme, 'utf8');
      const a = text.indexOf(README_BEGIN), b = text.indexOf(README_END);
      if (a >= 0 && b > a) {
        const next = text.slice(0, a + README_BEGIN.length) + '\n' + (files.get('README-content.md') as string).trim() + '\n' + text.slice(b);
        if (next !== text) writeFileAtomic(readme, next);
      }
    }
  }
  const bicep = await checkBicep(join(outDir, 'main.bicep'));
  messages.push(bicep.message);
  if (!bicep.ok) diagnostics.push(diag(join(outDir, 'main.bicep'), 0, 0, 'BICEP001', bicep.message));
  if (opts.release) { writeLock(L.root, String(content.solution.data.Version), items); messages.push('version lock updated (Solution/content-versions.lock.json)'); }
  messages.push(`built ${items.length} item(s) into ${outDir}: mainTemplate.json, createUiDefinition.json, ${String(content.solution.data.Version)}.zip, ${items.length} standalone template(s), main.bicep`);
  return { diagnostics, files: [...files.keys()].map((f) => join(outDir, f)), messages };
}
