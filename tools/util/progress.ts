/**
 * Progress bars for long runs (cdr test over all cases, cdr build, cdr kql over a large --tables folder or batch),
 * drawn with cli-progress on stderr. Nothing is drawn when stderr is not a terminal (CI logs, pipes, files) or
 * with --quiet, so machine-readable stdout and logs stay clean.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  /** Advance by `by` (default 1); `label` says what is being worked on now. */
  tick(label?: string, by?: number): void;
  /** Remove the bar (the run's own output follows). */
  done(): void;
}

export interface ProgressOptions {
  quiet?: boolean;
  /** Where to draw (default process.stderr); a bar is drawn only when it is a TTY. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Unit shown after the counts, e.g. "cases", "files", "MB". */
  unit?: string;
}

const NONE: Progress = { tick() {}, done() {} };

export function startProgress(title: string, total: number, opts: ProgressOptions = {}): Progress {
  const stream = opts.stream ?? process.stderr;
  if (opts.quiet || !stream.isTTY || total <= 0) return NONE;
  const bar = new cliProgress.SingleBar({
    stream: stream as NodeJS.WritableStream,
    format: `${title} [{bar}] {value}/{total} ${opts.unit ?? ''} {label}`,
    barCompleteChar: '=', barIncompleteChar: ' ', hideCursor: true, clearOnComplete: true, stopOnComplete: false,
    etaBuffer: 20, fps: 10,
  }, cliProgress.Presets.legacy);
  bar.start(total, 0, { label: '' });
  let stopped = false;
  return {
    tick(label = '', by = 1) { if (!stopped) bar.increment(by, { label: label.length > 50 ? label.slice(0, 47) + '...' : label }); },
    done() { if (!stopped) { stopped = true; bar.stop(); } },
  };
}
