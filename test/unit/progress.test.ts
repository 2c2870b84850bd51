/**
 * Issue 10: long runs show progress on a terminal (stderr, via cli-progress) and nothing when stderr is not a
 * terminal or with --quiet. The terminal cases run the real CLI under a pseudo-terminal (util-linux `script`).
 */
import { describe, expect, it, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { startProgress } from '../../tools/util/progress.js';
import { CLI, PROJECT, smallRoot } from './hardening-root.js';

// These tests start the CLI (a fresh Node process each); on a loaded 2-core machine one start can take tens of seconds.
vi.setConfig({ testTimeout: 240_000 });

class FakeTty extends Writable {
  text = '';
  isTTY = true;
  columns = 120;
  _write(chunk: Buffer, _enc: string, done: () => void) { this.text += chunk.toString(); done(); }
}

const underPty = (args: string[]) => spawnSync('script', ['-qec', [process.execPath, CLI, ...args].map((a) => `'${a}'`).join(' '), '/dev/null'], { encoding: 'utf8', cwd: PROJECT, env: { ...process.env, COLUMNS: '120' } });
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

describe('progress bars', () => {
  it('draw on a TTY stream and nothing on a non-TTY stream or with quiet', async () => {
    const tty = new FakeTty();
    const p = startProgress('cdr test', 3, { stream: tty as unknown as NodeJS.WritableStream & { isTTY: boolean }, unit: 'cases' });
    p.tick('one'); p.tick('two'); p.tick('three');
    await new Promise((r) => setTimeout(r, 150));
    p.done();
    expect(tty.text).toMatch(/cdr test \[[= ]+\] \d\/3 cases/);
    const pipe = new FakeTty(); pipe.isTTY = false;
    const q = startProgress('cdr test', 3, { stream: pipe as unknown as NodeJS.WritableStream }); q.tick(); q.done();
    const quiet = new FakeTty();
    const r = startProgress('cdr test', 3, { stream: quiet as unknown as NodeJS.WritableStream & { isTTY: boolean }, quiet: true }); r.tick(); r.done();
    expect(pipe.text + quiet.text).toBe('');
  });

  it.runIf(hasScript)('cdr test and cdr build draw a bar under a terminal, and not with --quiet', () => {
    const root = smallRoot();
    const t = underPty(['test', '--root', root, '--rule', 'SASUriGenerated']);
    expect(t.status).toBe(0);
    expect(t.stdout).toMatch(/cdr test \[[= ]*\] \d+\/\d+ cases/);
    const quiet = underPty(['test', '--root', root, '--rule', 'SASUriGenerated', '--quiet']);
    expect(quiet.stdout).not.toMatch(/cdr test \[/);
    const b = underPty(['build', '--root', root]);
    expect(b.status, b.stdout).toBe(0);
    expect(b.stdout).toMatch(/cdr build \[[= ]*\] \d+\/\d+ steps/);
  });

  it('nothing is drawn when stderr is not a terminal (CI logs, pipes)', () => {
    const r = spawnSync(process.execPath, [CLI, 'test', '--root', smallRoot(), '--rule', 'SASUriGenerated'], { encoding: 'utf8', cwd: PROJECT });
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/\[[= ]+\]|\x1b\[/);
  });
});
