/**
 * One shard of the conformance suite as vitest tests (the suite is split over a few files so vitest runs them in
 * parallel). Each case must give its documented result, its shape when implementation-defined, or a loud
 * KqlUnsupportedError naming a feature of the query; a recorded known-wrong case must still be wrong (else its
 * review is stale). Heavy cases run only with CDR_CONFORMANCE_HEAVY=1 (and always in `npm run conformance:report`).
 */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { conformanceEngine, judge, loadSuite, type Verdict } from '../../../tools/kql/conformance/suite.js';
import { PROJECT_ROOT } from '../../../tools/util/paths.js';

export const SHARDS = 3;
/** A heavy case runs about a minute on an idle 2-core machine; leave room for a loaded one. */
const HEAVY_TIMEOUT_MS = 900_000;

export function conformanceShard(shard: number): void {
  const { data, reviews } = loadSuite();
  const engine = conformanceEngine();
  const mine = data.cases.filter((_, i) => i % SHARDS === shard);
  describe(`KQL reference examples (shard ${shard + 1}/${SHARDS})`, () => {
    for (const c of mine) {
      const heavy = reviews.heavy[c.id];
      it.skipIf(heavy !== undefined && !process.env.CDR_CONFORMANCE_HEAVY)(`${c.id} [${c.family}]${heavy ? ' (heavy)' : ''}`, async () => {
        const v = heavy === undefined ? judge(c, reviews, engine) : await judgeInChildProcess(c.id);
        expect(v.ok, `${c.id} (${c.page}:${c.line}) ${v.bucket}: ${v.note}\n${c.query}`).toBe(true);
      }, heavy === undefined ? undefined : HEAVY_TIMEOUT_MS);
    }
  });
}

/** A heavy case evaluates for minutes: in a child process (the built judge-one), so this worker keeps answering vitest. */
async function judgeInChildProcess(id: string): Promise<Pick<Verdict, 'ok' | 'bucket' | 'note'>> {
  const script = join(PROJECT_ROOT, 'dist', 'tools', 'kql', 'conformance', 'judge-one.js');
  const { stdout } = await promisify(execFile)(process.execPath, [script, id], { maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout) as Pick<Verdict, 'ok' | 'bucket' | 'note'>;
}
