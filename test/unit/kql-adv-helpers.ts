/** Shared helper of the kql-adv-* tests: run a query on a fresh engine, columns as `name:type`. */
import { KqlEngine } from '../../tools/kql/index.js';

export const NOW = '2026-01-01T00:00:00Z';

export function run(query: string, setup?: (e: KqlEngine) => void): { cols: string[]; rows: unknown[][]; engine: KqlEngine } {
  const engine = new KqlEngine();
  setup?.(engine);
  const r = engine.run(query, { now: NOW });
  return { cols: r.columns.map((c) => `${c.name}:${c.type}`), rows: r.rows, engine };
}

/** The error a query throws (fails the test if it does not throw). */
export function errorOf(query: string, setup?: (e: KqlEngine) => void): { kind: string; message: string } {
  try {
    run(query, setup);
  } catch (e) {
    return { kind: (e as { kind?: string }).kind ?? 'none', message: (e as Error).message };
  }
  throw new Error(`expected an error from: ${query}`);
}
