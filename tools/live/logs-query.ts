/**
 * One query on a workspace through the Log Analytics query API (`LogsQueryClient.queryResource`, the SDK's pipeline
 * doing authentication and the throttling/transient retries), its result in the engine's wire form, and the
 * service's result limits handled: a result the service cut short (partial error "result set too large" or the
 * size limit) is re-run over halves of its time window, down to a bounded depth, and the caller is told.
 */
import type { LogsQueryClient } from '@azure/monitor-query-logs';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import type { QueryResult } from '../kql/api.js';
import type { ColumnSchema, KqlType } from '../kql/types.js';
import { formatDatetime } from '../kql/values.js';

const KNOWN_TYPES = new Set<string>(['bool', 'int', 'long', 'real', 'decimal', 'string', 'datetime', 'timespan', 'guid', 'dynamic']);

/** The service's error for a query (status 4xx/5xx, or a Failure in the body). */
export class LogsQueryFailure extends Error {
  constructor(message: string, readonly code: string | undefined, readonly status: number | undefined) { super(message); this.name = 'LogsQueryFailure'; }
}

interface WireTable { name: string; columns: { name: string; type: string }[]; rows: unknown[][] }
interface WireError { code?: string; message?: string; details?: WireError[]; innererror?: WireError }
interface WireBody { tables?: WireTable[]; error?: WireError }

/** Every code and message of an error and its details/inner errors, for matching and for one-line reports. */
function flatten(e: WireError | undefined, out: WireError[] = []): WireError[] {
  if (!e) return out;
  out.push(e);
  for (const d of e.details ?? []) flatten(d, out);
  flatten(e.innererror, out);
  return out;
}

/** Partial errors that mean rows are missing because of a service limit (query limits: 500,000 rows, ~64 MB). */
export function isTruncation(e: WireError | undefined): boolean {
  return flatten(e).some((x) => /E_QUERY_RESULT_SET_TOO_LARGE|result set has exceeded|exceeded the (internal )?(record count|size) limit|TooLarge/i.test(`${x.code ?? ''} ${x.message ?? ''}`));
}

export function errorSummary(e: WireError | undefined): string {
  const all = flatten(e);
  // The innermost error says what went wrong (SemanticError: 'x' is not defined); the outer ones are envelopes.
  const deepest = [...all].reverse().find((x) => x.message);
  const code = [...all].reverse().find((x) => x.code && !/^-?\d+$/.test(x.code))?.code;
  return `${code ?? 'Error'}: ${deepest?.message ?? 'no message'}`;
}

/**
 * The SDK converts datetimes to Date (milliseconds) and parses dynamic text; the engine's wire form keeps 100 ns
 * datetimes as text. A policy on the client's pipeline keeps the last raw body of a query response, so results are
 * read from the service's own JSON. Queries on one client run one at a time (see LiveLogs).
 */
export class RawBodyCapture {
  last: string | undefined;
  readonly policy: PipelinePolicy = {
    name: 'cdrRawLogsBody',
    sendRequest: async (request, next) => {
      const response = await next(request);
      if (/\/query$/.test(new URL(request.url).pathname)) this.last = response.bodyAsText ?? undefined;
      return response;
    },
  };
}

function toResult(t: WireTable | undefined): QueryResult {
  if (!t) return { columns: [], rows: [] };
  const columns: ColumnSchema[] = t.columns.map((c) => ({ name: c.name, type: (KNOWN_TYPES.has(c.type.toLowerCase()) ? c.type.toLowerCase() : 'string') as KqlType }));
  const dyn = columns.map((c) => c.type === 'dynamic');
  const rows = t.rows.map((r) => r.map((v, i) => {
    // Dynamic values arrive as JSON text; the engine's wire form holds them parsed.
    if (dyn[i] && typeof v === 'string') { try { return JSON.parse(v); } catch { return v; } }
    return v;
  }));
  return { columns, rows };
}

export interface WindowResult {
  result: QueryResult;
  /** Set when the service limited the result: how the window was split and whether rows may still be missing. */
  truncated?: { note: string; splitInto: number; complete: boolean };
}

export interface LiveLogsOptions {
  /** Halvings of a truncated window before giving up (2^depth parts at most; default 6: 64 slices). */
  maxSplitDepth?: number;
  serverTimeoutInSeconds?: number;
}

export class LiveLogs {
  private queue: Promise<unknown> = Promise.resolve();
  readonly maxSplitDepth: number;

  constructor(private readonly client: LogsQueryClient, private readonly capture: RawBodyCapture, private readonly opts: LiveLogsOptions = {}) {
    this.maxSplitDepth = opts.maxSplitDepth ?? 6;
  }

  /** One request: the query over the timespan (from, to]; the body as the service sent it. */
  private once(resourceId: string, query: string, from: bigint, to: bigint): Promise<WireBody> {
    const run = async (): Promise<WireBody> => {
      this.capture.last = undefined;
      const timespan = { startTime: new Date(formatDatetime(from)), endTime: new Date(formatDatetime(to)) };
      try {
        // The SDK's path template is /{+resourceId}/query: the id without its leading slash gives the documented
        // https://api.loganalytics.io/v1/subscriptions/.../query.
        await this.client.queryResource(resourceId.replace(/^\/+/, ''), query, timespan, { serverTimeoutInSeconds: this.opts.serverTimeoutInSeconds ?? 180 });
      } catch (e) {
        const err = e as { statusCode?: number; code?: string; message?: string; details?: { error?: WireError } };
        const body = err.details?.error;
        throw new LogsQueryFailure(body ? errorSummary(body) : String(err.message ?? e), body?.code ?? err.code, err.statusCode);
      }
      if (this.capture.last === undefined) throw new LogsQueryFailure('no response body captured from the query API', undefined, undefined);
      return JSON.parse(this.capture.last) as WireBody;
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  /**
   * The query's result over the window (from, to]. A truncated result is re-run over the two halves of the window
   * (and so on, to maxSplitDepth): exact for queries whose rows each come from one record; a query that aggregates
   * across the split point sees each part separately, which the note says.
   */
  async query(resourceId: string, query: string | ((from: bigint, to: bigint) => string), from: bigint, to: bigint): Promise<WindowResult> {
    // A query built per slice restricts rows to exactly (from, to]; a fixed text relies on the timespan alone, whose
    // end points the service may include on both sides of a split.
    const textFor = typeof query === 'string' ? () => query : query;
    const parts: QueryResult[] = [];
    let split = 0;
    let complete = true;
    const go = async (a: bigint, b: bigint, depth: number): Promise<void> => {
      const body = await this.once(resourceId, textFor(a, b), a, b);
      const table = body.tables?.[0];
      if (body.error && !isTruncation(body.error)) throw new LogsQueryFailure(`partial result: ${errorSummary(body.error)}`, body.error.code, 200);
      if (body.error && depth < this.maxSplitDepth && b - a > 1n) {
        split++;
        const mid = a + (b - a) / 2n;
        await go(a, mid, depth + 1);
        await go(mid, b, depth + 1);
        return;
      }
      if (body.error) complete = false;
      parts.push(toResult(table));
    };
    await go(from, to, 0);
    const result = parts.length === 1 ? parts[0]! : { columns: parts.find((p) => p.columns.length)?.columns ?? [], rows: parts.flatMap((p) => p.rows) };
    if (!split && complete) return { result };
    const note = split
      ? `the service cut the result short (result limit); re-run as ${parts.length} time slices${complete ? '' : ', some still truncated: counts are lower bounds'} (rows of each slice exact; aggregations see each slice alone)`
      : 'the service cut the result short (result limit) and the window cannot be split further: counts are lower bounds';
    return { result, truncated: { note, splitInto: parts.length, complete } };
  }
}
