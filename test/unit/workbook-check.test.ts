/** The workbook checker rejects what the workbook host would show broken: bad references, unbound queries, bad shapes. */
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../tools/content/load.js';
import type { JsonContent } from '../../tools/content/model.js';
import { projectGlobals } from '../../tools/kusto/globals.js';
import { checkWorkbook } from '../../tools/workbooks/check.js';
import { paramRefs, sampleValues, substitute, definedParams } from '../../tools/workbooks/params.js';
import { setLet } from '../../tools/kusto/let-statements.js';

const content = loadContent();
const globals = projectGlobals();
const P = (name: string, type: number, extra: object = {}) => ({ id: '0b7f3e2a-1c4d-4e5f-8a9b-0c1d2e3f4a5b', version: 'KqlParameterItem/1.0', name, type, ...extra });
const Q = (name: string, query: string, extra: object = {}) => ({ type: 3, name, content: { version: 'KqlItem/1.0', query, queryType: 0, resourceType: 'microsoft.operationalinsights/workspaces', ...extra } });
const wb = (items: unknown[]): JsonContent => { const data = { version: 'Notebook/1.0', items }; return { kind: 'workbook', file: 'Workbooks/Test.json', baseName: 'Test', text: JSON.stringify(data, null, 2), data }; };
const codes = (w: JsonContent) => checkWorkbook(content, w, globals).diagnostics.map((d) => d.code);
const params = (...ps: unknown[]) => ({ type: 9, name: 'params', content: { version: 'KqlParameterItem/1.0', parameters: ps } });

describe('workbook checker', () => {
  it('accepts a well-formed workbook', () => {
    expect(codes(wb([params(P('Who', 1, { value: 'a' }), P('TimeRange', 4, { value: { durationMs: 3600000 } })), Q('q', 'SigninLogs | where UserPrincipalName =~ "{Who}" | where TimeGenerated > datetime({TimeRange:start})', { timeContextFromParameter: 'TimeRange' })]))).toEqual([]);
  });
  it('reports a reference to an undefined parameter and one used before its definition', () => {
    expect(codes(wb([Q('q', 'SigninLogs | where UserPrincipalName =~ "{Nobody}"')]))).toContain('WB023');
    expect(codes(wb([Q('q', 'SigninLogs | where UserPrincipalName =~ "{Who}"'), params(P('Who', 1, { value: 'a' }))]))).toContain('WB023');
  });
  it('reports an unsupported time range format and a time context from a non-time parameter', () => {
    expect(codes(wb([params(P('TimeRange', 4, { value: { durationMs: 1 } })), Q('q', 'SigninLogs | where TimeGenerated > datetime({TimeRange:begin})')]))).toContain('WB024');
    expect(codes(wb([params(P('Who', 1, { value: 'a' })), Q('q', 'SigninLogs', { timeContextFromParameter: 'Who' })]))).toContain('WB026');
  });
  it('reports a query that does not bind once parameters are substituted', () => {
    expect(codes(wb([params(P('Who', 1, { value: 'a' })), Q('q', 'SigninLogs | where NoSuchColumn == "{Who}"')]))).toContain('WB027');
  });
  it('reports schema violations, duplicate names and a visibility condition on an unknown parameter', () => {
    expect(codes(wb([{ type: 3, name: 'q', content: { version: 'KqlItem/1.0', query: 'SigninLogs', queryType: 0, resourceType: 'microsoft.operationalinsights/workspaces', visualization: 'pie' } }]))).toContain('WB020');
    expect(codes(wb([Q('q', 'SigninLogs'), Q('q', 'AuditLogs')]))).toContain('WB022');
    expect(codes(wb([{ ...Q('q', 'SigninLogs'), conditionalVisibility: { parameterName: 'Tab', comparison: 'isEqualTo', value: 'x' } }]))).toContain('WB025');
  });
  it('reports a reference to a hunting query that does not exist or a let it does not have', () => {
    expect(codes(wb([{ type: 3, name: 'q', content: { version: 'KqlItem/1.0', 'cdr:queryFrom': { huntingQuery: 'Nope' }, queryType: 0, resourceType: 'microsoft.operationalinsights/workspaces' } }]))).toContain('WB010');
    expect(codes(wb([{ type: 3, name: 'q', content: { version: 'KqlItem/1.0', 'cdr:queryFrom': { huntingQuery: 'PrincipalAzureServices', set: { Nope: '1' } }, queryType: 0, resourceType: 'microsoft.operationalinsights/workspaces' } }]))).toContain('WB012');
  });
  it('substitutes typed values the way the host formats them', () => {
    const defs = definedParams({ version: 'Notebook/1.0', items: [params(P('Who', 1, { value: 'bob' }), P('TimeRange', 4, { value: { durationMs: 86_400_000 } }), P('Subs', 2, { multiSelect: true, quote: "'", delimiter: ',', jsonData: '[]' }))] } as never);
    const values = sampleValues(defs, '2026-11-20T12:00:00Z', { Subs: ['a', 'b'] });
    expect(substitute('{Who} {TimeRange:start} {TimeRange:end} {Subs} {{literal}}', defs, values).text).toBe("bob 2026-11-19T12:00:00.000Z 2026-11-20T12:00:00.000Z 'a','b' {{literal}}");
    expect(paramRefs('x {{A}} {B:label}').map((r) => r.name)).toEqual(['B']);
    expect(setLet('let A = 1;   // c\nlet B = 2;\nT', 'A', '5')).toBe('let A = 5;   // c\nlet B = 2;\nT');
    expect(setLet('let A = 1;\nlet A = 2;', 'A', '5')).toBeUndefined();
  });
});
