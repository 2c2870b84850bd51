/**
 * The targets file (cdr.targets.yaml): which workspaces `cdr deploy`/`cdr drift` (and the live commands) work on,
 * with each target's per-customer parameters. Validated by tools/schemas/targets/targets.schema.json with every
 * error at file:line:col, values that look like secrets rejected, `defaults` merged under every target.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { YamlFile, type PathSeg, type Position } from '../content/yaml-doc.js';
import { diag, type Diagnostic } from '../util/diagnostics.js';
import { TOOLS_DATA } from '../util/paths.js';
import { parseCredentialRef, type CredentialRef } from '../azure/credentials.js';
import { secretInValue, secretKeyName } from './secrets.js';

export const DEFAULT_TARGETS_FILE = 'cdr.targets.yaml';

export type Scalar = string | number | boolean;
export interface RuleOverride { enabled?: boolean; severity?: 'Informational' | 'Low' | 'Medium' | 'High' }
export interface WatchlistSpec { description?: string; searchKey: string; items: Record<string, Scalar>[] }

export interface TargetParameters {
  /** [name or glob, override] in file order (defaults first); later entries win. */
  rules: [string, RuleOverride][];
  tunables: Record<string, Scalar>;
  watchlists: Record<string, WatchlistSpec>;
  templates: Record<string, Record<string, unknown>>;
}

export interface Target {
  name: string;
  tenantId: string;
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
  credential: CredentialRef;
  include: string[];
  exclude: string[];
  parameters: TargetParameters;
  /** Where each merged value came from (for positioned errors): keys like `include:0`, `tunable:<key>`. */
  origins: Map<string, PathSeg[]>;
}

export interface TargetsFile {
  file: string;
  targets: Target[];
  diagnostics: Diagnostic[];
  /** Position of a path in the file (for errors found later, e.g. against the content). */
  locate(path: PathSeg[]): Position;
}

const Ajv = (AjvModule as unknown as { default: typeof AjvModule }).default ?? AjvModule;
let validator: ValidateFunction | undefined;
function schema(): ValidateFunction {
  if (!validator) {
    const ajv = new (Ajv as unknown as new (o: object) => { compile: (s: object) => ValidateFunction })({ allErrors: true, strict: false, verbose: true });
    validator = ajv.compile(JSON.parse(readFileSync(join(TOOLS_DATA.schemas, 'targets', 'targets.schema.json'), 'utf8')));
  }
  return validator;
}

function pointerToPath(p: string): PathSeg[] {
  if (!p) return [];
  return p.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function schemaMessage(e: ErrorObject): string {
  const where = e.instancePath ? `'${pointerToPath(e.instancePath).join('.')}'` : 'document';
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': return `${where}: missing required field '${String(p.missingProperty)}'`;
    case 'additionalProperties': return `${where}: unknown field '${String(p.additionalProperty)}'`;
    case 'enum': return `${where}: must be one of ${(p.allowedValues as unknown[]).map((x) => JSON.stringify(x)).join(', ')}`;
    case 'pattern': return `${where}: '${String(e.data)}' does not match ${String(p.pattern)}`;
    case 'propertyNames': return `${where}: invalid key '${String(p.propertyName)}'`;
    default: return `${where}: ${e.message}`;
  }
}

/** Walk every scalar (and key) with its path, for the secret check. */
function walkScalars(node: Node | null | undefined, path: PathSeg[], visit: (path: PathSeg[], value: unknown, keyNode?: Node) => void): void {
  if (!node) return;
  if (isMap(node)) {
    for (const pair of node.items as Pair<Node, Node>[]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (isScalar(pair.value)) visit([...path, key], pair.value.value, pair.key ?? undefined);
      else walkScalars(pair.value, [...path, key], visit);
    }
  } else if (isSeq(node)) {
    node.items.forEach((it, i) => { if (isScalar(it)) visit([...path, i], it.value); else walkScalars(it as Node, [...path, i], visit); });
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Raw = Record<string, any>;

function mergeTarget(defaults: Raw, t: Raw, index: number): Target {
  const origins = new Map<string, PathSeg[]>();
  const tp: PathSeg[] = ['targets', index];
  const dp = defaults.parameters ?? {};
  const p = t.parameters ?? {};
  const pick = <T>(key: string): [T | undefined, PathSeg[]] =>
    t[key] !== undefined ? [t[key] as T, [...tp, key]] : [defaults[key] as T | undefined, ['defaults', key]];

  const [include, incPath] = pick<string[]>('include');
  const [exclude, excPath] = pick<string[]>('exclude');
  (include ?? []).forEach((_, i) => origins.set(`include:${i}`, [...incPath, i]));
  (exclude ?? []).forEach((_, i) => origins.set(`exclude:${i}`, [...excPath, i]));
  const [credText, credPath] = pick<string>('credential');
  origins.set('credential', credPath);

  const rules: [string, RuleOverride][] = [];
  for (const [src, base] of [[dp, ['defaults', 'parameters']], [p, [...tp, 'parameters']]] as [Raw, PathSeg[]][]) {
    for (const [k, v] of Object.entries((src.rules ?? {}) as Record<string, RuleOverride>)) {
      rules.push([k, v]);
      origins.set(`rule:${rules.length - 1}`, [...base, 'rules', k]);
    }
  }
  const tunables: Record<string, Scalar> = {};
  const watchlists: Record<string, WatchlistSpec> = {};
  const templates: Record<string, Record<string, unknown>> = {};
  for (const [src, base] of [[dp, ['defaults', 'parameters']], [p, [...tp, 'parameters']]] as [Raw, PathSeg[]][]) {
    for (const [k, v] of Object.entries((src.tunables ?? {}) as Record<string, Scalar>)) { tunables[k] = v; origins.set(`tunable:${k}`, [...base, 'tunables', k]); }
    for (const [k, v] of Object.entries((src.watchlists ?? {}) as Record<string, WatchlistSpec>)) { watchlists[k] = v; origins.set(`watchlist:${k}`, [...base, 'watchlists', k]); }
    for (const [item, params] of Object.entries((src.templates ?? {}) as Record<string, Record<string, unknown>>)) {
      templates[item] = { ...(templates[item] ?? {}), ...params };
      origins.set(`template:${item}`, [...base, 'templates', item]);
      for (const k of Object.keys(params)) origins.set(`template:${item}:${k}`, [...base, 'templates', item, k]);
    }
  }
  return {
    name: t.name, tenantId: t.tenantId, subscriptionId: t.subscriptionId, resourceGroup: t.resourceGroup, workspace: t.workspace,
    credential: parseCredentialRef(credText ?? 'default') ?? { kind: 'default' },
    include: include ?? [], exclude: exclude ?? [],
    parameters: { rules, tunables, watchlists, templates },
    origins,
  };
}

function locateKeyOrValue(yaml: YamlFile, path: PathSeg[]): Position {
  const last = path[path.length - 1];
  if (typeof last === 'string') {
    const parent = path.length > 1 ? yaml.node(path.slice(0, -1)) : (yaml.doc.contents as Node | null) ?? undefined;
    if (parent && isMap(parent)) {
      const pair = (parent.items as Pair<Node, Node>[]).find((it) => isScalar(it.key) && String(it.key.value) === last);
      const key = pair?.key as Node | undefined;
      if (key?.range) { const p = yaml.pos(key.range[0]); return { line: p.line, column: p.col }; }
    }
  }
  return yaml.locate(path);
}

export function loadTargets(fileArg: string | undefined, cwd = process.cwd()): TargetsFile {
  const file = resolve(cwd, fileArg ?? DEFAULT_TARGETS_FILE);
  if (!existsSync(file)) {
    return {
      file, targets: [], locate: () => ({ line: 0, column: 0 }),
      diagnostics: [diag(file, 0, 0, 'TGT000', `targets file not found${fileArg ? '' : ` (copy cdr.targets.example.yaml to ${DEFAULT_TARGETS_FILE}, or pass --targets FILE)`}`)],
    };
  }
  const yaml = new YamlFile(file, readFileSync(file, 'utf8'));
  // Errors about a map entry point at its key (`PasswordSpray.MinAcounts:`); errors about a value at the value.
  const locate = (path: PathSeg[]) => locateKeyOrValue(yaml, path);
  const locateValue = (path: PathSeg[]) => yaml.locate(path);
  const diagnostics: Diagnostic[] = [...yaml.parseErrors];
  if (yaml.data === undefined) return { file, targets: [], diagnostics, locate };

  // Secrets first: a value that looks like one is reported even when the schema also rejects its place.
  walkScalars(yaml.doc.contents as Node, [], (path, value) => {
    const key = path.length ? String(path[path.length - 1]) : '';
    if (typeof value === 'string' && value) {
      const hit = secretInValue(value);
      const pos = hit ? locateValue(path) : locate(path);
      if (hit) { diagnostics.push(diag(file, pos.line, pos.column, 'TGT002', `value looks like ${hit.description} (${hit.id}); secrets never go in the targets file: use credential: env:<PREFIX> and environment variables`)); return; }
      if (typeof path[path.length - 1] === 'string') {
        const k = secretKeyName(key);
        if (k) diagnostics.push(diag(file, pos.line, pos.column, 'TGT002', `'${key}' is ${k.description} (${k.id}); secrets never go in the targets file: use credential: env:<PREFIX> and environment variables`));
      }
    }
  });

  const v = schema();
  if (!v(yaml.data)) {
    const seen = new Set<string>();
    for (const e of v.errors ?? []) {
      if (e.keyword === 'if' || e.keyword === 'anyOf' || e.keyword === 'oneOf') continue;
      const path = pointerToPath(e.instancePath);
      if (e.keyword === 'additionalProperties') path.push(String((e.params as { additionalProperty: string }).additionalProperty));
      if (e.keyword === 'propertyNames') path.push(String((e.params as { propertyName: string }).propertyName));
      const pos = e.keyword === 'additionalProperties' || e.keyword === 'propertyNames' ? locate(path) : locateValue(path);
      const msg = schemaMessage(e);
      const k = `${pos.line}:${pos.column}:${msg}`;
      if (seen.has(k)) continue;
      seen.add(k);
      diagnostics.push(diag(file, pos.line, pos.column, 'TGT001', msg));
    }
    return { file, targets: [], diagnostics, locate };
  }

  const data = yaml.data as Raw;
  const targets = (data.targets as Raw[]).map((t, i) => mergeTarget(data.defaults ?? {}, t, i));
  const firstByName = new Map<string, number>();
  targets.forEach((t, i) => {
    const prev = firstByName.get(t.name);
    if (prev !== undefined) {
      const pos = locateValue(['targets', i, 'name']);
      diagnostics.push(diag(file, pos.line, pos.column, 'TGT003', `duplicate target name '${t.name}' (first at line ${locateValue(['targets', prev, 'name']).line})`));
    } else firstByName.set(t.name, i);
  });
  const byWorkspace = new Map<string, number>();
  targets.forEach((t, i) => {
    const key = `${t.subscriptionId}/${t.resourceGroup}/${t.workspace}`.toLowerCase();
    const prev = byWorkspace.get(key);
    if (prev !== undefined) {
      const pos = locateValue(['targets', i, 'workspace']);
      diagnostics.push(diag(file, pos.line, pos.column, 'TGT004', `target '${t.name}' points at the same workspace as '${targets[prev]!.name}'; two targets would fight over it`));
    } else byWorkspace.set(key, i);
  });
  return { file, targets, diagnostics, locate };
}
