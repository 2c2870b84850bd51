/**
 * Handlebars rendering of the JSON/Bicep/Markdown templates under tools/templates. JSON templates are parsed after
 * rendering; a template error or invalid JSON output is reported with the template file and position.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { TOOLS_DATA } from '../util/paths.js';
import { diag, DiagnosticsError } from '../util/diagnostics.js';

const hb = Handlebars.create();
hb.registerHelper('json', (v: unknown) => JSON.stringify(v ?? null));
hb.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).map((a) => String(a ?? '')).join(''));

const cache = new Map<string, HandlebarsTemplateDelegate>();

/** The folder templates are read from (tools/templates, or a user's copy via `cdr build --templates DIR`). */
let templatesDir = TOOLS_DATA.templates;
export function useTemplatesDir(dir: string | undefined): void { templatesDir = dir ?? TOOLS_DATA.templates; }

export function templatePath(name: string, dir = templatesDir): string { return join(dir, name); }

export function renderText(name: string, ctx: unknown, dir = templatesDir): string {
  const file = templatePath(name, dir);
  let tpl = cache.get(file);
  if (!tpl) {
    let src: string;
    try { src = readFileSync(file, 'utf8'); } catch (e) { throw new DiagnosticsError([diag(file, 0, 0, 'TPL001', `template not found: ${(e as Error).message}`)]); }
    tpl = hb.compile(src, { noEscape: true, strict: true });
    cache.set(file, tpl);
  }
  try { return tpl(ctx); } catch (e) {
    const m = /line (\d+)(?:, column (\d+))?/i.exec((e as Error).message) ?? /:(\d+):(\d+)/.exec(String((e as Error).message));
    throw new DiagnosticsError([diag(file, m ? Number(m[1]) : 1, m?.[2] ? Number(m[2]) + 1 : 1, 'TPL002', `template error: ${(e as Error).message.split('\n')[0]}`)]);
  }
}

export function renderJson<T = unknown>(name: string, ctx: unknown, dir = templatesDir): T {
  const text = renderText(name, ctx, dir);
  try { return JSON.parse(text) as T; } catch (e) {
    const pos = /position (\d+)/.exec((e as Error).message);
    let line = 1, col = 1;
    if (pos) { const before = text.slice(0, Number(pos[1])); line = before.split('\n').length; col = Number(pos[1]) - before.lastIndexOf('\n'); }
    throw new DiagnosticsError([diag(templatePath(name, dir), 0, 0, 'TPL003', `rendered output is not valid JSON at output line ${line}, column ${col}: ${(e as Error).message}`)]);
  }
}
