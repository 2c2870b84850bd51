/**
 * The content model: what the solution ships, loaded from the content folders.
 * Analytic rules and hunting queries are Sentinel YAML; workbooks are workbook JSON; playbooks are ARM
 * templates (Playbooks/<Name>/azuredeploy.json); the solution data file drives packaging.
 */
import type { YamlFile } from './yaml-doc.js';

export type ContentKind = 'analyticRule' | 'huntingQuery' | 'parser' | 'workbook' | 'playbook' | 'summaryRule';

/** An analytic rule or hunting query: a YAML document with a KQL query. */
export interface QueryContent {
  kind: 'analyticRule' | 'huntingQuery';
  file: string;
  /** File name without extension; test cases live in test/rules/<baseName>.test.yaml. */
  baseName: string;
  yaml: YamlFile;
  /** The parsed YAML (undefined when the YAML itself is malformed). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data: Record<string, any> | undefined;
  id: string | undefined;
  name: string | undefined;
  query: string | undefined;
}

/** One parameter of a parser (FunctionParams entry): `Name: Type = Default`. */
export interface ParserParam { name: string; type: string; default?: string | number | boolean }

/**
 * A parser: a KQL function shipped with the solution (Parsers/<FunctionName>.yaml, the layout of official
 * solutions' Parsers folders), deployed as a workspace saved search with a function alias. Rules and queries call
 * it by FunctionAlias. `query` is the function body (FunctionQuery).
 */
export interface ParserContent {
  kind: 'parser';
  file: string;
  /** File name without extension; test cases live in test/rules/<baseName>.test.yaml. */
  baseName: string;
  yaml: YamlFile;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data: Record<string, any> | undefined;
  id: string | undefined;
  /** Function.Title. */
  name: string | undefined;
  /** FunctionQuery: the body. */
  query: string | undefined;
  functionName: string | undefined;
  /** The name rules call (FunctionAlias). */
  functionAlias: string | undefined;
  parameters: ParserParam[];
  version: string | undefined;
}

/** Content with a KQL query and test cases. */
export type TestableContent = QueryContent | ParserContent;

/** A summary rule (`Summary Rules/<Name>.yaml`, the official summary-rule template YAML): name = displayName. */
export type SummaryRuleContent = Omit<QueryContent, 'kind'> & { kind: 'summaryRule' };

export interface JsonContent {
  kind: 'workbook' | 'playbook';
  file: string;
  baseName: string;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data: any;
}

export interface SolutionData {
  file: string;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data: any;
}

export interface Content {
  root: string;
  analyticRules: QueryContent[];
  huntingQueries: QueryContent[];
  parsers: ParserContent[];
  workbooks: JsonContent[];
  playbooks: JsonContent[];
  summaryRules: SummaryRuleContent[];
  solution: SolutionData | undefined;
  /** Files of the solution folder that failed to load (missing, unreadable, malformed JSON). */
  loadErrors: import('../util/diagnostics.js').Diagnostic[];
}
