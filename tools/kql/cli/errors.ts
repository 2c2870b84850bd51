/** Mapping any failure of a query run to the batch contract's error object. */
import { KqlError } from '../errors.js';

export type BatchErrorKind = 'syntax' | 'semantic' | 'unsupported' | 'runtime';
export interface BatchError { kind: BatchErrorKind; message: string }

/** Engine errors keep their kind; anything else (an engine bug, a value error) is a runtime error. */
export function toBatchError(e: unknown): BatchError {
  if (e instanceof KqlError) return { kind: e.kind, message: e.message };
  return { kind: 'runtime', message: e instanceof Error ? e.message : String(e) };
}
