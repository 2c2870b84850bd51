/**
 * Parsers in the package: the shape the official V3 packager emits (compared with Solutions/Okta Single Sign-On/
 * Package/mainTemplate.json), what rules that call them depend on, and the same named checks (official schemas,
 * toolkit tests, reference resolution) applied to the parser resources as to every other kind.
 *
 * Expected calls are found here independently of the packager's lexer-based search: a plain scan of the query text
 * for `CDR_*` names outside `//` comments and string literals, followed through the parsers' own bodies.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { buildSolution } from '../../tools/package/index.js';
import { runChecks } from '../../tools/package/checks/index.js';
import { EmittedFile, type Json } from '../../tools/package/arm/template-file.js';

const PROJECT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Rules calling CDR_UserSignIns, CDR_IsTrustedIp (which calls CDR_IpFromEndpoint) and CDR_ArmOperations; one calling none. */
const RULES = ['PasswordSpray.yaml', 'VMRunCommandExecuted.yaml', 'ImpossibleTravel.yaml', 'SASUriGenerated.yaml'];
const HUNTS = ['PrincipalAzureServices.yaml'];
const PARSERS = readdirSync(join(PROJECT, 'Parsers')).filter((f) => f.endsWith('.yaml')).sort();
const SAVED_SEARCHES = 'Microsoft.OperationalInsights/workspaces/savedSearches';
const METADATA = 'Microsoft.OperationalInsights/workspaces/providers/metadata';

interface ParserYaml { FunctionName: string; FunctionAlias: string; FunctionQuery: string; Function: { Title: string; Version: string }; FunctionParams?: { Name: string; Type: string; Default?: unknown }[] }
const parsers: ParserYaml[] = PARSERS.map((f) => parse(readFileSync(join(PROJECT, 'Parsers', f), 'utf8')) as ParserYaml);
const aliases = parsers.map((p) => p.FunctionAlias);

/** CDR_* names a query calls, ignoring comments and string literals (independent of the packager's lexer). */
function namesCalled(query: string): string[] {
  const code = query.split('\n').map((l) => l.replace(/\/\/.*$/, '')).join('\n').replace(/@?'(?:[^'\\]|\\.)*'|@?"(?:[^"\\]|\\.)*"/g, '""');
  return [...new Set([...code.matchAll(/\b[A-Za-z_][A-Za-z0-9_]*\b/g)].map((m) => m[0]).filter((n) => aliases.includes(n)))];
}
function closure(query: string): string[] {
  const out = new Set<string>();
  const stack = namesCalled(query);
  while (stack.length) {
    const n = stack.pop()!;
    if (out.has(n)) continue;
    out.add(n);
    stack.push(...namesCalled(parsers.find((p) => p.FunctionAlias === n)!.FunctionQuery));
  }
  return [...out].sort();
}

function root(): string {
  const r = mkdtempSync(join(tmpdir(), 'cdr-pkg-parsers-'));
  for (const d of ['Analytic Rules', 'Hunting Queries', 'Parsers', 'Solution/Data']) mkdirSync(join(r, d), { recursive: true });
  for (const f of RULES) cpSync(join(PROJECT, 'Analytic Rules', f), join(r, 'Analytic Rules', f));
  for (const f of HUNTS) cpSync(join(PROJECT, 'Hunting Queries', f), join(r, 'Hunting Queries', f));
  for (const f of PARSERS) cpSync(join(PROJECT, 'Parsers', f), join(r, 'Parsers', f));
  for (const f of ['SolutionMetadata.json', 'ReleaseNotes.md']) cpSync(join(PROJECT, 'Solution', f), join(r, 'Solution', f));
  const data = JSON.parse(readFileSync(join(PROJECT, 'Solution', 'Data', 'Solution_CDR.json'), 'utf8'));
  Object.assign(data, {
    'Analytic Rules': RULES.map((f) => `Analytic Rules/${f}`), 'Hunting Queries': HUNTS.map((f) => `Hunting Queries/${f}`),
    Parsers: PARSERS.map((f) => `Parsers/${f}`), Workbooks: [], Playbooks: [], 'Summary Rules': [], Version: '3.0.0',
  });
  writeFileSync(join(r, 'Solution/Data/Solution_CDR.json'), JSON.stringify(data, null, 2));
  return r;
}

let r: string;
let main: Json;
let ui: Json;
const ruleQuery = (f: string) => String((parse(readFileSync(join(PROJECT, 'Analytic Rules', f), 'utf8')) as { query: string }).query);

beforeAll(async () => {
  r = root();
  const res = await buildSolution({ root: r });
  expect(res.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  main = JSON.parse(readFileSync(join(r, 'Solution/Package/mainTemplate.json'), 'utf8'));
  ui = JSON.parse(readFileSync(join(r, 'Solution/Package/createUiDefinition.json'), 'utf8'));
}, 300_000);

const contentTemplates = (kind: string): Json[] => main.resources.filter((x: Json) => x.properties?.contentKind === kind && x.type.endsWith('contentTemplates'));
/** `[variables('parserObject3').contentId]` -> the value of that variable field. */
const resolveVar = (v: string): string => {
  const m = /^\[variables\('([^']+)'\)\.(\w+)\]$/.exec(v);
  return m ? main.variables[m[1]!][m[2]!] : v;
};

describe('parsers in the Content Hub package', () => {
  it('one contentTemplate per parser, holding the workspace function (alias, body, parameters) and its Parser metadata', () => {
    const cts = contentTemplates('Parser');
    expect(cts).toHaveLength(parsers.length);
    for (const p of parsers) {
      const ct = cts.find((c) => resolveVar(c.properties.contentId) === `${p.FunctionName}-Parser`);
      expect(ct, p.FunctionName).toBeDefined();
      expect(ct.properties.description).toBe(`${p.FunctionName} Data Parser with template version 3.0.0`);
      expect(ct.properties.displayName).toBe(p.Function.Title);
      const [fn, md] = ct.properties.mainTemplate.resources;
      expect(fn.type).toBe(SAVED_SEARCHES);
      expect(fn.name).toBe(`[concat(parameters('workspace'),'/','${p.FunctionName}')]`);
      expect(fn.properties).toMatchObject({ category: 'Microsoft Sentinel Parser', displayName: p.Function.Title, functionAlias: p.FunctionAlias, version: 2 });
      // The body is the parser's FunctionQuery; ARM keeps a string starting with '[' only when written '[['.
      const body = p.FunctionQuery.startsWith('[') ? `[${p.FunctionQuery}` : p.FunctionQuery;
      expect(fn.properties.query).toBe(body);
      for (const param of p.FunctionParams ?? []) expect(fn.properties.functionParameters).toContain(`${param.Name}:${param.Type.toLowerCase()}`);
      if (!p.FunctionParams?.length) expect(fn.properties.functionParameters).toBe('');
      expect(md.type).toBe(METADATA);
      expect(md.properties.kind).toBe('Parser');
      expect(resolveVar(md.properties.parentId)).toBe(`[resourceId('${SAVED_SEARCHES}', parameters('workspace'), '${p.FunctionName}')]`);
      expect(resolveVar(md.properties.version)).toBe(p.Function.Version);
    }
  });

  it('installs each function at once (top-level saved search + metadata, as official packages do), callees first', () => {
    const installed = main.resources.filter((x: Json) => x.type === SAVED_SEARCHES);
    expect(installed.map((x: Json) => x.properties.functionAlias).sort()).toEqual([...aliases].sort());
    for (const p of parsers) {
      const i = main.resources.findIndex((x: Json) => x.type === SAVED_SEARCHES && x.properties.functionAlias === p.FunctionAlias);
      const fn = main.resources[i];
      expect(fn.properties.query).toBe(p.FunctionQuery);
      expect(main.resources[i - 1].properties.contentKind).toBe('Parser');
      const md = main.resources[i + 1];
      expect(md.type).toBe(METADATA);
      expect(md.dependsOn).toEqual([`[resourceId('${SAVED_SEARCHES}', parameters('workspace'), '${p.FunctionName}')]`]);
      expect(md.properties).toMatchObject({ kind: 'Parser', contentId: `${p.FunctionName}-Parser`, parentId: md.dependsOn[0], version: p.Function.Version });
      const callees = closure(p.FunctionQuery).filter((a) => a !== p.FunctionAlias);
      const calleeNames = callees.map((a) => parsers.find((x) => x.FunctionAlias === a)!.FunctionName);
      expect((fn.dependsOn ?? []).sort()).toEqual(calleeNames.map((n) => `[resourceId('${SAVED_SEARCHES}', parameters('workspace'), '${n}')]`).sort());
    }
    // CDR_IsTrustedIp calls CDR_IpFromEndpoint: a parser with callers exists in this solution, so the order is tested.
    expect(closure(parsers.find((p) => p.FunctionAlias === 'CDR_IsTrustedIp')!.FunctionQuery)).toContain('CDR_IpFromEndpoint');
  });

  it('every rule and hunting query that calls a parser depends on it (and on the parsers it calls) in its metadata', () => {
    let callers = 0;
    for (const [kind, folder, files] of [['AnalyticsRule', 'Analytic Rules', RULES], ['HuntingQuery', 'Hunting Queries', HUNTS]] as const) {
      for (const f of files) {
        const y = parse(readFileSync(join(PROJECT, folder, f), 'utf8')) as { id: string; query: string };
        const ct = contentTemplates(kind).find((c) => resolveVar(c.properties.contentId) === y.id);
        const md = ct.properties.mainTemplate.resources.find((x: Json) => x.type === METADATA);
        const want = closure(y.query).map((a) => `${parsers.find((p) => p.FunctionAlias === a)!.FunctionName}-Parser`);
        const got = (md.properties.dependencies?.criteria ?? []).filter((c: Json) => c.kind === 'Parser').map((c: Json) => c.contentId).sort();
        expect(got, f).toEqual(want.sort());
        if (want.length) callers++;
        // Every alias the query calls is a function the package installs.
        for (const a of namesCalled(y.query)) expect(main.resources.some((x: Json) => x.type === SAVED_SEARCHES && x.properties.functionAlias === a), `${f} calls ${a}`).toBe(true);
      }
    }
    expect(callers).toBeGreaterThanOrEqual(3);
    expect(closure(ruleQuery('PasswordSpray.yaml'))).toEqual(expect.arrayContaining(['CDR_UserSignIns']));
  });

  it('lists parsers in the package dependencies and the counts line, with no install step (official createUiDefinition)', () => {
    const pkg = main.resources[main.resources.length - 1];
    const criteria = pkg.properties.dependencies.criteria.filter((c: Json) => c.kind === 'Parser').map((c: Json) => resolveVar(c.contentId));
    expect(criteria.sort()).toEqual(parsers.map((p) => `${p.FunctionName}-Parser`).sort());
    expect(pkg.properties.descriptionHtml).toContain(`<b>Parsers:</b> ${parsers.length}`);
    expect(ui.parameters.config.basics.description).toMatch(new RegExp(`\\*\\*Parsers:\\*\\* ${parsers.length}, `));
    expect(ui.parameters.steps.map((s: Json) => s.name)).not.toContain('parsers');
  });

  it('writes a standalone template per parser, and main.bicep deploys callees before callers', () => {
    for (const p of parsers) {
      const t = JSON.parse(readFileSync(join(r, 'Solution/Deploy/parsers', `${p.FunctionName}.json`), 'utf8'));
      expect(t.resources).toHaveLength(1);
      expect(t.resources[0]).toMatchObject({ type: SAVED_SEARCHES, name: `[concat(parameters('workspace'),'/','${p.FunctionName}')]`, properties: { functionAlias: p.FunctionAlias, query: p.FunctionQuery } });
    }
    const bicep = readFileSync(join(r, 'Solution/Deploy/main.bicep'), 'utf8');
    const spray = /module analyticRule\d+ 'analytic-rules\/PasswordSpray\.json'[\s\S]*?\n}/.exec(bicep)![0];
    const symbols = [...(/dependsOn: \[([^\]]*)\]/.exec(spray)?.[1] ?? '').matchAll(/parser\d+/g)].map((m) => m[0]);
    // The module symbol of each parser, from its module line.
    const moduleOf = (fn: string) => new RegExp(`module (parser\\d+) 'parsers/${fn}\\.json'`).exec(bicep)![1];
    const want = closure(ruleQuery('PasswordSpray.yaml')).map((a) => moduleOf(parsers.find((p) => p.FunctionAlias === a)!.FunctionName));
    expect(symbols.sort()).toEqual(want.sort());
    expect(want.length).toBeGreaterThanOrEqual(2);
  });

  it('the official-schema and toolkit checks cover the parser resources: a broken function fails the build checks', () => {
    const check = (mutate: (t: Json) => void): string => {
      const t = structuredClone(main);
      mutate(t);
      const res = runChecks(EmittedFile.of(join(r, 'mainTemplate.json'), t), 'deploymentTemplate', { isMainTemplate: true, mainTemplate: t });
      return res.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message).join('\n');
    };
    const installed = (t: Json) => t.resources.find((x: Json) => x.type === SAVED_SEARCHES);
    expect(check(() => undefined)).toBe('');
    expect(check((t) => { delete installed(t).properties.category; })).toMatch(/savedSearches@2025-07-01.*category/); // required by SavedSearchProperties
    expect(check((t) => { installed(t).properties.version = 'two'; })).toMatch(/savedSearches@2025-07-01.*\/properties\/version/);
    // Reference resolution covers the dependsOn of an installed function.
    expect(check((t) => { installed(t).dependsOn = ["[variables('parserObject99').id]"]; })).toMatch(/parserObject99/);

    const nested = structuredClone(main);
    const ct = nested.resources.find((x: Json) => x.properties?.contentKind === 'Parser');
    ct.properties.mainTemplate.resources[0].apiVersion = '2022-10-01'; // the packager's version: not in the official schemas for this type
    const res2 = runChecks(EmittedFile.of(join(r, 'mainTemplate.json'), nested), 'deploymentTemplate', { isMainTemplate: true, mainTemplate: nested });
    expect(res2.diagnostics.filter((d) => d.severity === 'error').length).toBeGreaterThan(0);
  });
});
