/**
 * Judge one conformance case in its own process and print the verdict as JSON: the suite runs its heavy cases
 * (minutes of synchronous evaluation) here, so the test worker's event loop stays free for vitest's own messages.
 * Usage: node dist/tools/kql/conformance/judge-one.js <case id>
 */
import { judge, loadSuite } from './suite.js';

const id = process.argv[2];
const { data, reviews } = loadSuite();
const found = data.cases.find((c) => c.id === id);
if (!found) {
  process.stderr.write(`judge-one: no conformance case '${id ?? ''}'\n`);
  process.exit(2);
}
const verdict = judge(found, reviews);
process.stdout.write(JSON.stringify({ ok: verdict.ok, bucket: verdict.bucket, note: verdict.note }) + '\n');
