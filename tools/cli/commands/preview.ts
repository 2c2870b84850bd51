import type { Command } from 'commander';
import { runPreview } from '../../preview/index.js';

const collect = (v: string, prev: string[]) => [...prev, v];

/** `cdr preview workbook <name>`: one self-contained HTML page of the workbook rendered from fixture tables. */
export function registerPreview(program: Command): void {
  const preview = program.command('preview').description('render content from fixture tables for a human to look at');
  preview
    .command('workbook <name>')
    .description('render every item of a workbook (tables, tiles, charts as inline SVG) from fixture tables into one HTML file')
    .requiredOption('--tables <dir>', 'fixture folder (table files as in test/fixtures/<scenario>); repeat for several', collect, [])
    .option('--param <name=value>', 'workbook parameter value (time ranges as 24h, 7d, 30d); repeat for several', collect, [])
    .option('--now <iso>', 'the pinned now (default: the latest TimeGenerated in the tables)')
    .option('--root <dir>', 'content root (default: the project)')
    .requiredOption('--output <file.html>', 'HTML file to write')
    .action(async (name: string, opts: { tables: string[]; param: string[]; now?: string; root?: string; output: string }) => {
      const params: Record<string, string> = {};
      for (const p of opts.param) {
        const i = p.indexOf('=');
        if (i <= 0) { process.stderr.write(`cdr preview: --param '${p}' must be name=value\n`); process.exitCode = 2; return; }
        params[p.slice(0, i)] = p.slice(i + 1);
      }
      try {
        const r = await runPreview({ root: opts.root, workbook: name, tables: opts.tables, params, now: opts.now, output: opts.output });
        const q = r.items.filter((i) => i.kind === 'query');
        for (const i of q.filter((x) => x.status !== 'ok')) process.stderr.write(`  ${i.name}: ${i.status}${i.error ? ` (${i.error})` : ''}\n`);
        process.stderr.write(`wrote ${opts.output}: ${r.items.length} item(s), ${q.filter((i) => i.status === 'ok').length}/${q.length} queries with data\n`);
        process.exitCode = q.some((i) => i.status === 'error') ? 1 : 0;
      } catch (e) { process.stderr.write(`cdr preview: ${(e as Error).message}\n`); process.exitCode = 1; }
    });
}
