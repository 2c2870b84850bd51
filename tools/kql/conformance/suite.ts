/**
 * Loads the conformance suite (test/kql/conformance/cases.json + reviews.json) and judges every case: the verdict
 * the vitest suite asserts and the per-family report (REPORT.md) both come from here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KqlEngine } from '../engine.js';
import { PROJECT_ROOT } from '../../util/paths.js';
import { TableSchemaRegistry } from '../../kusto/table-schemas.js';
import { runCase, type ConformanceCase, type ConformanceData, type DocTable, type Outcome, type Review } from './cases.js';

export const SUITE_DIR = join(PROJECT_ROOT, 'test', 'kql', 'conformance');

/** The examples ran against a database of their own: an engine that knows no table (not the project's schemas). */
export function conformanceEngine(): KqlEngine {
  return new KqlEngine(new TableSchemaRegistry());
}

export interface ReviewFile {
  /** Cases too slow for `npm test` (the engine's speed is measured by `npm run bench`): id -> why. */
  heavy: Record<string, string>;
  reviews: Record<string, Review & { expected?: Partial<DocTable> }>;
}

export function loadSuite(dir = SUITE_DIR): { data: ConformanceData; reviews: ReviewFile } {
  const data = JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8')) as ConformanceData;
  const reviews = JSON.parse(readFileSync(join(dir, 'reviews.json'), 'utf8')) as ReviewFile;
  for (const id of [...Object.keys(reviews.reviews), ...Object.keys(reviews.heavy)]) {
    if (!data.cases.some((c) => c.id === id)) throw new Error(`reviews.json: no case '${id}' in cases.json`);
  }
  return { data, reviews };
}

/** A review's table is the documented one with the reviewer's corrections (columns and/or rows). */
export function reviewFor(c: ConformanceCase, file: ReviewFile): Review | undefined {
  const r = file.reviews[c.id];
  if (!r) return undefined;
  if (!r.expected) return { status: r.status, reason: r.reason };
  return { ...r, expected: { columns: r.expected.columns ?? c.expected.columns, rows: r.expected.rows ?? c.expected.rows } };
}

/** The verdict of one case: what the engine did, then whether that is acceptable for the suite. */
export interface Verdict {
  case: ConformanceCase;
  review?: Review;
  outcome: Outcome;
  /** Acceptable: the documented (or reviewed) result, its shape when implementation-defined, a loud named refusal, or a recorded known-wrong. */
  ok: boolean;
  /** What the report counts it as. */
  bucket: 'pass' | 'shape' | 'unsupported' | 'known-wrong' | 'fail';
  note: string;
}

export function judge(c: ConformanceCase, file: ReviewFile, engine = conformanceEngine()): Verdict {
  const review = reviewFor(c, file);
  const outcome = runCase(c, review, engine);
  const v = (ok: boolean, bucket: Verdict['bucket'], note: string): Verdict => ({ case: c, review, outcome, ok, bucket, note });
  if (review?.status === 'known-wrong') {
    // Still wrong is expected (recorded); right now means the review is stale, which the suite must flag.
    if (outcome.status === 'pass' || outcome.status === 'shape') return v(false, 'pass', `passes now: remove the known-wrong review of ${c.id} from reviews.json`);
    return v(true, 'known-wrong', review.reason);
  }
  switch (outcome.status) {
    case 'pass': return v(true, 'pass', outcome.partial ?? (review?.status === 'docs-wrong' ? `against the corrected table: ${review.reason}` : ''));
    case 'shape': return v(true, 'shape', outcome.reason);
    case 'unsupported': return v(outcome.named, 'unsupported', outcome.named ? outcome.message : `the refusal does not name a feature of the query: ${outcome.message}`);
    case 'fail': return v(false, 'fail', outcome.detail);
    case 'error': return v(false, 'fail', `${outcome.kind} error: ${outcome.message}`);
  }
}
