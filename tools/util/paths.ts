import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project root: the nearest folder above this module holding package.json.
 * Works both from sources (tools/util) and from the compiled tree (dist/tools/util).
 */
function findProjectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'tools'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cdr: cannot locate the project root (no package.json above tools/)');
    dir = parent;
  }
}

export const PROJECT_ROOT = findProjectRoot();

/** Data shipped with the tooling (schemas, templates) always comes from the project, never from ../shared. */
export const TOOLS_DATA = {
  schemas: join(PROJECT_ROOT, 'tools', 'schemas'),
  tableSchemas: join(PROJECT_ROOT, 'tools', 'schemas', 'tables'),
  tableBundle: join(PROJECT_ROOT, 'tools', 'schemas', 'log-analytics-tables.json'),
  functionDecls: join(PROJECT_ROOT, 'tools', 'schemas', 'functions'),
  sentinelData: join(PROJECT_ROOT, 'tools', 'schemas', 'sentinel'),
  templates: join(PROJECT_ROOT, 'tools', 'templates'),
};

/** Content folders, relative to a content root (the project root by default, or a user's solution folder). */
export function contentLayout(root: string = PROJECT_ROOT) {
  const r = resolve(root);
  return {
    root: r,
    analyticRules: join(r, 'Analytic Rules'),
    huntingQueries: join(r, 'Hunting Queries'),
    parsers: join(r, 'Parsers'),
    workbooks: join(r, 'Workbooks'),
    playbooks: join(r, 'Playbooks'),
    summaryRules: join(r, 'Summary Rules'),
    solution: join(r, 'Solution'),
    solutionData: join(r, 'Solution', 'Data'),
    package: join(r, 'Solution', 'Package'),
    tests: join(r, 'test', 'rules'),
    fixtures: join(r, 'test', 'fixtures'),
    customTables: join(r, 'Solution', 'CustomTables'),
  };
}
export type ContentLayout = ReturnType<typeof contentLayout>;
