/**
 * Reads the KQL reference's Markdown pages: fenced `kusto` code blocks and the result table documented after each
 * one (the "**Output**" table). Only the Markdown shapes the reference uses are handled: pipe tables with a
 * `|--|` separator row, `<br>` line breaks and HTML entities inside cells, backslash escapes of Markdown characters.
 */

export interface DocExample {
  /** 1-based line of the code block's opening fence. */
  line: number;
  query: string;
  /** The section heading the example sits under (for the report). */
  heading: string;
  /** The documented result: header cells and body rows as cell text, or undefined when none is documented. */
  output?: { columns: string[]; rows: string[][] };
}

const FENCE_OPEN = /^\s*```\s*(kusto|kql)\s*$/i;
const FENCE_ANY = /^\s*```/;
const HEADING = /^\s*(#{1,6})\s+(.*)$/;
const TABLE_SEPARATOR = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;

/** The cell texts of one table row (`| a | b |`); escaped pipes stay inside their cell. */
export function splitRow(line: string): string[] {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
  const cells: string[] = [];
  let cur = '';
  let inCode = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '\\' && s[i + 1] === '|') { cur += '|'; i++; continue; }
    if (ch === '`') inCode = !inCode;
    if (ch === '|' && !inCode) { cells.push(cur); cur = ''; continue; }
    cur += ch;
  }
  cells.push(cur);
  return cells.map(cleanCell);
}

const ENTITIES: Record<string, string> = { '&nbsp;': ' ', '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&#39;': "'", '&apos;': "'", '&#124;': '|' };

/** Cell text as the value it shows: HTML line breaks and entities decoded, code ticks and Markdown escapes removed. */
export function cleanCell(raw: string): string {
  let s = raw.replace(/<br\s*\/?>/gi, '\n');
  s = s.replace(/&(nbsp|lt|gt|amp|quot|apos|#39|#124);/g, (m) => ENTITIES[m] ?? m);
  s = s.trim();
  // A whole cell in backticks (`value`) or bold (**value**) shows the value itself.
  const code = /^`+([\s\S]*?)`+$/.exec(s);
  if (code) s = code[1]!;
  const bold = /^\*\*([\s\S]*)\*\*$/.exec(s);
  if (bold) s = bold[1]!;
  // Markdown escapes of punctuation (\*, \_, \[, \\ ...) show the character.
  if (!code) s = s.replace(/\\([\\`*_{}[\]()#+\-.!<>~|])/g, '$1');
  return s.trim();
}

function readTable(lines: string[], from: number): { columns: string[]; rows: string[][]; end: number } | undefined {
  let i = from;
  if (!lines[i]?.includes('|') || !TABLE_SEPARATOR.test(lines[i + 1] ?? '')) return undefined;
  const columns = splitRow(lines[i]!);
  i += 2;
  const rows: string[][] = [];
  while (i < lines.length && lines[i]!.trim().startsWith('|')) {
    const cells = splitRow(lines[i]!);
    while (cells.length < columns.length) cells.push('');
    rows.push(cells.slice(0, Math.max(columns.length, 1)));
    i++;
  }
  return { columns, rows, end: i };
}

/** Every fenced kusto block of a page with the result table that follows it (before the next code block or heading). */
export function examplesOf(markdown: string): DocExample[] {
  const lines = markdown.split(/\r?\n/);
  const out: DocExample[] = [];
  let heading = '';
  for (let i = 0; i < lines.length; i++) {
    const h = HEADING.exec(lines[i]!);
    if (h) { heading = h[2]!.trim(); continue; }
    if (!FENCE_OPEN.test(lines[i]!)) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !FENCE_ANY.test(lines[i]!); i++) body.push(lines[i]!);
    const ex: DocExample = { line: start + 1, query: body.join('\n').trim(), heading };
    // The documented result: the first table after the block, unless another code block or a heading comes first.
    for (let j = i + 1; j < lines.length; j++) {
      const l = lines[j]!;
      if (FENCE_ANY.test(l) || HEADING.test(l)) break;
      const t = readTable(lines, j);
      if (t) { ex.output = { columns: t.columns, rows: t.rows }; break; }
    }
    out.push(ex);
  }
  return out;
}

/** The YAML front matter's title, if any. */
export function titleOf(markdown: string): string {
  const m = /^---\s*\n([\s\S]*?)\n---/.exec(markdown);
  const t = m ? /^title:\s*(.*)$/m.exec(m[1]!) : null;
  return t ? t[1]!.trim().replace(/^['"]|['"]$/g, '') : '';
}

/**
 * Page -> family from the reference's own index pages: "scalar-functions.md" groups the function pages under
 * `## <Category> functions` headings, "aggregation-functions.md" lists the aggregates.
 */
export function familiesFromIndex(indexMarkdown: string, family: (heading: string) => string): Map<string, string> {
  const out = new Map<string, string>();
  let current = '';
  for (const line of indexMarkdown.split(/\r?\n/)) {
    const h = HEADING.exec(line);
    if (h) { current = family(h[2]!.trim()); continue; }
    if (!current) continue;
    for (const m of line.matchAll(/\]\(([a-z0-9-]+\.md)\)/g)) if (!out.has(m[1]!)) out.set(m[1]!, current);
  }
  return out;
}
