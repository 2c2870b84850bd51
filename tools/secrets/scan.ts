/**
 * Secret check (part of `cdr validate`, and of `cdr build` before anything is written): every content file and
 * every file of the built package is scanned with secretlint's maintained recommended rule set
 * (@secretlint/secretlint-rule-preset-recommend: GitHub tokens, private keys, basic auth in URLs, database
 * connection strings, cloud and SaaS keys) plus the Azure patterns it lacks, kept as data in
 * tools/schemas/secrets/patterns.json. A finding is an error at file:line:col naming the rule that matched; the
 * secret itself is never printed in full.
 *
 * False positives are marked inline with secretlint's comment directives: `secretlint-disable-line` on the line,
 * `secretlint-disable-next-line` on the line before, or a `secretlint-disable` ... `secretlint-enable` block
 * (a YAML `#` comment, a KQL `//` comment inside a query, or any text on that line of a JSON file). A value allowed
 * that way in content is also allowed where the build copies it into the package.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { unzipSync } from 'fflate';
import { lintSource } from '@secretlint/core';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import { creator as patternRule } from '@secretlint/secretlint-rule-pattern';
import { contentLayout, TOOLS_DATA } from '../util/paths.js';
import { decodeUtf8, entryKind } from '../util/content-file.js';
import { OUTPUT_MARKER } from '../util/output-folder.js';
import { diag, type Diagnostic } from '../util/diagnostics.js';

export interface SecretPattern { id: string; name: string; pattern: string; examples: { match: string[]; noMatch: string[] } }
export interface ScannedFile { file: string; text: string }

export const SECRET_CODE = 'SECRET001';
export const PATTERNS_FILE = join(TOOLS_DATA.schemas, 'secrets', 'patterns.json');

let patterns: SecretPattern[] | undefined;
export function secretPatterns(): SecretPattern[] {
  patterns ??= (JSON.parse(readFileSync(PATTERNS_FILE, 'utf8')) as { patterns: SecretPattern[] }).patterns;
  return patterns;
}

function config() {
  return {
    rules: [
      { id: '@secretlint/secretlint-rule-preset-recommend', rule: recommended },
      ...secretPatterns().map((p) => ({ id: `cdr/${p.id}`, rule: patternRule, options: { patterns: [{ name: p.name, patterns: [p.pattern] }] } })),
    ],
  };
}

/** First characters of a secret and its length: enough to find it, not enough to use it. */
export function mask(secret: string): string {
  const s = secret.trim();
  return `${s.slice(0, Math.min(6, Math.floor(s.length / 4)))}… (${s.length} characters)`;
}

interface Finding { file: string; line: number; column: number; ruleId: string; what: string; text: string }

async function scanOne(f: ScannedFile): Promise<Finding[]> {
  const res = await lintSource({
    source: { filePath: f.file, content: f.text, ext: f.file.slice(f.file.lastIndexOf('.')), contentType: 'text' },
    options: { config: config(), locale: 'en', maskSecrets: false },
  } as Parameters<typeof lintSource>[0]);
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const m of res.messages as unknown as { ruleId: string; message: string; range: readonly [number, number]; loc: { start: { line: number; column: number } }; data?: Record<string, unknown> }[]) {
    const key = `${m.range[0]}`;
    if (seen.has(key)) continue; // two rules on one secret (e.g. the preset's private key and our PEM header): one error
    seen.add(key);
    const name = typeof m.data?.PATTERN_NAME === 'string' ? m.data.PATTERN_NAME : m.message.replace(/^found\s+/i, '').replace(/:.*$/s, '');
    out.push({ file: f.file, line: m.loc.start.line, column: m.loc.start.column + 1, ruleId: m.ruleId, what: name, text: f.text.slice(m.range[0], m.range[1]) });
  }
  return out;
}

function toDiagnostic(x: Finding, where: string): Diagnostic {
  return diag(x.file, x.line, x.column, SECRET_CODE,
    `possible secret in ${where}: ${x.what} '${mask(x.text)}' (rule ${x.ruleId}); remove it (and rotate it if it was real), ` +
    `or mark a false positive with a 'secretlint-disable-line' comment on that line`);
}

/** Secrets in content files (rules, queries, workbooks, playbooks, solution files). */
export async function scanContentFiles(files: ScannedFile[]): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  for (const f of files) for (const x of await scanOne(f)) out.push(toDiagnostic(x, 'content'));
  return out;
}

/**
 * Secrets in built package files. `content` are the content files the package was built from: a value that a
 * disable directive allows there is allowed in the package too (the YAML comment carrying the directive does not
 * travel with it).
 */
export async function scanPackageFiles(files: ScannedFile[], content: ScannedFile[]): Promise<Diagnostic[]> {
  const allowedLines = content.flatMap((f) => allowedByDirectives(f.text));
  const out: Diagnostic[] = [];
  for (const f of files) {
    for (const x of await scanOne(f)) {
      if (allowedLines.some((l) => l.includes(x.text.trim()))) continue;
      out.push(toDiagnostic(x, 'the built package'));
    }
  }
  return out;
}

/** The lines of a text that secretlint's comment directives exempt. */
export function allowedByDirectives(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const out: string[] = [];
  let inBlock = false;
  lines.forEach((l, i) => {
    if (/secretlint-enable\b/.test(l)) inBlock = false;
    else if (/secretlint-disable(?![-\w])/.test(l)) inBlock = true;
    if (inBlock || /secretlint-disable-line\b/.test(l)) out.push(l);
    if (/secretlint-disable-next-line\b/.test(l) && i + 1 < lines.length) out.push(lines[i + 1]!);
  });
  return out;
}

/** Every text file under `dir` (recursively), skipping folders for which `skip` says so and non-UTF-8 files. */
export function textFilesUnder(dir: string, skip: (folder: string) => boolean = () => false): ScannedFile[] {
  const out: ScannedFile[] = [];
  const walk = (d: string) => {
    if (entryKind(d) !== 'directory' || skip(d)) return;
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const kind = entryKind(p);
      if (kind === 'directory') walk(p);
      else if (kind === 'file') {
        const bytes = readFileSync(p);
        if (/\.zip$/i.test(name)) {
          try { for (const [entry, data] of Object.entries(unzipSync(bytes))) { const t = decodeUtf8(data); if ('text' in t) out.push({ file: `${p}!/${entry}`, text: t.text }); } } catch { /* not a zip: nothing to scan */ }
          continue;
        }
        const t = decodeUtf8(bytes);
        if ('text' in t) out.push({ file: p, text: t.text });
      }
    }
  };
  walk(dir);
  return out;
}

const isBuildOutput = (d: string) => entryKind(join(d, OUTPUT_MARKER)) === 'file';

/** The content files of a root: every content folder of the layout, without tests, fixtures and build outputs. */
export function contentFilesForSecrets(root: string): ScannedFile[] {
  const L = contentLayout(root);
  const excluded = new Set([L.root, L.tests, L.fixtures, L.package, dirname(L.tests)]);
  const dirs = [...new Set(Object.values(L).filter((d): d is string => typeof d === 'string' && !excluded.has(d)))]
    .filter((d, _, all) => !all.some((o) => o !== d && d.startsWith(o + sep)));
  return dirs.flatMap((d) => textFilesUnder(d, isBuildOutput));
}

/** The files of every build output folder (marked with .cdr-build.json) under the root's Solution folder. */
export function packageFilesForSecrets(root: string): ScannedFile[] {
  const L = contentLayout(root);
  const outputs: string[] = [];
  const find = (d: string) => {
    if (entryKind(d) !== 'directory') return;
    if (isBuildOutput(d)) { outputs.push(d); return; }
    for (const n of readdirSync(d)) find(join(d, n));
  };
  find(L.solution);
  return outputs.flatMap((d) => textFilesUnder(d));
}
