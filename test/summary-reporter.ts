/**
 * Prints the plain closing line `N passed, N failed` (CI systems and humans read it) after vitest's own summary.
 */
import type { Reporter } from 'vitest/reporters';

interface Task { type: string; mode?: string; result?: { state?: string }; tasks?: Task[] }

export default class SummaryReporter implements Reporter {
  onFinished(files: Task[] = []): void {
    let passed = 0, failed = 0, skipped = 0;
    const walk = (t: Task) => {
      if (t.type === 'test') {
        const s = t.result?.state;
        if (s === 'pass') passed++;
        else if (s === 'fail') failed++;
        else skipped++;
      }
      for (const c of t.tasks ?? []) walk(c);
    };
    for (const f of files) {
      walk(f);
      if (f.result?.state === 'fail' && !(f.tasks ?? []).length) failed++; // a file that failed to load
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  }
}
