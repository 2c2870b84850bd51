/**
 * Workbooks: each one validates (schema, parameter references, every query binds after substitution with typed
 * sample values), has a test file with an expectation for every query item, and every case passes on fixtures.
 */
import { describe, expect, it } from 'vitest';
import { loadContent } from '../tools/content/load.js';
import { parserFunctionDecls } from '../tools/content/parsers.js';
import { KqlEngine } from '../tools/kql/engine.js';
import { TableSchemaRegistry } from '../tools/kusto/table-schemas.js';
import { contentLayout } from '../tools/util/paths.js';
import { globalsFor } from '../tools/validate/index.js';
import { checkWorkbook } from '../tools/workbooks/check.js';
import { queryItems } from '../tools/workbooks/model.js';
import { loadCaseTables, loadWorkbookCases, runWorkbookCase, workbookTestFile } from '../tools/workbooks/test-run.js';

const L = contentLayout();
const content = loadContent();
const schemas = TableSchemaRegistry.load([L.customTables]);
// Workbook queries may call the solution's parsers (hunting queries they take their text from do).
const engine = new KqlEngine(schemas);
engine.registerFunctions(parserFunctionDecls(content.parsers));
const globals = globalsFor(L.root, content.parsers);

for (const wb of content.workbooks) {
  describe(`workbook ${wb.baseName}`, () => {
    const file = workbookTestFile(L.root, wb.baseName);
    const cf = loadWorkbookCases(file);
    const checked = checkWorkbook(content, wb, globals);
    it('validates: schema, parameter references, queries bind with typed sample values', () => {
      expect(checked.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`)).toEqual([]);
    });
    it('has a test file with an expectation for every query item', () => {
      expect(cf.errors).toEqual([]);
      const expected = new Set(cf.cases.flatMap((c) => Object.keys(c.expect)));
      expect(queryItems(checked.workbook).map((q) => q.item.name).filter((n) => !expected.has(n))).toEqual([]);
    });
    for (const c of cf.cases) {
      it(c.name, () => {
        const results = runWorkbookCase(engine, content, wb, c, loadCaseTables(c, L.fixtures, schemas, file));
        const failed = results.filter((r) => !r.passed).map((r) => `${r.item}: ${r.problems.join('; ')}${r.rows ? `\n  actual: ${JSON.stringify(r.rows.slice(0, 5))}` : ''}`);
        expect(failed).toEqual([]);
        expect(results.length).toBe(Object.keys(c.expect).length);
      });
    }
  });
}
