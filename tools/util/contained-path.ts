/**
 * The one path resolver for every path that comes from content (fixture scenario names, the solution data file's
 * lists, workbook and playbook references, externaldata mappings, files found in a --tables folder): the path must
 * stay inside its allowed root, both as written and after resolving symbolic links. Nothing here reads a file.
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { displayPath } from './diagnostics.js';

export type Contained = { path: string } | { error: string };

function within(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}

/** realpath of a path, or of its nearest existing ancestor joined with the rest (for paths not created yet). */
function realish(p: string): string {
  let cur = p;
  const rest: string[] = [];
  for (;;) {
    if (existsSync(cur)) {
      try { return resolve(realpathSync(cur), ...rest.reverse()); } catch { return p; }
    }
    const parent = dirname(cur);
    if (parent === cur) return p;
    rest.push(cur.slice(parent.length).replace(/^[\\/]/, ''));
    cur = parent;
  }
}

/**
 * Resolve `written` (a relative path taken from content) against `root`. Absolute paths, NUL bytes, `..` that
 * climbs out, and symbolic links that lead out are all refused with a message naming the path and the root.
 */
export function resolveContained(root: string, written: string, what = 'path'): Contained {
  const rootAbs = resolve(root);
  const shownRoot = displayPath(rootAbs);
  if (typeof written !== 'string' || written.trim() === '') return { error: `${what} is empty` };
  if (written.includes('\0')) return { error: `${what} '${written.replace(/\0/g, '\\0')}' contains a NUL byte` };
  const joined = isAbsolute(written) ? written : resolve(rootAbs, written);
  if (isAbsolute(written) && !within(rootAbs, resolve(written))) {
    return { error: `${what} '${written}' is an absolute path outside ${shownRoot}; write it relative to ${shownRoot}` };
  }
  if (!within(rootAbs, joined)) return { error: `${what} '${written}' resolves outside ${shownRoot} (paths from content must stay inside it)` };
  const realRoot = realish(rootAbs);
  const real = realish(joined);
  if (!within(realRoot, real)) return { error: `${what} '${written}' leads outside ${shownRoot} through a symbolic link (to ${real})` };
  return { path: joined };
}

/** True when an absolute path (e.g. a file found by listing a folder) stays inside root after resolving links. */
export function isInside(root: string, path: string): boolean {
  return within(realish(resolve(root)), realish(resolve(path)));
}
