/**
 * Syntax errors of a parsed query, reported the way a reader needs them: when the parser reports syntax errors the
 * binder's errors are follow-ons (a missing `)` makes the rest of the query look like unknown names), so callers
 * report these alone. A missing closing bracket is reported at the bracket left open, not where the parser gave up
 * (which can be many lines later), and the message says where the parser noticed.
 */
import { kusto, toArray } from './language.js';

export interface SyntaxProblem { code: string; message: string; start: number; length: number }

const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Node = any;

/** Zero-width tokens the parser inserted for missing closing brackets: offset where it noticed -> the opening token's offset. */
function unclosedBrackets(root: Node): Map<number, { open: string; at: number }[]> {
  const out = new Map<number, { open: string; at: number }[]>();
  const walk = (n: Node) => {
    if (!n) return;
    if (n.IsToken) {
      const close = String(n.Text ?? '');
      if (n.IsMissing && n.Parent) {
        // The missing token's own text is empty; its kind's text is the bracket it stands for.
        const kindText = tokenText(n) || close;
        const open = CLOSERS[kindText];
        if (open) {
          const p = n.Parent;
          for (let i = 0; i < p.ChildCount; i++) {
            const c = p.GetChild(i);
            if (c && c.IsToken && String(c.Text) === open) {
              const list = out.get(Number(n.TextStart)) ?? [];
              list.push({ open, at: Number(c.TextStart) });
              out.set(Number(n.TextStart), list);
              break;
            }
          }
        }
      }
      return;
    }
    for (let i = 0; i < n.ChildCount; i++) walk(n.GetChild(i));
  };
  walk(root);
  return out;
}

/** The fixed text of a token kind (e.g. ')' for CloseParenToken), from Kusto.Language's SyntaxFacts. */
function tokenText(t: Node): string {
  try { return String(kusto().Syntax.SyntaxFacts.GetText(t.Kind) ?? ''); } catch { return ''; }
}

/** The syntax errors of `code` (a KustoCode), unclosed brackets moved to the bracket left open. */
export function syntaxErrors(code: Node, query: string): SyntaxProblem[] {
  const diags = toArray(code.GetSyntaxDiagnostics()).filter((d: Node) => String(d.Severity).toLowerCase() === 'error');
  if (!diags.length) return [];
  const unclosed = unclosedBrackets(code.Syntax);
  const used = new Set<string>();
  return diags.map((d: Node) => {
    const start = Number(d.Start), message = String(d.Message), codeId = String(d.Code);
    const m = /^Expected:\s*([)\]}])$/.exec(message.trim());
    const candidates = m ? unclosed.get(start)?.filter((c) => c.open === CLOSERS[m[1]!] && !used.has(`${c.at}`)) : undefined;
    if (m && candidates?.length) {
      const open = candidates[candidates.length - 1]!;
      used.add(`${open.at}`);
      const noticed = lineCol(query, start);
      return { code: codeId, start: open.at, length: 1, message: `'${open.open}' is never closed: expected '${m[1]}' (the parser noticed at line ${noticed.line}, column ${noticed.column} of the query)` };
    }
    return { code: codeId, start, length: Number(d.Length), message };
  });
}

function lineCol(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: (before.match(/\n/g) ?? []).length + 1, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}
