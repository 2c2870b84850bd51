/**
 * `cdr record`: rows of workspace tables into the project's fixture format (one `<Table>.jsonl` per table, values
 * typed by the vendored table schemas, watchlists as watchlists/<alias>.csv), pulled in time chunks through the
 * Log Analytics query API (a chunk the service truncates is split further by time), streamed to disk chunk by
 * chunk, and written atomically: everything goes to a staging folder next to --out, renamed into place at the end.
 * With --anonymise, rows go to the staging folder raw first, the anonymiser learns names from them, and a second
 * streamed pass writes the anonymised files; the raw files are deleted before anything is renamed into place.
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { basename, dirname, join, resolve } from 'node:path';
import { projectTableSchemas, type TableSchemaRegistry } from '../kusto/table-schemas.js';
import { kusto } from '../kusto/language.js';
import { syntaxErrors } from '../kusto/syntax-errors.js';
import { formatDatetime, fromWire, parseDatetime, toWire } from '../kql/values.js';
import type { KqlType } from '../kql/types.js';
import { parseYamlDuration } from '../harness/durations.js';
import { TICKS_PER_DAY } from '../kql/ticks.js';
import { datetimeLiteral } from './pin-time.js';
import type { LiveLogs } from './logs-query.js';
import { Anonymiser, loadPolicy, type ValueClass } from './anonymise/anonymiser.js';

export class RecordUsageError extends Error {
  constructor(message: string) { super(message); this.name = 'RecordUsageError'; }
}

export interface RecordRequest {
  tables: string[];
  watchlists?: string[];
  from: string;
  to: string;
  out: string;
  where?: string;
  /** Chunk length (5m, 1h, 1d; default 1d). */
  chunk?: string;
  anonymise?: boolean;
  /** Environment variable holding the anonymisation key (default CDR_ANONYMISE_KEY). */
  keyEnv?: string;
  /** GUIDs and names the content compares against, kept as they are (built-in role ids, app ids). */
  keep?: string[];
  env?: NodeJS.ProcessEnv;
  onChunk?: (table: string, rows: number) => void;
}

export interface RecordSummary {
  out: string;
  tables: { table: string; rows: number; chunks: number; truncatedChunks: number; droppedColumns: string[] }[];
  watchlists: { alias: string; rows: number }[];
  anonymised?: Record<ValueClass, { distinct: number; replaced: number }>;
  notes: string[];
}

export interface RecordPlan { tables: string[]; from: bigint; to: bigint; chunk: bigint; out: string; key?: Buffer; keyEnv: string }

const ROW_STRING_LIMIT = 1_000_000;

/** Every usage problem at once; nothing is queried or written before this passes. */
export function planRecord(req: RecordRequest, schemas: TableSchemaRegistry = projectTableSchemas()): RecordPlan {
  const problems: string[] = [];
  if (!req.tables.length) problems.push('--table needs at least one table');
  for (const t of req.tables) if (!schemas.get(t)) problems.push(`--table ${t}: not in the project's table schemas (tools/schemas/tables; custom tables under Solution/CustomTables/)`);
  const from = /^\d{4}-\d{2}-\d{2}/.test(req.from) ? parseDatetime(req.from) : undefined;
  const to = /^\d{4}-\d{2}-\d{2}/.test(req.to) ? parseDatetime(req.to) : undefined;
  if (from === undefined) problems.push(`--from '${req.from}' is not an ISO-8601 datetime`);
  if (to === undefined) problems.push(`--to '${req.to}' is not an ISO-8601 datetime`);
  if (from !== undefined && to !== undefined && to <= from) problems.push(`--to ${req.to} must be after --from ${req.from}`);
  const chunk = req.chunk ? parseYamlDuration(req.chunk) : TICKS_PER_DAY;
  if (chunk === undefined || chunk <= 0n) problems.push(`--chunk '${req.chunk}' is not a positive duration (5m, 1h, 1d)`);
  if (req.where !== undefined) {
    const K = kusto();
    const code = K.KustoCode.Parse(`T | where ${req.where}`);
    const s = syntaxErrors(code, `T | where ${req.where}`)[0];
    if (s) problems.push(`--where: ${s.code}: ${s.message} (at column ${s.start - 'T | where '.length + 1})`);
  }
  const out = resolve(req.out);
  if (existsSync(out)) problems.push(`--out ${req.out} exists; record writes a new folder (remove it or choose another name)`);
  const keyEnv = req.keyEnv ?? 'CDR_ANONYMISE_KEY';
  let key: Buffer | undefined;
  if (req.keyEnv && !req.anonymise) problems.push('--key-env is only used with --anonymise');
  if (req.anonymise) {
    const v = (req.env ?? process.env)[keyEnv];
    if (!v) problems.push(`--anonymise needs a key in the environment variable ${keyEnv} (at least 16 characters; it is never written anywhere)`);
    else if (Buffer.byteLength(v) < 16) problems.push(`the key in ${keyEnv} is shorter than 16 bytes`);
    else key = Buffer.from(v, 'utf8');
  }
  if (problems.length) throw new RecordUsageError(problems.join('\n'));
  return { tables: req.tables, from: from!, to: to!, chunk: chunk!, out, key, keyEnv };
}

async function write(stream: WriteStream, line: string): Promise<void> {
  if (!stream.write(line)) await once(stream, 'drain');
}

async function close(stream: WriteStream): Promise<void> {
  await new Promise<void>((r, j) => stream.end((e?: Error | null) => (e ? j(e) : r())));
}

const csvCell = (v: unknown) => { const s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v); return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s; };

export async function record(req: RecordRequest, logs: LiveLogs, resourceId: string, schemas: TableSchemaRegistry = projectTableSchemas()): Promise<RecordSummary> {
  const plan = planRecord(req, schemas);
  mkdirSync(dirname(plan.out), { recursive: true });
  const stage = join(dirname(plan.out), `.${basename(plan.out)}.recording-${process.pid}`);
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage);
  const rawDir = join(stage, '.raw');
  if (plan.key) mkdirSync(rawDir);
  const summary: RecordSummary = { out: plan.out, tables: [], watchlists: [], notes: [] };
  const anonymiser = plan.key ? new Anonymiser(loadPolicy(), plan.key, req.keep ?? []) : undefined;
  const typesOf = new Map<string, Map<string, string>>();
  try {
    for (const table of plan.tables) {
      const schema = schemas.get(table)!;
      const types = new Map<string, string>(schema.columns.map((c) => [c.name, c.type]));
      typesOf.set(table, types);
      const file = join(plan.key ? rawDir : stage, `${table}.jsonl`);
      const stream = createWriteStream(file);
      const entry = { table, rows: 0, chunks: 0, truncatedChunks: 0, droppedColumns: [] as string[] };
      const dropped = new Set<string>();
      for (let a = plan.from; a < plan.to; a += plan.chunk) {
        const b = a + plan.chunk < plan.to ? a + plan.chunk : plan.to;
        // (a, b] exactly in the query; the request's timespan (inclusive) lets the service prune.
        const query = (x: bigint, y: bigint) => `${table}\n| where TimeGenerated > ${datetimeLiteral(x)} and TimeGenerated <= ${datetimeLiteral(y)}${req.where ? `\n| where ${req.where}` : ''}\n| order by TimeGenerated asc`;
        const res = await logs.query(resourceId, query, a, b);
        entry.chunks++;
        if (res.truncated) { entry.truncatedChunks++; summary.notes.push(`${table} (${formatDatetime(a)}, ${formatDatetime(b)}]: ${res.truncated.note}`); }
        const cols = res.result.columns;
        for (const row of res.result.rows) {
          const o: Record<string, unknown> = {};
          cols.forEach((c, i) => {
            const type = types.get(c.name) ?? (c.name === '_IngestionTime' ? 'datetime' : undefined);
            if (!type) { dropped.add(c.name); return; }
            const raw = row[i];
            if (raw === null || raw === undefined || raw === '') return;
            if (typeof raw === 'string' && raw.length > ROW_STRING_LIMIT) throw new Error(`${table}.${c.name}: a value of ${raw.length} characters is over the ${ROW_STRING_LIMIT} limit`);
            let v: unknown;
            try { v = toWire(type as KqlType, fromWire(type as KqlType, raw)); } catch (e) {
              throw new Error(`${table}, column ${c.name} (${type} in the vendored schema, ${c.type} from the service): ${(e as Error).message}`);
            }
            o[c.name] = v;
          });
          anonymiser?.learn(table, o, types);
          await write(stream, JSON.stringify(o) + '\n');
          entry.rows++;
        }
        req.onChunk?.(table, res.result.rows.length);
      }
      await close(stream);
      entry.droppedColumns = [...dropped].sort();
      if (dropped.size) summary.notes.push(`${table}: column(s) not in the vendored schema left out: ${entry.droppedColumns.join(', ')}`);
      summary.tables.push(entry);
    }
    // Watchlists as _GetWatchlist returns them (the rules read them that way), all columns as text.
    const watchRows = new Map<string, { columns: string[]; rows: Record<string, unknown>[] }>();
    for (const alias of req.watchlists ?? []) {
      if (!/^[A-Za-z0-9_.-]+$/.test(alias)) throw new RecordUsageError(`--watchlist '${alias}': an alias is letters, digits, '-', '_' and '.'`);
      const res = await logs.query(resourceId, `_GetWatchlist('${alias}')`, plan.from, plan.to);
      const columns = res.result.columns.map((c) => c.name).filter((n) => !n.startsWith('_') && n !== 'LastUpdatedTimeUTC' && n !== 'TenantId' && n !== 'Type');
      const rows = res.result.rows.map((r) => Object.fromEntries(columns.map((n) => [n, r[res.result.columns.findIndex((c) => c.name === n)]])));
      const types = new Map(columns.map((n) => [n, 'string']));
      for (const r of rows) anonymiser?.learn(`watchlist:${alias}`, r, types);
      watchRows.set(alias, { columns, rows });
    }
    if (anonymiser) {
      // Second pass: raw -> anonymised, streamed line by line.
      for (const table of plan.tables) {
        const types = typesOf.get(table)!;
        const out = createWriteStream(join(stage, `${table}.jsonl`));
        const lines = createInterface({ input: createReadStream(join(rawDir, `${table}.jsonl`)), crlfDelay: Infinity });
        for await (const line of lines) if (line) await write(out, JSON.stringify(anonymiser.row(table, JSON.parse(line) as Record<string, unknown>, types)) + '\n');
        await close(out);
      }
      rmSync(rawDir, { recursive: true, force: true });
    }
    for (const [alias, w] of watchRows) {
      mkdirSync(join(stage, 'watchlists'), { recursive: true });
      const types = new Map(w.columns.map((n) => [n, 'string']));
      const rows = anonymiser ? w.rows.map((r) => anonymiser.row(`watchlist:${alias}`, r, types)) : w.rows;
      writeFileSync(join(stage, 'watchlists', `${alias}.csv`), [w.columns.map(csvCell).join(','), ...rows.map((r) => w.columns.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n');
      summary.watchlists.push({ alias, rows: rows.length });
    }
    if (anonymiser) summary.anonymised = anonymiser.summary();
    writeFileSync(join(stage, 'README.md'), readme(req, plan, summary));
    if (existsSync(plan.out)) throw new RecordUsageError(`--out ${req.out} appeared while recording; nothing was replaced`);
    renameSync(stage, plan.out);
    return summary;
  } catch (e) {
    rmSync(stage, { recursive: true, force: true });
    throw e;
  }
}

function readme(req: RecordRequest, plan: RecordPlan, s: RecordSummary): string {
  const lines = [
    `# ${basename(plan.out)}: recorded with cdr record`,
    '',
    `Rows with TimeGenerated in (${formatDatetime(plan.from)}, ${formatDatetime(plan.to)}]${req.where ? (s.anonymised ? ' filtered by a --where clause (not shown: it may name real values)' : ` where ${req.where}`) : ''}, pulled in chunks of ${req.chunk ?? '1d'}.`,
    'Columns and types follow the vendored table schemas (tools/schemas/tables); empty values are left out.',
    '',
    '| table | rows | chunks | truncated chunks |',
    '|---|---|---|---|',
    ...s.tables.map((t) => `| ${t.table} | ${t.rows} | ${t.chunks} | ${t.truncatedChunks} |`),
    ...s.watchlists.map((w) => `| watchlist ${w.alias} | ${w.rows} | | |`),
  ];
  if (s.anonymised) {
    lines.push('', `Anonymised with a keyed HMAC (key from ${plan.keyEnv}, not stored). Values replaced:`, '', '| class | distinct | occurrences |', '|---|---|---|');
    for (const [c, n] of Object.entries(s.anonymised)) lines.push(`| ${c} | ${n.distinct} | ${n.replaced} |`);
  }
  if (s.notes.length) lines.push('', 'Notes:', '', ...s.notes.map((n) => `- ${n}`));
  return lines.join('\n') + '\n';
}

/** Folders under a recording (for tests and the CLI's summary). */
export function recordedFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map(String).sort();
}
