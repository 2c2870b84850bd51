/**
 * YAML parsing that keeps positions, so every error can point at file:line:col.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { diag, type Diagnostic } from '../util/diagnostics.js';
import { readContentFile } from '../util/content-file.js';

export interface Position { line: number; column: number }
export type PathSeg = string | number;

export class YamlFile {
  readonly lines: LineCounter;
  readonly doc: Document.Parsed;
  readonly data: unknown;
  readonly parseErrors: Diagnostic[];

  /**
   * `expectMapping`, when given, names what the file must be (e.g. "an analytic rule"): an empty or comment-only
   * file, or one whose top level is a list or a scalar, is then an error at 1:1 saying so, and `data` is undefined.
   */
  constructor(public readonly file: string, public readonly text: string, expectMapping?: string, readError?: Diagnostic) {
    this.lines = new LineCounter();
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
    this.parseErrors = readError ? [readError] : [...this.doc.errors, ...this.doc.warnings].map((e) => {
      const p = e.linePos?.[0] ?? this.pos(e.pos[0]);
      return diag(file, p.line, p.col, e.name === 'YAMLWarning' ? 'YAML002' : 'YAML001', e.message.split('\n')[0]!,
        e.name === 'YAMLWarning' ? 'warning' : 'error');
    });
    if (expectMapping && !this.parseErrors.some((d) => d.severity === 'error')) {
      const top = this.doc.contents;
      const found = top === null || (isScalar(top) && top.value === null) ? (text.trim() === '' ? 'the file is empty' : 'the file has no content (only comments or blank lines)')
        : isSeq(top) ? 'the top level is a list' : isMap(top) ? undefined : 'the top level is a single value';
      if (found) this.parseErrors.push(diag(file, 1, 1, 'LOAD007', `${found}: expected ${expectMapping}, a YAML mapping of fields`));
    }
    this.data = this.parseErrors.some((d) => d.severity === 'error') ? undefined : this.doc.toJS();
  }

  /** Read and parse a content file; a file that cannot be read as UTF-8 text yields a YamlFile whose only error says why. */
  static read(file: string, expectMapping: string, root?: string): YamlFile {
    const r = readContentFile(file, expectMapping, root);
    return r.error ? new YamlFile(file, '', expectMapping, r.error) : new YamlFile(file, r.text, expectMapping);
  }

  /** 1-based line/column of a character offset. */
  pos(offset: number): { line: number; col: number; column: number } {
    const p = this.lines.linePos(offset);
    return { line: p.line, col: p.col, column: p.col };
  }

  /** The node at a path (keys and indexes), or undefined. */
  node(path: PathSeg[]): Node | undefined {
    const n = this.doc.getIn(path, true) as Node | undefined;
    return n && typeof n === 'object' ? n : undefined;
  }

  /** Position of the value at `path`; falls back to its key, then to the nearest existing parent. */
  locate(path: PathSeg[]): Position {
    for (let k = path.length; k >= 0; k--) {
      const sub = path.slice(0, k);
      const n = sub.length ? this.node(sub) : (this.doc.contents as Node | null) ?? undefined;
      // An empty value (`key:`) has a zero-width node after the colon: point at the key instead.
      const empty = n && isScalar(n) && n.value === null && n.range && n.range[0] === n.range[1];
      if (n?.range && !empty) {
        const p = this.pos(n.range[0]);
        return { line: p.line, column: p.col };
      }
      // A key whose value is null has no node; point at the key.
      if (k > 0) {
        const parent = k > 1 ? this.node(path.slice(0, k - 1)) : this.doc.contents;
        if (parent && isMap(parent)) {
          const pair = parent.items.find((it) => isScalar(it.key) && it.key.value === path[k - 1]);
          const key = pair?.key as Node | undefined;
          if (key?.range) { const p = this.pos(key.range[0]); return { line: p.line, column: p.col }; }
        }
      }
    }
    return { line: 1, column: 1 };
  }

  /**
   * Maps an offset inside the string value at `path` (e.g. a KQL query) back to the file.
   * Exact for block scalars (`query: |`), which is how Sentinel content writes queries; for plain or quoted
   * scalars the line is exact for single-line values and the column is offset from the value start.
   */
  locateInString(path: PathSeg[], offset: number): Position {
    const n = this.node(path);
    if (!n || !isScalar(n) || !n.range || typeof n.value !== 'string') return this.locate(path);
    const value = n.value;
    const before = value.slice(0, offset);
    const lineInValue = (before.match(/\n/g) ?? []).length;
    const colInValue = offset - (before.lastIndexOf('\n') + 1);
    const start = n.range[0];
    const startPos = this.pos(start);
    if (n.type === 'BLOCK_LITERAL' || n.type === 'BLOCK_FOLDED') {
      // Content begins on the line after the header; its indentation is that of the first non-empty line.
      const srcLines = this.text.split('\n');
      let first = startPos.line; // 1-based line of header -> content starts at index first (0-based)
      while (first < srcLines.length && srcLines[first]!.trim() === '') first++;
      const indent = (srcLines[first] ?? '').length - (srcLines[first] ?? '').trimStart().length;
      // Count value lines from the first content line (leading blank lines of the value are kept by YAML).
      const leadingBlank = first - startPos.line;
      return { line: startPos.line + 1 + lineInValue + Math.max(0, leadingBlank - (value.match(/^\n*/)?.[0].length ?? 0)), column: indent + colInValue + 1 };
    }
    const quote = n.type === 'QUOTE_DOUBLE' || n.type === 'QUOTE_SINGLE' ? 1 : 0;
    return lineInValue === 0
      ? { line: startPos.line, column: startPos.col + quote + colInValue }
      : { line: startPos.line + lineInValue, column: colInValue + 1 };
  }
}

export { isMap, isScalar, isSeq };
