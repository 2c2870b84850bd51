/**
 * A local HTTPS server that answers like the Log Analytics query API (api.loganalytics.io/v1), for the live tests:
 * POST /v1/{resourceId}/query (resource-centric) and /v1/workspaces/{id}/query with a JSON body {query, timespan},
 * a bearer token checked on every request, and answers in the service's shapes (documented at
 * learn.microsoft.com/azure/azure-monitor/logs/api/response-format and .../api/errors):
 * - 200 `{tables: [{name: 'PrimaryResult', columns: [{name, type}], rows: [[...]]}]}`, datetimes as ISO text and
 *   dynamic values as JSON text;
 * - 200 with a partial error next to the tables when the result exceeds the row limit (the service's 500,000 rows,
 *   lowered here to `rowLimit`): `{code: 'PartialError', details: [{code: 'EngineError', innererror: {message:
 *   'Query result set has exceeded the internal record count limit ... (E_QUERY_RESULT_SET_TOO_LARGE ...'}}]}`;
 * - 400 `{error: {code: 'BadArgumentError', innererror: {code: 'SemanticError'|'SyntaxError', message}}}` for a
 *   query that does not compile; 401 without the token; 429 with Retry-After when a fault is injected.
 * Queries run on the embedded engine (with the solution's parsers as workspace functions) over fixture folders restricted to the request's timespan (TimeGenerated
 * inside [start, end]), with now() pinned far away (2001-01-01) so a query whose now()/ago() were not rewritten
 * finds nothing. Every request is recorded.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KqlEngine } from '../../tools/kql/engine.js';
import { projectTableSchemas } from '../../tools/kusto/table-schemas.js';
import { readFixtureDir } from '../../tools/fixtures/read-table.js';
import { appendTable } from '../../tools/harness/run-case.js';
import { loadContent } from '../../tools/content/load.js';
import { parserFunctionDecls } from '../../tools/content/parsers.js';
import { WindowedTables } from '../../tools/harness/scheduler.js';
import { parseDatetime } from '../../tools/kql/values.js';
import type { Table } from '../../tools/kql/types.js';

export const LOGS_TOKEN = 'test-static-token-not-a-secret';
export const FAR_AWAY_NOW = '2001-01-01T00:00:00Z';

export interface LogsRequest {
  path: string;
  resource: string;
  query: string;
  timespan: string | undefined;
  /** The timespan parsed: ticks of start and end. */
  from?: bigint;
  to?: bigint;
  prefer: string | undefined;
  authorization: string | undefined;
  status: number;
  rows?: number;
  fault?: string;
}

export interface LogsFault { kind: '429' | '500'; times: number; retryAfterSeconds?: number; when?: (q: LogsRequest) => boolean }

export class FakeLogs {
  url = '';
  requests: LogsRequest[] = [];
  faults: LogsFault[] = [];
  /** The result row limit (the service's is 500,000). */
  rowLimit = 500_000;
  /** Changes an answer before it is sent (to inject differences): the status and body to send instead. */
  tamper?: (req: LogsRequest, status: number, body: Record<string, unknown>) => { status: number; body: unknown } | undefined;
  private server?: Server;
  private readonly engine = new KqlEngine();
  private readonly tables = new Map<string, Table>();
  private readonly windowed: WindowedTables;
  private readonly watchlists: [string, { columns: string[]; rows: string[][] }][] = [];

  constructor(private readonly resources: string[], folders: string[]) {
    const schemas = projectTableSchemas();
    for (const dir of folders) {
      const d = readFixtureDir(dir, schemas);
      for (const t of d.tables) appendTable(this.tables, t.name, t.table);
      for (const [alias, w] of d.watchlists) this.watchlists.push([alias, w]);
    }
    this.windowed = new WindowedTables(this.tables, 'TimeGenerated');
    // The workspace has the solution deployed: its parsers are workspace functions the rules call.
    this.engine.registerFunctions(parserFunctionDecls(loadContent().parsers));
  }

  async start(): Promise<void> {
    const dir = process.env.CDR_TEST_TLS_DIR;
    if (!dir) throw new Error('CDR_TEST_TLS_DIR is not set: the vitest globalSetup test/support/tls-global-setup.ts provides the certificate');
    this.server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (req, res) => { void this.handle(req, res); });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    const addr = this.server.address();
    this.url = `https://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  }

  async stop(): Promise<void> { await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r())); }

  private send(res: ServerResponse, rec: LogsRequest, status: number, body: unknown, headers: Record<string, string> = {}): void {
    rec.status = status;
    this.requests.push(rec);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const path = new URL(req.url ?? '/', 'https://x').pathname;
    const rec: LogsRequest = { path, resource: '', query: '', timespan: undefined, prefer: req.headers.prefer as string | undefined, authorization: req.headers.authorization, status: 0 };
    const err = (status: number, code: string, message: string, inner?: { code: string; message: string }) =>
      this.send(res, rec, status, { error: { message, code, correlationId: '00000000-0000-4000-8000-000000000000', ...(inner ? { innererror: inner } : {}) } });
    if (req.method !== 'POST') return err(405, 'MethodNotAllowed', `${req.method} is not supported`);
    if (req.headers.authorization !== `Bearer ${LOGS_TOKEN}`) return err(401, 'AuthorizationRequiredError', 'Valid authentication was not provided');
    const m = /^\/v1(\/.+)\/query$/i.exec(path);
    if (!m) return err(404, 'PathNotFoundError', `The requested path does not exist: ${path}`);
    rec.resource = m[1]!;
    if (!this.resources.some((r) => r.toLowerCase() === rec.resource.toLowerCase())) return err(404, 'ResourceNotFoundError', `Resource ${rec.resource} not found`);
    let body: { query?: unknown; timespan?: unknown };
    try { body = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { return err(400, 'BadArgumentError', 'The request body is not JSON'); }
    if (typeof body.query !== 'string' || !body.query) return err(400, 'BadArgumentError', "The request had some invalid properties: 'query' is required");
    rec.query = body.query;
    rec.timespan = typeof body.timespan === 'string' ? body.timespan : undefined;
    if (rec.timespan) {
      const [a, b] = rec.timespan.split('/');
      const from = a ? parseDatetime(a) : undefined, to = b ? parseDatetime(b) : undefined;
      if (from === undefined || to === undefined || to < from) return err(400, 'BadArgumentError', `Invalid timespan '${rec.timespan}'`);
      rec.from = from; rec.to = to;
    }
    const fault = this.faults.find((f) => f.times > 0 && (!f.when || f.when(rec)));
    if (fault) {
      fault.times--;
      rec.fault = fault.kind;
      if (fault.kind === '429') return this.send(res, rec, 429, { error: { code: 'ThrottledError', message: 'Your request was throttled' } }, { 'retry-after': String(fault.retryAfterSeconds ?? 0) });
      return err(500, 'InternalServerError', 'Something went wrong');
    }
    // The timespan restricts every table's TimeGenerated (both ends included); tables without it are kept whole.
    this.engine.clearTables();
    for (const [alias, w] of this.watchlists) this.engine.registerWatchlist(alias, w.columns, w.rows);
    const tables = rec.from !== undefined ? this.windowed.window(rec.from - 1n, rec.to!) : this.tables;
    for (const [name, t] of tables) this.engine.registerTable(name, t);
    let result;
    try {
      result = this.engine.run(rec.query, { now: FAR_AWAY_NOW });
    } catch (e) {
      const name = (e as Error).name;
      const body = { error: { message: 'The request had some invalid properties', code: 'BadArgumentError', correlationId: '00000000-0000-4000-8000-000000000000', innererror: { code: name.includes('Syntax') ? 'SyntaxError' : 'SemanticError', message: (e as Error).message } } };
      const changed = this.tamper?.(rec, 400, body);
      return this.send(res, rec, changed?.status ?? 400, changed?.body ?? body);
    }
    const rows = result.rows.slice(0, this.rowLimit).map((r) => r.map((v, i) => (result.columns[i]!.type === 'dynamic' && v !== null ? JSON.stringify(v) : v)));
    rec.rows = rows.length;
    const out: Record<string, unknown> = { tables: [{ name: 'PrimaryResult', columns: result.columns.map((c) => ({ name: c.name, type: c.type })), rows }] };
    if (result.rows.length > this.rowLimit) {
      out.error = {
        message: 'There were some errors when processing your query.', code: 'PartialError', correlationId: '00000000-0000-4000-8000-000000000001',
        details: [{ code: 'EngineError', message: 'Something went wrong processing your query on the server.', innererror: { code: '-2133196797', message: `Query result set has exceeded the internal record count limit ${this.rowLimit} (E_QUERY_RESULT_SET_TOO_LARGE; see https://aka.ms/kustoquerylimits)`, severity: 2, severityName: 'Error' } }],
      };
    }
    const changed = this.tamper?.(rec, 200, out);
    if (changed) { rec.fault = 'tampered'; return this.send(res, rec, changed.status, changed.body); }
    this.send(res, rec, 200, out);
  }
}
