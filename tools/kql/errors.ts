/** Typed engine errors. Positions are 0-based offsets into the query text plus 1-based line/column. */
export interface QueryPosition { offset: number; line: number; column: number; /** Set when the position is inside a database function's body (e.g. `function CDR_ArmOperations`). */ source?: string }

export class KqlError extends Error {
  constructor(message: string, public readonly kind: 'syntax' | 'semantic' | 'unsupported' | 'runtime', public readonly position?: QueryPosition) {
    super(position ? `${message} (at line ${position.line}, column ${position.column}${position.source ? ` of ${position.source}` : ''})` : message);
    this.name = 'KqlError';
  }
}
export class KqlSyntaxError extends KqlError {
  constructor(message: string, position?: QueryPosition) { super(message, 'syntax', position); this.name = 'KqlSyntaxError'; }
}
export class KqlSemanticError extends KqlError {
  constructor(message: string, position?: QueryPosition) { super(message, 'semantic', position); this.name = 'KqlSemanticError'; }
}
/** A valid KQL feature this engine does not implement: names the operator/function and where it is. */
export class KqlUnsupportedError extends KqlError {
  constructor(public readonly feature: string, position?: QueryPosition, public readonly detail?: string) {
    super(`unsupported KQL: ${feature}${detail ? ` (${detail})` : ''}`, 'unsupported', position);
    this.name = 'KqlUnsupportedError';
  }
}
export class KqlRuntimeError extends KqlError {
  constructor(message: string, position?: QueryPosition) { super(message, 'runtime', position); this.name = 'KqlRuntimeError'; }
}

export function positionAt(text: string, offset: number): QueryPosition {
  let line = 1, col = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') { line++; col = 1; } else col++;
  }
  return { offset, line, column: col };
}
