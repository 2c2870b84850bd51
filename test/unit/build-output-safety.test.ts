/**
 * Issue 10, data loss: `cdr build --out` only replaces a folder it created itself, the package folder is never
 * missing during a build, the README table is committed in the same step, and concurrent builds are serialised
 * by a lock with a clear message.
 */
import { describe, expect, it, vi } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { CLI, smallRoot, snapshot } from './hardening-root.js';

// Every fs mutation of the build goes through this mock so a test can check an invariant after each one.
const fsHooks: { after?: (op: string, args: unknown[]) => void; before?: (op: string, args: unknown[]) => void } = {};
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const wrap = <F extends (...a: never[]) => unknown>(name: string, f: F) => ((...args: Parameters<F>) => {
    fsHooks.before?.(name, args);
    const r = f(...args);
    fsHooks.after?.(name, args);
    return r;
  }) as unknown as F;
  return { ...real, default: real, renameSync: wrap('renameSync', real.renameSync), rmSync: wrap('rmSync', real.rmSync), writeFileSync: wrap('writeFileSync', real.writeFileSync), rmdirSync: wrap('rmdirSync', real.rmdirSync) };
});
const { buildSolution } = await import('../../tools/package/index.js');

// These tests start the CLI (a fresh Node process each); on a loaded 2-core machine one start can take tens of seconds.
vi.setConfig({ testTimeout: 240_000 });

const cdr = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

describe('cdr build --out refuses folders it did not create', () => {
  it('refuses an existing non-package folder with a usage error and touches nothing', () => {
    const r = smallRoot();
    const victim = join(r, 'victim');
    mkdirSync(victim);
    writeFileSync(join(victim, 'keep.txt'), 'precious');
    const before = snapshot(r);
    const res = cdr('build', '--root', r, '--out', victim);
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/victim already exists and was not created by cdr build \(no \.cdr-build\.json inside\); refusing to replace it/);
    expect(snapshot(r)).toEqual(before);
  });

  it('refuses the project root and a content folder', () => {
    const r = smallRoot();
    const before = snapshot(r);
    for (const out of [r, join(r, 'Analytic Rules')]) {
      const res = cdr('build', '--root', r, '--out', out);
      expect(res.status, res.stderr).toBe(2);
      expect(res.stderr).toMatch(/refusing to replace it/);
    }
    expect(snapshot(r)).toEqual(before);
  });

  it('creates a missing --out folder with the marker, and replaces it on the next build', async () => {
    const r = smallRoot();
    const out = join(r, 'new', 'pkg');
    expect((await buildSolution({ root: r, outDir: out })).usage).toBeUndefined();
    expect(existsSync(join(out, '.cdr-build.json'))).toBe(true);
    writeFileSync(join(out, 'stale.json'), '{}');
    const again = await buildSolution({ root: r, outDir: out });
    expect(again.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(existsSync(join(out, 'stale.json'))).toBe(false);
    expect(existsSync(join(out, 'mainTemplate.json'))).toBe(true);
  });
});

describe('the package folder during a build', () => {
  it('is never missing: after every rename/remove the previous mainTemplate.json or the new one is there', async () => {
    const r = smallRoot();
    await buildSolution({ root: r });
    const main = join(r, 'Solution', 'Package', 'mainTemplate.json');
    expect(existsSync(main)).toBe(true);
    const gaps: string[] = [];
    fsHooks.after = (op, args) => { if (!existsSync(main)) gaps.push(`${op}(${args.map(String).join(', ')})`); };
    try { await buildSolution({ root: r }); } finally { fsHooks.after = undefined; }
    expect(gaps).toEqual([]);
  });

  it('writes the README table in the same step: a failure while staging it leaves the package and README as they were', async () => {
    const r = smallRoot();
    await buildSolution({ root: r });
    // Change an item so the next build would produce a different package and README table.
    const f = join(r, 'Analytic Rules', 'SASUriGenerated.yaml');
    writeFileSync(f, readFileSync(f, 'utf8').replace(/^name: .*$/m, 'name: Renamed SAS rule'));
    const before = { pkg: snapshot(join(r, 'Solution', 'Package')), readme: readFileSync(join(r, 'README.md'), 'utf8') };
    fsHooks.before = (op, args) => {
      if (op === 'writeFileSync' && /README\.md/.test(String(args[0])) && !/README-content/.test(String(args[0]))) throw new Error('ENOSPC: no space left on device (simulated)');
    };
    try { await expect(buildSolution({ root: r })).rejects.toThrow(/ENOSPC/); } finally { fsHooks.before = undefined; }
    expect(snapshot(join(r, 'Solution', 'Package'))).toEqual(before.pkg);
    expect(readFileSync(join(r, 'README.md'), 'utf8')).toBe(before.readme);
  });
});

describe('concurrent builds', () => {
  it('a second build while one holds the lock fails at once with "another build is running" and touches nothing', async () => {
    const r = smallRoot();
    await buildSolution({ root: r });
    const lock = join(r, 'Solution', '.Package.cdr-build.lock');
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: (await import('node:os')).hostname(), started: '2026-01-01T00:00:00Z' }));
    const before = snapshot(join(r, 'Solution'));
    const res = cdr('build', '--root', r);
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/another build is running on .*Package \(pid \d+/);
    expect(snapshot(join(r, 'Solution'))).toEqual(before);
  });

  it('a lock left by a process that no longer exists is taken over', async () => {
    const r = smallRoot();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    mkdirSync(join(r, 'Solution'), { recursive: true });
    writeFileSync(join(r, 'Solution', '.Package.cdr-build.lock'), JSON.stringify({ pid: Number(dead.stdout), host: (await import('node:os')).hostname(), started: 'x' }));
    const res = await buildSolution({ root: r });
    expect(res.blocked).toBeUndefined();
    expect(existsSync(join(r, 'Solution', '.Package.cdr-build.lock'))).toBe(false);
  });

  it('two builds started together never both write: each exits 0 or says another build is running, and the package is whole', async () => {
    const r = smallRoot();
    const run = () => new Promise<{ code: number | null; err: string }>((done) => {
      const p = spawn(process.execPath, [CLI, 'build', '--root', r]);
      let err = '';
      p.stderr.on('data', (d) => { err += d; });
      p.on('close', (code) => done({ code, err }));
    });
    const results = await Promise.all([run(), run(), run()]);
    for (const x of results) expect(x.code === 0 || (x.code === 1 && /another build is running/.test(x.err)), x.err).toBe(true);
    expect(results.some((x) => x.code === 0)).toBe(true);
    const once = snapshot(join(r, 'Solution', 'Package'));
    expect(cdr('build', '--root', r).status).toBe(0);
    expect(snapshot(join(r, 'Solution', 'Package'))).toEqual(once);
    expect(snapshot(join(r, 'Solution')).hasOwnProperty('.Package.cdr-build.lock')).toBe(false);
  }, 180_000); // two CLI builds in parallel, each binding the rules' queries (custom-detection fit): load-dependent
});
