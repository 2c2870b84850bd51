/**
 * An emitted JSON file (ARM template, createUiDefinition, parameters file) as it will be written: its path, the
 * serialised text and the parsed value. Findings of the checks carry a JSON path; `toDiagnostics` turns them into
 * `file:line:col` diagnostics that point into the emitted text (positions are computed only when needed).
 */
import { YamlFile, type PathSeg } from '../../content/yaml-doc.js';
import { diag, type Diagnostic, type Severity } from '../../util/diagnostics.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Finding { check: string; path: PathSeg[]; message: string; severity?: Severity }

export class EmittedFile {
  private located: YamlFile | undefined;
  constructor(public readonly file: string, public readonly text: string, public readonly json: Json) {}
  static of(file: string, json: Json): EmittedFile { return new EmittedFile(file, serialise(json), JSON.parse(serialise(json))); }
  locate(path: PathSeg[]): { line: number; column: number } {
    this.located ??= new YamlFile(this.file, this.text);
    return this.located.locate(path);
  }
  toDiagnostics(findings: Finding[]): Diagnostic[] {
    return findings.map((f) => { const p = this.locate(f.path); return diag(this.file, p.line, p.column, f.check, f.message, f.severity ?? 'error'); });
  }
}

/** The one serialisation of every emitted JSON file: two-space indent, trailing newline (byte-identical builds). */
export const serialise = (v: unknown): string => JSON.stringify(v, null, 2) + '\n';

/** `resources[3].properties.mainTemplate` for messages. */
export function pathText(path: PathSeg[]): string {
  return path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : String(p)), '') || '(root)';
}
