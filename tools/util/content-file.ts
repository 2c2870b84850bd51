/**
 * Reading one file that comes from content (rules, queries, parsers, workbooks, playbooks, solution files, test
 * cases, fixtures). Every way a file can fail to be text becomes one positioned diagnostic instead of an exception,
 * so a run reports it among all the others: a dangling symbolic link, a folder named like a file, a link that leads
 * outside the allowed root, an unreadable file, and bytes that are not UTF-8 (never silently turned into U+FFFD).
 */
import { lstatSync, readFileSync, statSync } from 'node:fs';
import { diag, type Diagnostic } from './diagnostics.js';
import { resolveContained } from './contained-path.js';

export type ReadResult = { text: string; error?: undefined } | { text?: undefined; error: Diagnostic };

/** What kind of entry a path is, without throwing (a dangling link is 'dangling'). */
export function entryKind(path: string): 'file' | 'directory' | 'dangling' | 'missing' | 'other' {
  let l;
  try { l = lstatSync(path); } catch { return 'missing'; }
  if (!l.isSymbolicLink()) return l.isFile() ? 'file' : l.isDirectory() ? 'directory' : 'other';
  try {
    const s = statSync(path);
    return s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other';
  } catch { return 'dangling'; }
}

/**
 * The text of a content file. `what` names what the file should be ("an analytic rule (YAML)") for the messages;
 * `root`, when given, is the folder the file must stay inside after resolving symbolic links.
 */
export function readContentFile(file: string, what: string, root?: string): ReadResult {
  const fail = (message: string, line = 1, column = 1, code = 'LOAD005'): ReadResult => ({ error: diag(file, line, column, code, message) });
  switch (entryKind(file)) {
    case 'dangling': return fail(`dangling symbolic link: expected ${what}, but the link target does not exist`);
    case 'directory': return fail(`is a folder: expected ${what} (a file)`);
    case 'missing': return fail(`file not found: expected ${what}`);
    case 'other': return fail(`not a regular file: expected ${what}`);
    case 'file': break;
  }
  if (root !== undefined) {
    const inside = resolveContained(root, file);
    if ('error' in inside) return fail(inside.error, 1, 1, 'PATH001');
  }
  let bytes: Buffer;
  try { bytes = readFileSync(file); } catch (e) { return fail(`cannot read ${what}: ${(e as Error).message}`); }
  const decoded = decodeUtf8(bytes);
  if ('error' in decoded) return fail(decoded.error.message, decoded.error.line, decoded.error.column, 'LOAD006');
  return { text: decoded.text };
}

export interface Utf8Problem { offset: number; line: number; column: number; message: string }

/** UTF-8 text without its byte order mark, or the position of the first invalid byte sequence. */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { error: Utf8Problem } {
  const bad = firstInvalidUtf8(bytes);
  if (bad === -1) {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  }
  // Line and column (in characters) of the bad byte: the prefix before it is valid UTF-8.
  const before = Buffer.from(bytes.buffer, bytes.byteOffset, bad).toString('utf8').replace(/^\uFEFF/, '');
  const line = (before.match(/\n/g) ?? []).length + 1;
  const column = [...before.slice(before.lastIndexOf('\n') + 1)].length + 1;
  const shown = [...bytes.subarray(bad, Math.min(bad + 4, bytes.length))].map((b) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`).join(' ');
  const utf16 = bad === 0 && bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
  const message = `invalid UTF-8: byte sequence ${shown} at byte offset ${bad} is not UTF-8` +
    (utf16 ? ' (the file starts with a UTF-16 byte order mark; save it as UTF-8)' : ' (save the file as UTF-8)');
  return { error: { offset: bad, line, column, message } };
}

/**
 * Offset of the first byte that starts an ill-formed UTF-8 sequence (Unicode 15, table 3-7: no overlong forms,
 * no surrogates, nothing above U+10FFFF), or -1 when the whole buffer is well-formed.
 */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  const n = b.length;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => k < n && b[k]! >= lo && b[k]! <= hi;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) { i++; continue; }
    if (c >= 0xc2 && c <= 0xdf) { if (!cont(i + 1)) return i; i += 2; continue; }
    if (c >= 0xe0 && c <= 0xef) {
      const lo = c === 0xe0 ? 0xa0 : 0x80, hi = c === 0xed ? 0x9f : 0xbf;
      if (!cont(i + 1, lo, hi) || !cont(i + 2)) return i;
      i += 3; continue;
    }
    if (c >= 0xf0 && c <= 0xf4) {
      const lo = c === 0xf0 ? 0x90 : 0x80, hi = c === 0xf4 ? 0x8f : 0xbf;
      if (!cont(i + 1, lo, hi) || !cont(i + 2) || !cont(i + 3)) return i;
      i += 4; continue;
    }
    return i;
  }
  return -1;
}
