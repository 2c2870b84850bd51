/**
 * Parsers: KQL functions the solution ships (Parsers/<FunctionName>.yaml), in the format of official Sentinel
 * solutions' Parsers folders: `Function: {Title, Version, LastUpdated}`, `Category`, `FunctionName`,
 * `FunctionAlias`, optional `FunctionParams: [{Name, Type, Default, Description}]`, `FunctionQuery`.
 * The same declaration binds rules that call the function (validator, engine) and is what packaging deploys
 * (a workspace saved search with functionAlias and functionParameters).
 */
import { basename, extname } from 'node:path';
import type { FunctionDecl } from '../kusto/globals.js';
import { YamlFile } from './yaml-doc.js';
import type { ParserContent, ParserParam } from './model.js';

/** Scalar parameter types a parser may declare (the saved-search functionParameters types). */
export const PARSER_PARAM_TYPES = ['string', 'bool', 'int', 'long', 'real', 'decimal', 'datetime', 'timespan', 'guid', 'dynamic'] as const;

export const PARSER_EXPECTED = 'a parser (id, Function, FunctionName, FunctionAlias, FunctionQuery, ...)';

export function loadParser(file: string, root?: string): ParserContent {
  const yaml = YamlFile.read(file, PARSER_EXPECTED, root);
  const data = yaml.data && typeof yaml.data === 'object' && !Array.isArray(yaml.data) ? (yaml.data as Record<string, unknown>) : undefined;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const fn = (data?.Function ?? {}) as Record<string, unknown>;
  const params = Array.isArray(data?.FunctionParams) ? (data!.FunctionParams as Record<string, unknown>[]) : [];
  return {
    kind: 'parser', file, baseName: basename(file, extname(file)), yaml, data,
    id: str(data?.id), name: str(fn.Title), query: str(data?.FunctionQuery),
    functionName: str(data?.FunctionName), functionAlias: str(data?.FunctionAlias),
    parameters: params.map((p) => ({ name: String(p?.Name ?? ''), type: String(p?.Type ?? '').toLowerCase(), default: p?.Default as ParserParam['default'] })),
    version: str(fn.Version),
  };
}

/** A parameter default as a KQL literal of its type (strings quoted; other types written as given). */
export function defaultLiteral(p: ParserParam): string {
  const v = p.default;
  if (p.type === 'string') return JSON.stringify(String(v));
  if (p.type === 'dynamic') return typeof v === 'string' && /^\s*dynamic\s*\(/.test(v) ? v : `dynamic(${typeof v === 'string' ? v : JSON.stringify(v)})`;
  if (p.type === 'bool') return String(v).toLowerCase() === 'true' ? 'true' : 'false';
  if (p.type === 'datetime' || p.type === 'guid') return /\(/.test(String(v)) ? String(v) : `${p.type}(${String(v)})`;
  return String(v);
}

/** The KQL parameter list, e.g. `(operations:dynamic = dynamic([]), lookback:timespan = 1d)`. */
export function parameterList(params: ParserParam[]): string {
  return `(${params.map((p) => `${p.name}:${p.type}${p.default !== undefined && p.default !== null ? ` = ${defaultLiteral(p)}` : ''}`).join(', ')})`;
}

/** The function declaration the binder and the engine use for a parser (called by its FunctionAlias). */
export function parserFunctionDecl(p: ParserContent): FunctionDecl | undefined {
  if (!p.functionAlias || typeof p.query !== 'string') return undefined;
  return {
    name: p.functionAlias,
    parameters: parameterList(p.parameters),
    body: `{\n${p.query}\n}`,
    description: p.name,
    source: p.file,
  };
}

/** Declarations of every well-formed parser (malformed ones are reported by the validator, not bound). */
export function parserFunctionDecls(parsers: ParserContent[]): FunctionDecl[] {
  return parsers.map(parserFunctionDecl).filter((d): d is FunctionDecl => d !== undefined);
}
