/** The embedded KQL engine: public entry point. */
export { KqlEngine, nowToTicks } from './engine.js';
export type { KqlEngineApi, QueryResult, RunOptions } from './api.js';
export { KqlError, KqlSyntaxError, KqlSemanticError, KqlUnsupportedError, KqlRuntimeError } from './errors.js';
export type { ColumnSchema, KqlType, Table } from './types.js';
export { fromWire, toWire } from './values.js';
