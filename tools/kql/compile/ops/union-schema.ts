/**
 * The output columns of union (and search over several tables): one column per name, except a name the legs give
 * different types, which becomes one column per type named `<name>_<type>` (union-operator.md). A generated name
 * never takes the name of a column some leg really has: that one keeps its name and the generated one gets a
 * number (`x_long1` beside a leg's own `x_long`, the reference's own example), so the two are never merged.
 * Columns appear in the order their name is first seen, a name's type variants together.
 */
import type { ColumnSchema, KqlType, Table } from '../../types.js';

export interface UnionLayout {
  columns: ColumnSchema[];
  /** For each leg, for each of its columns: the output column it fills. */
  slots: number[][];
  /** True when some name had several types (the binder names those differently from Kusto). */
  renamed: boolean;
}

export function unionLayout(legs: Table[], reserved: string[] = []): UnionLayout {
  const groups = new Map<string, KqlType[]>();
  for (const t of legs) for (const c of t.columns) {
    const types = groups.get(c.name);
    if (!types) groups.set(c.name, [c.type]);
    else if (!types.includes(c.type)) types.push(c.type);
  }
  const taken = new Set<string>(reserved);
  for (const [name, types] of groups) if (types.length === 1) taken.add(name);
  const columns: ColumnSchema[] = [];
  const at = new Map<string, number>(); // `${name}\u0000${type}` -> output column
  let renamed = false;
  for (const [name, types] of groups) {
    for (const type of types) {
      let out = name;
      if (types.length > 1) {
        renamed = true;
        const base = `${name}_${type}`;
        out = base;
        for (let k = 1; taken.has(out); k++) out = `${base}${k}`;
        taken.add(out);
      }
      at.set(`${name}\u0000${type}`, columns.length);
      columns.push({ name: out, type });
    }
  }
  const slots = legs.map((t) => t.columns.map((c) => at.get(`${c.name}\u0000${c.type}`)!));
  return { columns, slots, renamed };
}
