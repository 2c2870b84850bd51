/**
 * `cdr parity`: self-contained queries (datatable, print, range: no table data needed) run on a workspace and on
 * the embedded engine, every difference reported: the error on one side only, column names, column types, rows
 * (as multisets: Kusto does not promise an order without sort; a sorted query's order is compared too). now() and
 * ago() are pinned to the same instant on both sides (the live side through the query-text rewrite).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KqlEngine } from '../../kql/engine.js';
import type { QueryResult } from '../../kql/api.js';
import type { KqlType } from '../../kql/types.js';
import { fromWire, parseDatetime } from '../../kql/values.js';
import { valueKey } from '../../kql/compare.js';
import { PROJECT_ROOT } from '../../util/paths.js';
import { displayPath } from '../../util/diagnostics.js';
import { timePins } from '../pin-time.js';
import type { LiveLogs } from '../logs-query.js';

export const DEFAULT_CASES = join(PROJECT_ROOT, 'tools', 'live', 'parity', 'cases.json');
export const PARITY_NOW = '2026-01-15T12:00:00Z';

export interface ParityCase { id: string; query: string; source?: string }

export class ParityUsageError extends Error {
  constructor(message: string) { super(message); this.name = 'ParityUsageError'; }
}

export function loadCases(file = DEFAULT_CASES): ParityCase[] {
  let raw: unknown;
  try { raw = JSON.parse(readFileSync(file, 'utf8')); } catch (e) { throw new ParityUsageError(`${displayPath(file)}: ${(e as Error).message}`); }
  const list = (raw as { cases?: unknown }).cases;
  if (!Array.isArray(list)) throw new ParityUsageError(`${displayPath(file)}: expected {"cases": [{"id", "query"}, ...]}`);
  const problems: string[] = [];
  const seen = new Set<string>();
  list.forEach((c, i) => {
    const x = c as ParityCase;
    if (typeof x?.id !== 'string' || typeof x?.query !== 'string' || !x.query.trim()) problems.push(`cases[${i}]: needs a string id and a non-empty query`);
    else if (seen.has(x.id)) problems.push(`cases[${i}]: duplicate id '${x.id}'`);
    else seen.add(x.id);
  });
  if (problems.length) throw new ParityUsageError(problems.map((p) => `${displayPath(file)}: ${p}`).join('\n'));
  return list as ParityCase[];
}

export type Side = { ok: true; result: QueryResult } | { ok: false; error: string };

export interface CaseOutcome {
  id: string;
  source?: string;
  agree: boolean;
  /** Both sides refused the query (agreement, reported apart). */
  bothFailed?: boolean;
  differences: string[];
}

export interface ParityReport {
  cases: number;
  agree: number;
  bothFailed: number;
  differ: number;
  outcomes: CaseOutcome[];
}

const isSorted = (q: string) => /\b(order|sort)\s+by\b|\btop\s+\d|\bserialize\b/i.test(q);

function canon(type: KqlType, v: unknown): unknown {
  let x: unknown;
  try { x = fromWire(type, typeof v === 'object' && v !== null && type !== 'dynamic' ? JSON.stringify(v) : v); } catch { return v; }
  // Reals: 12 significant digits (the service and JavaScript print doubles differently).
  if ((type === 'real' || type === 'decimal') && typeof x === 'number' && Number.isFinite(x)) return Number(x.toPrecision(12));
  return x;
}

const rowKey = (types: KqlType[], row: unknown[]) => row.map((v, i) => valueKey(canon(types[i]!, v))).join('\u0001');
const show = (row: unknown[]) => JSON.stringify(row);

/** The differences between the workspace's answer and the engine's. */
export function compareSides(live: Side, engine: Side, sorted: boolean): { agree: boolean; bothFailed?: boolean; differences: string[] } {
  if (!live.ok && !engine.ok) return { agree: true, bothFailed: true, differences: [] };
  if (!live.ok) return { agree: false, differences: [`error on the workspace only: ${live.error}`] };
  if (!engine.ok) return { agree: false, differences: [`error on the engine only: ${engine.error}`] };
  const d: string[] = [];
  const lc = live.result.columns, ec = engine.result.columns;
  const ln = lc.map((c) => c.name), en = ec.map((c) => c.name);
  if (JSON.stringify(ln) !== JSON.stringify(en)) d.push(`columns: workspace [${ln.join(', ')}], engine [${en.join(', ')}]`);
  const n = Math.min(lc.length, ec.length);
  for (let i = 0; i < n; i++) if (lc[i]!.type !== ec[i]!.type) d.push(`type of column ${i + 1} (${lc[i]!.name}): workspace ${lc[i]!.type}, engine ${ec[i]!.type}`);
  if (live.result.rows.length !== engine.result.rows.length) d.push(`row count: workspace ${live.result.rows.length}, engine ${engine.result.rows.length}`);
  if (d.some((x) => x.startsWith('columns'))) return { agree: false, differences: d };
  const types = lc.map((c) => c.type);
  const lk = live.result.rows.map((r) => rowKey(types, r)), ek = engine.result.rows.map((r) => rowKey(types, r));
  const count = (keys: string[]) => { const m = new Map<string, number>(); for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1); return m; };
  const lm = count(lk), em = count(ek);
  const onlyLive: string[] = [], onlyEngine: string[] = [];
  live.result.rows.forEach((r, i) => { const k = lk[i]!; const e = em.get(k) ?? 0; if (e > 0) em.set(k, e - 1); else onlyLive.push(show(r)); });
  engine.result.rows.forEach((r, i) => { const k = ek[i]!; const l = lm.get(k) ?? 0; if (l > 0) lm.set(k, l - 1); else onlyEngine.push(show(r)); });
  const LIMIT = 5;
  for (const r of onlyLive.slice(0, LIMIT)) d.push(`row only on the workspace: ${r}`);
  if (onlyLive.length > LIMIT) d.push(`... ${onlyLive.length - LIMIT} more row(s) only on the workspace`);
  for (const r of onlyEngine.slice(0, LIMIT)) d.push(`row only on the engine: ${r}`);
  if (onlyEngine.length > LIMIT) d.push(`... ${onlyEngine.length - LIMIT} more row(s) only on the engine`);
  if (!onlyLive.length && !onlyEngine.length && sorted && lk.join('\u0002') !== ek.join('\u0002')) d.push('row order differs (the query sorts)');
  return { agree: d.length === 0, differences: d };
}

export interface ParityRun { logs: LiveLogs; resourceId: string; onCase?: (id: string) => void }

export async function runParity(cases: ParityCase[], run: ParityRun, engine = new KqlEngine()): Promise<ParityReport> {
  const now = parseDatetime(PARITY_NOW)!;
  const outcomes: CaseOutcome[] = [];
  for (const c of cases) {
    let liveSide: Side, engineSide: Side;
    try { engineSide = { ok: true, result: engine.run(c.query, { now: PARITY_NOW }) }; } catch (e) { engineSide = { ok: false, error: `${(e as Error).name}: ${(e as Error).message}`.split('\n')[0]! }; }
    let text = c.query;
    try { text = timePins(c.query).at(now); } catch { /* the service reports what the parser cannot read */ }
    try {
      const out = await run.logs.query(run.resourceId, text, now - 864_000_000_000n, now);
      liveSide = { ok: true, result: out.result };
    } catch (e) { liveSide = { ok: false, error: (e as Error).message.split('\n')[0]! }; }
    const cmp = compareSides(liveSide, engineSide, isSorted(c.query));
    outcomes.push({ id: c.id, ...(c.source ? { source: c.source } : {}), ...cmp });
    run.onCase?.(c.id);
  }
  return {
    cases: outcomes.length,
    agree: outcomes.filter((o) => o.agree && !o.bothFailed).length,
    bothFailed: outcomes.filter((o) => o.bothFailed).length,
    differ: outcomes.filter((o) => !o.agree).length,
    outcomes,
  };
}

export function renderParityText(r: ParityReport, target: string): string {
  const lines = [`Parity with workspace of target ${target}: ${r.cases} case(s), ${r.agree} agree, ${r.bothFailed} refused by both, ${r.differ} differ`];
  for (const o of r.outcomes.filter((x) => !x.agree)) {
    lines.push('', `${o.id}${o.source ? ` (${o.source})` : ''}:`);
    for (const d of o.differences) lines.push(`  ${d}`);
  }
  return lines.join('\n') + '\n';
}
