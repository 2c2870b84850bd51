import { relative } from 'node:path';

export type Severity = 'error' | 'warning' | 'note';

/** One problem found in a file. Positions are 1-based; 0 means "no position". */
export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  severity: Severity;
  code: string;
  message: string;
}

export function diag(file: string, line: number, column: number, code: string, message: string, severity: Severity = 'error'): Diagnostic {
  return { file, line, column, severity, code, message };
}

/** Thrown when a stage must stop; carries every problem found so far. */
export class DiagnosticsError extends Error {
  constructor(public readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => formatDiagnostic(d)).join('\n'));
    this.name = 'DiagnosticsError';
  }
}

export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || a.code.localeCompare(b.code));
}

export function displayPath(file: string, cwd = process.cwd()): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') ? rel : file;
}

/** `file:line:col: error CODE: message` (the compiler convention editors and CI annotate). */
export function formatDiagnostic(d: Diagnostic, cwd = process.cwd()): string {
  return `${displayPath(d.file, cwd)}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}`;
}

export function formatText(list: Diagnostic[], cwd = process.cwd()): string {
  return sortDiagnostics(list).map((d) => formatDiagnostic(d, cwd)).join('\n');
}

export function formatJson(list: Diagnostic[], cwd = process.cwd()): string {
  return JSON.stringify(sortDiagnostics(list).map((d) => ({ ...d, file: displayPath(d.file, cwd) })), null, 2);
}

/** SARIF 2.1.0, the format GitHub code scanning and Azure DevOps annotate from. */
export function formatSarif(list: Diagnostic[], toolName = 'cdr', cwd = process.cwd()): string {
  const sorted = sortDiagnostics(list);
  const ruleIds = [...new Set(sorted.map((d) => d.code))].sort();
  const level = (s: Severity) => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note');
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: toolName, informationUri: 'https://github.com/', rules: ruleIds.map((id) => ({ id })) } },
      results: sorted.map((d) => ({
        ruleId: d.code,
        level: level(d.severity),
        message: { text: d.message },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: displayPath(d.file, cwd).split('\\').join('/') },
            ...(d.line > 0 ? { region: { startLine: d.line, startColumn: Math.max(1, d.column) } } : {}),
          },
        }],
      })),
    }],
  };
  return JSON.stringify(sarif, null, 2);
}

export type OutputFormat = 'text' | 'json' | 'sarif';
export function formatDiagnostics(list: Diagnostic[], format: OutputFormat): string {
  return format === 'json' ? formatJson(list) : format === 'sarif' ? formatSarif(list) : formatText(list);
}
