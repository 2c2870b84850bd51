/**
 * `cdr deploy` / `cdr drift`: for each target of the targets file, compare the desired state (the built content with
 * the target's parameters) with its workspace, then (deploy) create or update what differs, and with --prune delete
 * orphaned items. Targets run in parallel up to --concurrency; a target's items run in dependency order. A failing
 * target is reported and the others continue.
 */
import { buildCatalog, type Catalog } from './catalog.js';
import { desiredState, LEVEL, type DesiredItem } from './desired.js';
import { planTarget, type PlannedItem } from './plan.js';
import { applyItem } from './apply.js';
import { readWorkspace, TargetClients } from './workspace.js';
import { loadTargets, type Target, type TargetsFile } from '../targets/index.js';
import { armErrorInfo, resolveAzureSettings, AzureConfigError, type AzureSettings } from '../azure/index.js';
import { diag, type Diagnostic } from '../util/diagnostics.js';

export type { PlannedItem, Action } from './plan.js';
export { TUNABLES_WATCHLIST } from './desired.js';

export interface FleetOptions {
  mode: 'plan' | 'deploy';
  targetsFile?: string;
  /** --target NAME (repeatable); all targets when empty. */
  targetNames?: string[];
  prune?: boolean;
  concurrency?: number;
  root?: string;
  armEndpoint?: string;
  env?: NodeJS.ProcessEnv;
  /** Called when a target finishes (progress). */
  onTargetDone?: (r: TargetResult) => void;
}

export interface TargetResult { name: string; target: Target; items: PlannedItem[]; error: string | null }

export interface FleetResult {
  /** Problems found before touching Azure (targets file, content, configuration): nothing was read or written. */
  diagnostics: Diagnostic[];
  targets: TargetResult[];
  catalog?: Catalog;
  targetsFile?: TargetsFile;
}

/** Runs `fn` over `inputs` with at most `limit` in flight, keeping result order. */
export async function mapPool<T, R>(inputs: T[], limit: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(inputs.length);
  let next = 0;
  const worker = async () => { while (next < inputs.length) { const i = next++; results[i] = await fn(inputs[i]!); } };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, inputs.length)) }, worker));
  return results;
}

async function runTarget(settings: AzureSettings, catalog: Catalog, target: Target, desired: DesiredItem[], opts: FleetOptions): Promise<TargetResult> {
  const result: TargetResult = { name: target.name, target, items: [], error: null };
  try {
    const clients = new TargetClients(settings, target);
    const state = await readWorkspace(clients);
    result.items = await planTarget(clients, target, desired, state, catalog);
    if (opts.mode === 'deploy') {
      const ctx = { clients, solution: catalog.solution, prune: Boolean(opts.prune) };
      // Desired items in dependency order (plan order), then orphans in reverse order (dependents first).
      for (const p of result.items) if (p.action !== 'orphaned') await applyItem(ctx, p);
      const orphans = result.items.filter((p) => p.action === 'orphaned').sort((a, b) => LEVEL[b.kind] - LEVEL[a.kind]);
      for (const p of orphans) await applyItem(ctx, p);
    }
    const errs = result.items.filter((p) => p.error).map((p) => p.error!);
    if (errs.length) result.error = `${errs.length} item(s) failed: ${[...new Set(errs)].join('; ')}`;
  } catch (e) {
    const info = armErrorInfo(e);
    result.error = e instanceof AzureConfigError ? e.message : `${info.status ? `${info.status} ` : ''}${info.code && info.code !== String(info.status) ? `${info.code}: ` : ''}${info.message}`;
  }
  opts.onTargetDone?.(result);
  return result;
}

export async function runFleet(opts: FleetOptions): Promise<FleetResult> {
  const targetsFile = loadTargets(opts.targetsFile);
  const diagnostics: Diagnostic[] = [...targetsFile.diagnostics];
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics, targets: [], targetsFile };

  let targets = targetsFile.targets;
  if (opts.targetNames?.length) {
    for (const n of opts.targetNames) if (!targets.some((t) => t.name === n)) diagnostics.push(diag(targetsFile.file, 0, 0, 'TGT005', `--target ${n}: no such target (have ${targets.map((t) => t.name).join(', ')})`));
    targets = targets.filter((t) => opts.targetNames!.includes(t.name));
  }
  // Configuration first: a broken environment fails before the content is even loaded.
  let settings: AzureSettings | undefined;
  try { settings = resolveAzureSettings({ armEndpoint: opts.armEndpoint, env: opts.env }); } catch (e) {
    if (!(e instanceof AzureConfigError)) throw e;
    diagnostics.push(diag('(environment)', 0, 0, 'AZURE001', e.message));
    return { diagnostics, targets: [], targetsFile };
  }
  const catalog = buildCatalog(opts.root);
  diagnostics.push(...catalog.diagnostics);
  const desired = new Map<Target, DesiredItem[]>();
  for (const t of targets) {
    const d = desiredState(catalog, t, targetsFile);
    diagnostics.push(...d.diagnostics);
    desired.set(t, d.items);
  }
  if (diagnostics.some((d) => d.severity === 'error') || !settings) return { diagnostics, targets: [], catalog, targetsFile };

  const s = settings;
  const results = await mapPool(targets, opts.concurrency ?? 4, (t) => runTarget(s, catalog, t, desired.get(t)!, opts));
  return { diagnostics, targets: results, catalog, targetsFile };
}
