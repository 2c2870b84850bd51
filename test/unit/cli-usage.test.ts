/**
 * Issue 10, CLI usage: unknown choices, unknown options and filters that select nothing are usage errors (exit 2),
 * all reported at once with clear wording; --help says what the README says.
 */
import { describe, expect, it, vi } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { CLI, PROJECT } from './hardening-root.js';

// These tests start the CLI (a fresh Node process each); on a loaded 2-core machine one start can take tens of seconds.
vi.setConfig({ testTimeout: 240_000 });

const cdr = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: PROJECT });

describe('cdr test', () => {
  it('--reporter foo is a usage error, not a silent fallback to pretty output', () => {
    const r = cdr('test', '--rule', 'SASUriGenerated', '--reporter', 'foo');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^cdr test: --reporter must be one of pretty, json, junit; got 'foo'$/m);
    expect(r.stdout).toBe('');
  });
  it('--case nope is a usage error instead of "0 passed, 0 failed"', () => {
    const r = cdr('test', '--rule', 'SASUriGenerated', '--case', 'nope');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cdr test: --case 'nope' matches no test case of the 1 selected rule\(s\)/);
    expect(r.stdout).not.toMatch(/0 passed/);
  });
  it('--rule and a path that select nothing are usage errors', () => {
    expect(cdr('test', '--rule', 'NoSuchRule').status).toBe(2);
    const r = cdr('test', 'no/such/path');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/path 'no\/such\/path' matches no analytic rule or hunting query/);
  });
  it('reports every problem at once: unknown option, bad reporter, missing root', () => {
    const r = cdr('test', '--reporter', 'xml', '--bogus', '--root', '/nonexistent');
    expect(r.status).toBe(2);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('cdr test:'));
    expect(lines).toEqual([
      "cdr test: unknown option '--bogus'",
      "cdr test: --reporter must be one of pretty, json, junit; got 'xml'",
      'cdr test: --root /nonexistent: folder not found (expected a content root holding Analytic Rules/, Hunting Queries/, test/rules/)',
    ]);
  });
});

describe('cdr kql', () => {
  it('--tables /nonexistent --now bogus --format xml reports all three problems', () => {
    const r = cdr('kql', 'print 1', '--tables', '/nonexistent', '--now', 'bogus', '--format', 'xml');
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toEqual([
      "cdr kql: --format must be one of table, json, csv, got 'xml'",
      "cdr kql: --now is not an ISO-8601 datetime: 'bogus'",
      'cdr kql: --tables /nonexistent: folder not found (expected a folder of <Table>.json / .csv / .jsonl table files)',
    ]);
  });
  it('a --tables that is a file says a folder was expected (not "scenario folder not found")', () => {
    const r = cdr('kql', 'print 1', '--tables', 'package.json', '--now', '2026-01-01T00:00:00Z');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('cdr kql: --tables package.json is a file, not a folder (expected a folder of <Table>.json / .csv / .jsonl table files)\n');
  });
  it('an unknown option is a usage error reported with the others', () => {
    const r = cdr('kql', 'print 1', '--nope', '--format', 'xml');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cdr kql: unknown option '--nope'\ncdr kql: --format must be one of/);
  });
});

describe('cdr validate and cdr build', () => {
  it('validate --format xml and build --format xml are usage errors', () => {
    expect(cdr('validate', '--format', 'xml').status).toBe(2);
    const b = cdr('build', '--format', 'xml', '--templates', '/nonexistent');
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/cdr build: --format must be one of text, json; got 'xml'\ncdr build: --templates \/nonexistent: folder not found/);
  });
  it('an unknown command or an option missing its value exits 2', () => {
    expect(cdr('frobnicate').status).toBe(2);
    expect(cdr('kql', 'print 1', '--now').status).toBe(2);
  });
  it('--help exits 0; build --help says --out creates a missing folder; every build option is in the README', () => {
    const h = cdr('build', '--help');
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(/created\s+with\s+its\s+parents\s+when\s+missing/);
    const readme = readFileSync(join(PROJECT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### `cdr build'), readme.indexOf('### `cdr kql'));
    for (const opt of [...h.stdout.matchAll(/^\s+(--[a-z-]+)/gm)].map((m) => m[1]!).filter((o) => o !== '--help')) expect(section, opt).toContain(opt);
  });
});

describe('the written report', () => {
  it('--output into a missing folder creates it (as --help says)', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'cdr-out-')), 'a', 'b');
    const r = cdr('test', '--rule', 'SASUriGenerated', '--reporter', 'json', '--output', join(dir, 'r.json'), '--quiet');
    expect(r.status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'))).toBeTruthy();
    writeFileSync(join(dir, 'x'), '');
  });
});
