/**
 * Issue 10: a single missing `)` must give the syntax error first, at the bracket left open, without the binder's
 * follow-on "unknown name" errors.
 */
import { describe, expect, it, vi } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadContent } from '../../tools/content/load.js';
import { validateContent } from '../../tools/validate/index.js';
import { analyzeQuery } from '../../tools/validate/kql.js';
import { projectGlobals } from '../../tools/kusto/globals.js';
import { KqlEngine } from '../../tools/kql/engine.js';
import { PROJECT, smallRoot } from './hardening-root.js';

// These tests start the CLI (a fresh Node process each); on a loaded 2-core machine one start can take tens of seconds.
vi.setConfig({ testTimeout: 240_000 });

describe('syntax errors before binder errors', () => {
  it('cdr validate: one error at the unclosed ( of a real rule, no follow-on unknown names', () => {
    const r = smallRoot();
    const name = 'MassResourceDeletion.yaml';
    const text = readFileSync(join(PROJECT, 'Analytic Rules', name), 'utf8');
    const broken = text.replace('!in ("Failed", "Canceled")', '!in ("Failed", "Canceled"');
    expect(broken).not.toBe(text);
    writeFileSync(join(r, 'Analytic Rules', name), broken);
    const lines = broken.split('\n');
    const line = lines.findIndex((l) => l.includes('!in ("Failed", "Canceled"')) + 1;
    const column = lines[line - 1]!.indexOf('("Failed"') + 1;
    const errs = validateContent(loadContent(r)).filter((d) => d.file.endsWith(name) && d.code === 'KQL001');
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ line, column });
    expect(errs[0]!.message).toMatch(/^KS005: '\(' is never closed: expected '\)' \(the parser noticed at line \d+, column \d+ of the query\)$/);
  });
  it('the binder still reports semantic errors when the syntax is fine', () => {
    const a = analyzeQuery('SigninLogs | where NoSuchColumn == 1', projectGlobals());
    expect(a.diagnostics.map((d) => d.code)).toEqual(['KS142']);
  });
  it('other syntax errors keep the parser position; all syntax errors are reported, nothing else', () => {
    const a = analyzeQuery('SigninLogs | where | project Foo', projectGlobals());
    expect(a.diagnostics.length).toBeGreaterThan(0);
    expect(a.diagnostics.every((d) => /^KS00/.test(d.code))).toBe(true);
  });
  it('the engine (cdr kql, cdr test) reports the unclosed bracket where it was opened', () => {
    const q = 'let W = dynamic(["a"]);\nAzureActivity\n| where OperationNameValue in~ (W\n| where Caller != ""\n| extend x = 1\n| project Caller';
    expect(() => new KqlEngine().run(q, { now: '2026-01-01T00:00:00Z' })).toThrow(/'\(' is never closed: expected '\)' \(the parser noticed at line 6, column 17 of the query\) \(at line 3, column 32\)/);
  });
});
