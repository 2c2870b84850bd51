/** RFC 4180 style delimited text (CSV / TSV): quoted fields, doubled quotes, CRLF or LF. */
export function parseDelimited(text: string, sep: string, backslashEscapes = false): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], field = '', i = 0, quoted = false;
  const n = text.length;
  while (i < n) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
        quoted = false; i++; continue;
      }
      field += ch; i++; continue;
    }
    if (ch === '"' && field === '') { quoted = true; i++; continue; }
    if (backslashEscapes && ch === '\\' && i + 1 < n) {
      const nx = text[i + 1]!;
      field += nx === 't' ? '\t' : nx === 'n' ? '\n' : nx === 'r' ? '\r' : nx;
      i += 2; continue;
    }
    if (ch === sep) { row.push(field); field = ''; i++; continue; }
    if (ch === '\r' && text[i + 1] === '\n') i++;
    if (ch === '\n' || ch === '\r') { row.push(field); rows.push(row); row = []; field = ''; i++; continue; }
    field += ch; i++;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}
