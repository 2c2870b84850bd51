/**
 * Safe replacement of a generated output folder (the build's Solution/Package, or any --out DIR).
 *
 * - The build only ever replaces a folder it created itself: such a folder holds the marker file
 *   `.cdr-build.json`. Any other existing folder (the project root, `Analytic Rules/`, a user's folder) is refused
 *   before anything is written; a missing folder is created.
 * - One build at a time per output folder: a lock file next to it (`.<name>.cdr-build.lock`, holding the pid);
 *   a second build fails at once with "another build is running", a lock left by a dead process is taken over.
 * - The new content is written to a staging folder next to the target, checked there, then moved in file by file
 *   with rename (atomic per file, same file system). The target folder itself is never moved away, so there is no
 *   moment where it is missing; files of the previous build that the new one does not produce are removed last.
 *   Companion files outside the folder (the README table) are staged and renamed into place in the same step.
 */
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, rmdirSync, writeFileSync, existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { displayPath } from './diagnostics.js';

export const OUTPUT_MARKER = '.cdr-build.json';
const MARKER_TEXT = JSON.stringify({
  generatedBy: 'cdr build',
  note: 'This folder is generated and replaced by every `cdr build`; files put here by hand are deleted by the next build.',
}, null, 2) + '\n';

/** A problem with the requested output folder: a usage error (exit 2), nothing was touched. */
export class OutputFolderRefused extends Error {
  constructor(message: string) { super(message); this.name = 'OutputFolderRefused'; }
}

/** Another build holds the output folder's lock (nothing was touched). */
export class BuildLocked extends Error {
  constructor(message: string) { super(message); this.name = 'BuildLocked'; }
}

export interface OutputFolderOptions {
  /**
   * Recognises a folder written by a cdr build from before the marker existed, from its top-level entry names
   * (so an existing checkout's Solution/Package is still replaced once, and gets the marker).
   */
  looksLikeEarlierOutput?: (names: string[]) => boolean;
}

/** Throws OutputFolderRefused unless `target` is missing or a folder a cdr build created. */
export function checkReplaceable(target: string, opts: OutputFolderOptions = {}): void {
  let st;
  try { st = lstatSync(target); } catch { return; }
  const shown = displayPath(target);
  if (st.isSymbolicLink()) throw new OutputFolderRefused(`output folder ${shown} is a symbolic link; give the real folder`);
  if (!st.isDirectory()) throw new OutputFolderRefused(`output folder ${shown} exists and is not a folder; refusing to replace it`);
  if (existsSync(join(target, OUTPUT_MARKER))) return;
  const names = readdirSync(target);
  if (names.length > 0 && opts.looksLikeEarlierOutput?.(names)) return;
  throw new OutputFolderRefused(
    `output folder ${shown} already exists and was not created by cdr build (no ${OUTPUT_MARKER} inside); refusing to replace it. ` +
    'Give a new or empty-to-be folder with --out (it is created), or a folder an earlier build wrote.');
}

/** Take the build lock of `target`; returns the release function. Throws BuildLocked when another build holds it. */
export function acquireBuildLock(target: string): () => void {
  const lock = join(dirname(target), `.${basename(target)}.cdr-build.lock`);
  mkdirSync(dirname(lock), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString() }) + '\n', { flag: 'wx' });
      let released = false;
      return () => { if (!released) { released = true; rmSync(lock, { force: true }); } };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = readLock(lock);
      if (holder && holder.host === hostname() && !processAlive(holder.pid)) { rmSync(lock, { force: true }); continue; }
      throw new BuildLocked(`another build is running on ${displayPath(target)}` +
        (holder ? ` (pid ${holder.pid} on ${holder.host}, started ${holder.started})` : '') +
        `; wait for it to finish (if no build is running, delete ${displayPath(lock)})`);
    }
  }
  throw new BuildLocked(`cannot take the build lock ${displayPath(lock)}`);
}

function readLock(lock: string): { pid: number; host: string; started: string } | undefined {
  try { const v = JSON.parse(readFileSync(lock, 'utf8')); return typeof v?.pid === 'number' ? v : undefined; } catch { return undefined; }
}

function processAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

/** A staging folder next to the target (same file system, so renames into the target are atomic). */
export function stagingFolder(target: string): string {
  const stage = join(dirname(target), `.${basename(target)}.staging-${process.pid}`);
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  writeFileSync(join(stage, OUTPUT_MARKER), MARKER_TEXT);
  return stage;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((d) => !d.isDirectory())
    .map((d) => relative(dir, join(d.parentPath ?? (d as unknown as { path: string }).path, d.name)))
    .sort();
}

/**
 * Move the staged files into `target` and the staged companions (absolute path -> staged copy) into place, then
 * remove what the previous build left that this one did not produce, then the staging folder.
 */
export function commitStaged(stage: string, target: string, companions: Map<string, string> = new Map()): void {
  const staged = filesUnder(stage);
  if (!existsSync(target)) {
    // A new folder appears whole.
    mkdirSync(dirname(target), { recursive: true });
    renameSync(stage, target);
  } else {
    // The marker first, so that a build interrupted here still leaves a folder the next build may replace.
    const ordered = [OUTPUT_MARKER, ...staged.filter((f) => f !== OUTPUT_MARKER)];
    for (const f of ordered) {
      mkdirSync(dirname(join(target, f)), { recursive: true });
      renameSync(join(stage, f), join(target, f));
    }
  }
  for (const [dest, file] of companions) renameSync(file, dest);
  const keep = new Set(staged);
  for (const f of filesUnder(target)) if (!keep.has(f)) rmSync(join(target, f), { force: true });
  removeEmptyFolders(target);
  rmSync(stage, { recursive: true, force: true });
}

function removeEmptyFolders(dir: string): void {
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    if (!d.isDirectory()) continue;
    const sub = join(dir, d.name);
    removeEmptyFolders(sub);
    if (readdirSync(sub).length === 0) rmdirSync(sub);
  }
}

/** Drop a staging folder after a failed build. */
export function discardStaged(stage: string): void {
  rmSync(stage, { recursive: true, force: true });
}

export interface OutputSpec extends OutputFolderOptions { dir: string }

/**
 * The build's output folders as one unit (the package folder, and any sibling folder the build also writes):
 * `open` checks every folder (all refusals reported at once) and takes every lock; `stage` writes a folder's new
 * files to its staging folder; `commit` moves all staged folders and companion files into place; `close` releases
 * the locks and drops anything still staged. Usage:
 *   const out = OutputFolders.open([{ dir: pkg, looksLikeEarlierOutput }, { dir: deploy }]);
 *   try { const s = out.stage(pkg, files); ...check staged files...; out.commit(companions); } finally { out.close(); }
 */
export class OutputFolders {
  private readonly stages = new Map<string, string>();
  private readonly companions = new Map<string, string>();
  private constructor(private readonly releases: (() => void)[]) {}

  static open(specs: OutputSpec[]): OutputFolders {
    const refused: string[] = [];
    for (const s of specs) { try { checkReplaceable(s.dir, s); } catch (e) { if (e instanceof OutputFolderRefused) refused.push(e.message); else throw e; } }
    if (refused.length) throw new OutputFolderRefused(refused.join('\n'));
    const releases: (() => void)[] = [];
    try { for (const s of specs) releases.push(acquireBuildLock(s.dir)); } catch (e) { for (const r of releases) r(); throw e; }
    return new OutputFolders(releases);
  }

  /** Write `files` (path inside the folder -> content) to the folder's staging folder; returns that folder. */
  stage(dir: string, files: Map<string, string | Uint8Array>): string {
    const stage = stagingFolder(dir);
    this.stages.set(dir, stage);
    for (const [name, data] of files) { const p = join(stage, name); mkdirSync(dirname(p), { recursive: true }); writeFileSync(p, data); }
    return stage;
  }

  /** A file outside the folders written in the same step (e.g. README.md): staged next to its destination. */
  stageCompanion(dest: string, data: string | Uint8Array): void {
    const tmp = join(dirname(dest), `.${basename(dest)}.staging-${process.pid}`);
    writeFileSync(tmp, data);
    this.companions.set(dest, tmp);
  }

  /** Move every staged folder, then the companion files, into place. */
  commit(): void {
    const entries = [...this.stages];
    entries.forEach(([dir, stage], i) => commitStaged(stage, dir, i === entries.length - 1 ? this.companions : new Map()));
    if (entries.length === 0) for (const [dest, file] of this.companions) renameSync(file, dest);
    this.stages.clear();
    this.companions.clear();
  }

  close(): void {
    for (const stage of this.stages.values()) discardStaged(stage);
    for (const tmp of this.companions.values()) rmSync(tmp, { force: true });
    this.stages.clear();
    this.companions.clear();
    for (const r of this.releases) r();
  }
}
