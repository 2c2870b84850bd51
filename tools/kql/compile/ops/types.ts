import type { Table } from '../../types.js';
import type { Env, RunState } from '../env.js';
import type { Node } from '../syntax.js';

/** A tabular operator: `input` is undefined for source operators (print, range, union at the start). */
export type OperatorFn = (op: Node, input: Table | undefined, env: Env, st: RunState, pipe: Node) => Table;
