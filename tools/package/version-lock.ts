/**
 * Version discipline (like Elastic's version lock): Solution/content-versions.lock.json records, per content id, the
 * released version and a hash of the item's logic. A changed item needs a higher version, and any change needs a
 * higher solution version. `cdr build --release` rewrites the lock after a successful build.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Content } from '../content/model.js';
import { diag, type Diagnostic } from '../util/diagnostics.js';
import { contentLayout } from '../util/paths.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { PackItem } from './items.js';

export interface VersionLock { solutionVersion: string; items: Record<string, { name: string; version: string; hash: string }> }

export const lockPath = (root: string) => join(contentLayout(root).solution, 'content-versions.lock.json');

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number), pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) { const d = (pa[i] ?? 0) - (pb[i] ?? 0); if (d) return d; }
  return 0;
}

export function readLock(root: string): VersionLock | undefined {
  const f = lockPath(root);
  return existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as VersionLock) : undefined;
}

export function checkVersions(c: Content, items: PackItem[], lock: VersionLock | undefined): Diagnostic[] {
  if (!lock) return [];
  const out: Diagnostic[] = [];
  let changed = 0;
  for (const it of items) {
    const prev = lock.items[it.contentId];
    if (!prev) { changed++; continue; }
    if (prev.hash === it.logicHash) continue;
    changed++;
    if (compareVersions(it.version, prev.version) <= 0) {
      const src = it.query ?? it.summary;
      const pos = src ? src.yaml.locate(['version']) : { line: 1, column: 1 };
      out.push(diag(it.file, pos.line, pos.column, 'VER001', `${it.displayName}: logic changed since the released ${prev.version} but version is still ${it.version}; bump it`));
    }
  }
  const solVersion = String(c.solution?.data?.Version ?? '');
  if (changed && compareVersions(solVersion, lock.solutionVersion) <= 0) {
    out.push(diag(c.solution!.file, 1, 1, 'VER002', `${changed} content item(s) changed since solution ${lock.solutionVersion}; bump the solution Version (now ${solVersion})`));
  }
  return out;
}

export function writeLock(root: string, solutionVersion: string, items: PackItem[]): void {
  const lock: VersionLock = { solutionVersion, items: {} };
  for (const it of [...items].sort((a, b) => a.contentId.localeCompare(b.contentId))) lock.items[it.contentId] = { name: it.displayName, version: it.version, hash: it.logicHash };
  writeFileAtomic(lockPath(root), JSON.stringify(lock, null, 2) + '\n');
}
