/** The bench's closing table (markdown, so it can be pasted into docs/bench.md as measured). */
export interface ShapeResult {
  shape: string;
  rows: number;
  oursMs: number;
  refMs: number;
  ourRows: number;
  refRows: number;
  /** Raw size of the tables the shape reads (see rawSizeBytes). */
  rawBytes: number;
  memory?: { peakBytes: number; dataBytes: number; queryPeakBytes?: number };
}

const MB = 1024 * 1024;

export function formatTable(results: ShapeResult[]): string {
  const lines = [
    '| shape | rows | ours (s) | DuckDB (s) | ratio | peak memory (MB) | raw data (MB) | peak / raw | query peak heap (MB) | query peak / raw | result rows |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    const q = r.memory?.queryPeakBytes;
    const queryMem = q === undefined ? ['-', '-'] : [(q / MB).toFixed(0), (q / r.rawBytes).toFixed(2)];
    const mem = [...(r.memory ? [(r.memory.peakBytes / MB).toFixed(0), (r.rawBytes / MB).toFixed(0), (r.memory.peakBytes / r.rawBytes).toFixed(2)] : ['-', (r.rawBytes / MB).toFixed(0), '-']), ...queryMem];
    lines.push(`| ${r.shape} | ${r.rows} | ${(r.oursMs / 1000).toFixed(2)} | ${(r.refMs / 1000).toFixed(3)} | ${(r.oursMs / r.refMs).toFixed(1)}x | ${mem.join(' | ')} | ${r.ourRows}${r.ourRows === r.refRows ? '' : ` (DuckDB ${r.refRows})`} |`);
  }
  return lines.join('\n');
}
