/**
 * Extracts the KQL reference's self-contained examples into the conformance suite's data file.
 *
 *   node dist/tools/kql/conformance/extract.js <dataexplorer-docs checkout or bare git dir> [out.json]
 *
 * An example is a fenced `kusto` block of a page under data-explorer/kusto/query/ followed by its documented result
 * table. It is self-contained when the official binder (Kusto.Language) binds it without any error against an empty
 * database: it reads only print, datatable, range, let and the like, never a table or a management command.
 * Results that depend on the clock or on randomness are marked `implementationDefined` with the reason; the suite
 * then checks their shape only. Nothing here judges the engine: see cases.ts and the suite's reviews.json.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { kusto } from '../../kusto/language.js';
import { buildGlobals } from '../../kusto/globals.js';
import { TableSchemaRegistry } from '../../kusto/table-schemas.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { PROJECT_ROOT } from '../../util/paths.js';
import { examplesOf } from './markdown.js';
import { FamilyIndex } from './families.js';
import type { ConformanceCase, ConformanceData } from './cases.js';

const QUERY_DIR = 'data-explorer/kusto/query';

/** Reads pages from a working tree or, for a bare mirror, from its HEAD commit. */
class DocsSource {
  readonly bare: boolean;
  constructor(readonly root: string) {
    this.bare = !existsSync(join(root, QUERY_DIR)) && existsSync(join(root, 'HEAD')) && existsSync(join(root, 'objects'));
    if (!this.bare && !existsSync(join(root, QUERY_DIR))) throw new Error(`${root}: no ${QUERY_DIR} (expected a dataexplorer-docs checkout or bare git dir)`);
  }
  private git(...args: string[]): string {
    return execFileSync('git', [this.bare ? `--git-dir=${this.root}` : `--work-tree=${this.root}`, ...(this.bare ? [] : [`--git-dir=${join(this.root, '.git')}`]), ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  }
  commit(): string {
    try { return this.git('rev-parse', 'HEAD').trim(); } catch { return 'unknown'; }
  }
  pages(): string[] {
    if (this.bare) return this.git('ls-tree', '-r', '--name-only', 'HEAD', QUERY_DIR).split('\n').filter((p) => p.endsWith('.md')).sort();
    const out: string[] = [];
    const walk = (dir: string) => {
      for (const f of readdirSync(dir).sort()) {
        const p = join(dir, f);
        if (statSync(p).isDirectory()) walk(p); else if (f.endsWith('.md')) out.push(relative(this.root, p).split('\\').join('/'));
      }
    };
    walk(join(this.root, QUERY_DIR));
    return out;
  }
  read(page: string): string {
    return this.bare ? this.git('show', `HEAD:${page}`) : readFileSync(join(this.root, page), 'utf8');
  }
}

/** Why a query cannot run on its own, from the binder's first error; undefined when it binds cleanly. */
function bindingProblem(query: string, globals: unknown): string | undefined {
  const K = kusto();
  let code;
  try { code = K.KustoCode.ParseAndAnalyze(query, globals); } catch (e) { return `binder failure: ${String((e as Error)?.message ?? e).slice(0, 200)}`; }
  const diags = code.GetDiagnostics();
  for (let i = 0; i < diags.Count; i++) {
    const d = diags.getItem(i);
    if (String(d.Severity).toLowerCase() === 'error') return `${d.Code}: ${d.Message}`;
  }
  return undefined;
}

/** Functions and operators whose result Kusto does not define exactly: the suite checks only the shape. */
const IMPLEMENTATION_DEFINED: [RegExp, string][] = [
  [/\b(now|ago|utcnow)\s*\(/i, 'depends on the clock (now/ago)'],
  [/\b(rand|new_guid)\s*\(/i, 'random values (rand/new_guid)'],
  [/\|\s*(sample|sample-distinct)\b/i, 'random rows (sample)'],
  [/\b(take_any|any|take_anyif)\s*\(/i, 'arbitrary row (take_any)'],
  [/\|\s*(take|limit)\b/i, 'arbitrary rows (take/limit without sort)'],
  [/\b(dcount|dcountif|hll|hll_merge|dcount_hll|tdigest|tdigest_merge|percentile_tdigest|percentiles?|percentilesw?|percentilew|percentile_array|percentiles_array)\s*\(/i, 'estimated aggregate (HyperLogLog / t-digest)'],
  [/\b(cursor_current|current_cluster_endpoint|current_database|current_principal\w*|extent_id|extent_tags|ingestion_time|estimate_data_size)\s*\(/i, 'depends on the cluster'],
];

/** `search` / `find` with no input and no `in (...)`: reads every table of the database the page ran against. */
export function searchesDatabase(query: string): boolean {
  const code = query.replace(/\/\/.*$/gm, '');
  return /(^|;)\s*(search|find)\b(?![^|]*\bin\s*\()/.test(code) && !/=\s*view\s*\(/.test(code);
}

export function implementationDefined(query: string): string | undefined {
  const reasons = IMPLEMENTATION_DEFINED.filter(([re]) => re.test(query)).map(([, why]) => why);
  return reasons.length ? reasons.join('; ') : undefined;
}

export function extract(docsRoot: string): ConformanceData {
  const src = new DocsSource(docsRoot);
  const families = new FamilyIndex(src.read(`${QUERY_DIR}/scalar-functions.md`), src.read(`${QUERY_DIR}/aggregation-functions.md`));
  // The engine's own binder view with no tables and no declared functions: what a query can use on its own.
  const globals = buildGlobals(new TableSchemaRegistry(), []);
  const cases: ConformanceCase[] = [];
  const skipped: Record<string, number> = {};
  const skip = (why: string) => { skipped[why] = (skipped[why] ?? 0) + 1; };
  // Names the binder reports as unknown are the tables of the database the pages ran against (StormEvents, ...);
  // an example naming one (e.g. through table('StormEvents')) is not self-contained either.
  const outside = new Set<string>();
  for (const page of src.pages()) for (const ex of examplesOf(src.read(page))) {
    const p = ex.output ? bindingProblem(ex.query, globals) : undefined;
    const m = p && /KS(204|142): The name '([A-Za-z_][A-Za-z0-9_]*)'/.exec(p);
    if (m && /^[A-Z]/.test(m[2]!)) outside.add(m[2]!);
  }
  // Unquoted uses fail to bind already; a quoted one (`table('StormEvents')`) binds but reads the same table.
  const namesOutside = (q: string) => [...outside].some((t) => q.includes(`'${t}'`) || q.includes(`"${t}"`));
  for (const page of src.pages()) {
    const name = page.slice(QUERY_DIR.length + 1).replace(/\.md$/, '');
    let n = 0;
    for (const ex of examplesOf(src.read(page))) {
      n++;
      if (!ex.output) { skip('no documented result table'); continue; }
      if (!ex.query || /^\s*\./m.test(ex.query.split('\n').find((l) => l.trim() && !l.trim().startsWith('//')) ?? '')) { skip('management command'); continue; }
      if (searchesDatabase(ex.query)) { skip('searches every table of the database'); continue; }
      if (namesOutside(ex.query)) { skip('reads tables or names not defined in the query'); continue; }
      const problem = bindingProblem(ex.query, globals);
      if (problem && process.env.CDR_EXTRACT_VERBOSE) process.stderr.write(`${name}#${n}: ${problem}\n`);
      if (problem?.startsWith('binder failure')) { skip('the official binder throws on it'); continue; }
      if (problem) { skip(/KS204|KS142|KS208|KS248|KS260|does not refer to any known/.test(problem) ? 'reads tables or names not defined in the query' : 'does not bind (syntax or semantic error in the official binder)'); continue; }
      const c: ConformanceCase = {
        id: `${name}#${n}`,
        page,
        line: ex.line,
        family: families.familyOf(page),
        heading: ex.heading,
        query: ex.query,
        expected: ex.output,
      };
      const why = implementationDefined(ex.query);
      if (why) c.implementationDefined = why;
      cases.push(c);
    }
  }
  return {
    source: { repository: 'MicrosoftDocs/dataexplorer-docs', commit: src.commit(), license: 'CC BY 4.0 (documentation text); code samples MIT', pages: QUERY_DIR },
    extractedBy: 'tools/kql/conformance/extract.ts',
    skipped,
    cases,
  };
}

function main(argv: string[]): void {
  const [docs, out = join(PROJECT_ROOT, 'test', 'kql', 'conformance', 'cases.json')] = argv;
  if (!docs) {
    process.stderr.write('usage: node dist/tools/kql/conformance/extract.js <dataexplorer-docs checkout or bare git dir> [out.json]\n');
    process.exit(2);
  }
  const data = extract(docs);
  writeFileAtomic(out, JSON.stringify(data, null, 1) + '\n');
  process.stdout.write(`${data.cases.length} self-contained examples with a documented result -> ${out}\n`);
  for (const [why, n] of Object.entries(data.skipped)) process.stdout.write(`  skipped ${n}: ${why}\n`);
}

if (process.argv[1] && /extract\.(js|ts)$/.test(process.argv[1])) main(process.argv.slice(2));
