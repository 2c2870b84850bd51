/**
 * Publisher metadata with real values: SolutionMetadata.json links and contacts are not placeholders, and its
 * publish dates agree with Solution/ReleaseNotes.md (first release = firstPublishDate, latest = lastPublishDate,
 * the current solution Version has a release-notes row). Run by `cdr validate` and `cdr build`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Content } from '../content/model.js';
import { YamlFile } from '../content/yaml-doc.js';
import { diag, type Diagnostic } from '../util/diagnostics.js';
import { contentLayout } from '../util/paths.js';

const PLACEHOLDER_HOSTS = /(^|\.)(example\.(com|org|net)|localhost|invalid|test|contoso\.com)$/i;

/** A URL that points somewhere real: https, a host that is not a documentation placeholder, and a path. */
export function urlProblem(u: unknown): string | undefined {
  let url: URL;
  try { url = new URL(String(u)); } catch { return 'is not a URL'; }
  if (url.protocol !== 'https:') return 'must use https';
  if (PLACEHOLDER_HOSTS.test(url.hostname)) return `uses the placeholder host ${url.hostname}`;
  if (url.pathname === '/' || url.pathname === '') return 'points at a site root, not a page (placeholder)';
  return undefined;
}

export function emailProblem(e: unknown): string | undefined {
  const m = /^[^\s@]+@([^\s@]+\.[^\s@]+)$/.exec(String(e));
  if (!m) return 'is not an email address';
  return PLACEHOLDER_HOSTS.test(m[1]!) ? `uses the placeholder domain ${m[1]}` : undefined;
}

/** Release-notes rows `| 3.0.1 | 02-12-2026 | ... |` -> version and ISO date. */
export function releaseNotesRows(text: string): { version: string; date: string; line: number }[] {
  return text.split('\n').flatMap((l, i) => {
    const m = /^\|\s*(\d+\.\d+\.\d+)\s*\|\s*(\d{2})-(\d{2})-(\d{4})\s*\|/.exec(l);
    return m ? [{ version: m[1]!, date: `${m[4]}-${m[3]}-${m[2]}`, line: i + 1 }] : [];
  });
}

const validDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

export function metadataChecks(c: Content): Diagnostic[] {
  const out: Diagnostic[] = [];
  const sol = c.solution;
  if (!sol?.data) return out;
  const L = contentLayout(c.root);
  const metaFile = join(L.solution, typeof sol.data.Metadata === 'string' ? sol.data.Metadata : 'SolutionMetadata.json');
  if (!existsSync(metaFile)) return out;
  const text = readFileSync(metaFile, 'utf8');
  let meta: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  try { meta = JSON.parse(text); } catch { return out; }
  const y = new YamlFile(metaFile, text);
  const at = (path: (string | number)[], code: string, msg: string) => { const p = y.locate(path); out.push(diag(metaFile, p.line, p.column, code, msg)); };

  if (meta.releaseNotes === undefined) at([], 'META001', 'releaseNotes (URL of the release notes page) is missing');
  else { const p = urlProblem(meta.releaseNotes); if (p) at(['releaseNotes'], 'META001', `releaseNotes ${p}`); }
  if (meta.support?.link !== undefined) { const p = urlProblem(meta.support.link); if (p) at(['support', 'link'], 'META002', `support.link ${p}`); }
  if (meta.support?.email !== undefined) { const p = emailProblem(meta.support.email); if (p) at(['support', 'email'], 'META003', `support.email ${p}`); }
  const [, authorEmail] = String(sol.data.Author ?? '').split(' - ');
  if (authorEmail !== undefined) { const p = emailProblem(authorEmail); if (p) { const pos = new YamlFile(sol.file, sol.text).locate(['Author']); out.push(diag(sol.file, pos.line, pos.column, 'META003', `Author email ${p}`)); } }
  if (Array.isArray(meta.providers) && meta.providers.includes('Microsoft') && meta.support?.tier !== 'Microsoft') at(['providers'], 'META004', "providers lists Microsoft but the solution is not Microsoft-supported; name the actual provider");

  const notesFile = join(L.solution, 'ReleaseNotes.md');
  const rows = existsSync(notesFile) ? releaseNotesRows(readFileSync(notesFile, 'utf8')) : [];
  if (!rows.length) { out.push(diag(notesFile, 1, 1, 'META005', 'ReleaseNotes.md has no release rows (| version | DD-MM-YYYY | changes |)')); return out; }
  for (const r of rows) if (!validDate(r.date)) out.push(diag(notesFile, r.line, 1, 'META005', `release ${r.version}: ${r.date} is not a calendar date`));
  const dates = rows.map((r) => r.date).filter(validDate).sort();
  if (!validDate(String(meta.firstPublishDate))) at(['firstPublishDate'], 'META006', `firstPublishDate ${meta.firstPublishDate} is not a calendar date`);
  else if (dates.length && meta.firstPublishDate !== dates[0]) at(['firstPublishDate'], 'META006', `firstPublishDate ${meta.firstPublishDate} is not the first release date in ReleaseNotes.md (${dates[0]})`);
  if (meta.lastPublishDate !== undefined && dates.length && meta.lastPublishDate !== dates[dates.length - 1]) at(['lastPublishDate'], 'META006', `lastPublishDate ${meta.lastPublishDate} is not the latest release date in ReleaseNotes.md (${dates[dates.length - 1]})`);
  const version = String(sol.data.Version ?? '');
  if (!rows.some((r) => r.version === version)) out.push(diag(notesFile, 1, 1, 'META007', `ReleaseNotes.md has no row for the solution Version ${version}`));
  return out;
}
