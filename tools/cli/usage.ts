/**
 * Usage errors of the CLI: every problem with a command line is collected and reported at once (one line each,
 * `cdr <command>: ...`), and the exit code is 2. Unknown options are found here too (commands accept unknown
 * options from commander so that they can be reported together with the rest).
 */
import type { Command } from 'commander';
import { entryKind } from '../util/content-file.js';

export const EXIT_USAGE = 2;

export class Usage {
  readonly errors: string[] = [];
  constructor(private readonly command: string) {}

  add(message: string): void { this.errors.push(message); }

  /** `--name` must be one of `allowed`. */
  choice(option: string, value: string | undefined, allowed: readonly string[]): void {
    if (value !== undefined && !allowed.includes(value)) this.add(`${option} must be one of ${allowed.join(', ')}; got '${value}'`);
  }

  /** `--name DIR` must be an existing folder. */
  folder(option: string, path: string | undefined, expected: string): void {
    if (path === undefined) return;
    const kind = entryKind(path);
    if (kind === 'directory') return;
    this.add(kind === 'missing' || kind === 'dangling' ? `${option} ${path}: folder not found (expected ${expected})` : `${option} ${path} is a file, not a folder (expected ${expected})`);
  }

  /** Print every error (and a pointer to --help) and set the exit code; true when there were errors. */
  report(write: (s: string) => void = (s) => process.stderr.write(s)): boolean {
    if (this.errors.length === 0) return false;
    for (const e of this.errors) write(`cdr ${this.command}: ${e}\n`);
    write(`(see cdr ${this.command} --help)\n`);
    process.exitCode = EXIT_USAGE;
    return true;
  }
}

/**
 * Options on the command line that `cmd` does not declare (commander is told to let them through so they can be
 * reported with every other usage error). A token after `--` is an operand.
 */
export function unknownOptions(cmd: Command, argv: string[]): string[] {
  const known = new Map<string, boolean>(); // flag -> takes a value
  for (const o of cmd.options) {
    const takesValue = o.required || o.optional;
    if (o.long) known.set(o.long, takesValue);
    if (o.short) known.set(o.short, takesValue);
    if (o.negate && o.long) known.set(o.long, false);
  }
  known.set('--help', false).set('-h', false);
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const t = argv[i]!;
    if (t === '--') break;
    if (!t.startsWith('-') || t === '-') continue;
    const flag = t.includes('=') ? t.slice(0, t.indexOf('=')) : t;
    if (!known.has(flag)) { out.push(`unknown option '${flag}'`); continue; }
    if (known.get(flag) && !t.includes('=')) i++; // its value
  }
  return out;
}

/** The arguments after the command name, as commander saw them (for unknownOptions). */
export function commandArgv(cmd: Command): string[] {
  const raw = process.argv.slice(2);
  const at = raw.indexOf(cmd.name());
  return at >= 0 ? raw.slice(at + 1) : raw;
}
