/**
 * Checks on the solution's parsers (Parsers/*.yaml): the JSON Schema, the file named after FunctionName, unique
 * aliases that shadow no table or built-in function, and the KQL semantics of the body with its parameters bound.
 */
import type { ParserContent } from '../content/model.js';
import { parameterList } from '../content/parsers.js';
import { kusto } from '../kusto/language.js';
import { lookupAggregate, lookupScalar } from '../kql/registry.js';
import { diag, type Diagnostic } from '../util/diagnostics.js';
import { analyzeQuery } from './kql.js';
import { schemaErrors } from './schema.js';

/** Names of the tables the binder knows (a parser alias must not shadow one). */
export function checkParsers(parsers: ParserContent[], globals: unknown, tableNames: Set<string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const aliases = new Map<string, ParserContent>();
  for (const p of parsers) {
    // The parser's YAML errors are in content.loadErrors (the loader collects them for every kind).
    if (!p.data) continue;
    const at = (path: (string | number)[], code: string, message: string) => { const pos = p.yaml.locate(path); out.push(diag(p.file, pos.line, pos.column, code, message)); };
    const schema = schemaErrors('parser', p.data, p.file, (path) => p.yaml.locate(path), 'PARSER001');
    out.push(...schema);
    if (p.functionName && p.functionName !== p.baseName) at(['FunctionName'], 'PARSER002', `the file of parser ${p.functionName} must be named ${p.functionName}.yaml`);
    const alias = p.functionAlias;
    if (alias) {
      const prev = aliases.get(alias);
      if (prev) at(['FunctionAlias'], 'PARSER003', `FunctionAlias '${alias}' is already used by ${prev.file}`);
      else aliases.set(alias, p);
      if (tableNames.has(alias)) at(['FunctionAlias'], 'PARSER004', `FunctionAlias '${alias}' is the name of a table`);
      if (lookupScalar(alias.toLowerCase()) || lookupAggregate(alias.toLowerCase()) || isBuiltInFunction(alias)) at(['FunctionAlias'], 'PARSER004', `FunctionAlias '${alias}' is the name of a built-in KQL function`);
    }
    const names = p.parameters.map((x) => x.name);
    names.forEach((n, i) => { if (names.indexOf(n) !== i) at(['FunctionParams', i, 'Name'], 'PARSER005', `parameter '${n}' is declared twice`); });
    if (schema.length || typeof p.query !== 'string') continue;
    // Bind the body as a let-declared function with the declared parameters: errors map back into FunctionQuery.
    const header = `let __cdr_parser_body = ${parameterList(p.parameters)} {\n`;
    const a = analyzeQuery(`${header}${p.query}\n};\nprint 0`, globals);
    for (const d of a.diagnostics) {
      if (d.severity !== 'error') continue;
      const offset = d.start - header.length;
      if (offset < 0) { at(['FunctionParams'], 'KQL001', `${d.code}: ${d.message}`); continue; }
      const pos = p.yaml.locateInString(['FunctionQuery'], Math.min(offset, p.query.length));
      out.push(diag(p.file, pos.line, pos.column, 'KQL001', `${d.code}: ${d.message}`));
    }
  }
  return out;
}

function isBuiltInFunction(name: string): boolean {
  const K = kusto();
  const fns = K.Functions?.GetFunction?.(name) ?? K.Aggregates?.GetAggregate?.(name);
  return !!fns;
}
