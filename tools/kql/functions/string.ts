/** String functions: case, length, substrings, splitting, concatenation, regular expressions, URL and path parsing. */
import { lookupScalar, registerScalar } from '../registry.js';
import { S, str, arr, re } from './support.js';

registerScalar(
  S('tolower', 1, 1, (a, _c, t) => str(t[0]!, a[0]).toLowerCase(), { nullPropagates: false }),
  S('toupper', 1, 1, (a, _c, t) => str(t[0]!, a[0]).toUpperCase(), { nullPropagates: false }),
  S('strlen', 1, 1, (a, _c, t) => [...str(t[0]!, a[0])].length, { nullPropagates: false }),
  S('strcat', 1, 64, (a, _c, t) => a.map((v, i) => str(t[i]!, v)).join(''), { nullPropagates: false }),
  S('strcat_delim', 2, 64, (a, _c, t) => a.slice(1).map((v, i) => str(t[i + 1]!, v)).join(str(t[0]!, a[0])), { nullPropagates: false }),
  S('substring', 2, 3, (a, _c, t) => { const s = [...str(t[0]!, a[0])]; let st = Math.max(0, a[1] as number); const len = a[2] === undefined ? s.length : (a[2] as number); return s.slice(st, st + Math.max(0, len)).join(''); }),
  S('split', 2, 3, (a, _c, t) => { const parts = str(t[0]!, a[0]).split(str(t[1]!, a[1])); if (a.length > 2) { const i = a[2] as number; return i >= 0 && i < parts.length ? [parts[i]] : []; } return parts; }),
  S('replace_string', 3, 3, (a) => (a[0] as string).split(a[1] as string).join(a[2] as string)),
  S('trim', 2, 2, (a) => { const re = a[0] as string; return (a[1] as string).replace(new RegExp(`^(?:${re})+|(?:${re})+$`, 'g'), ''); }),
  S('strcat_array', 2, 2, (a, _c, t) => (arr(a[0]) ?? []).map((v) => (typeof v === 'string' ? v : v === null ? '' : JSON.stringify(v))).join(str(t[1]!, a[1]))),
  S('extract', 3, 4, (a, _c, t) => {
    const m = re(str(t[0]!, a[0])).exec(str(t[2]!, a[2]));
    const g = a[1] as number;
    if (!m || m[g] === undefined) return t[3] ? null : '';
    return m[g];
  }),
  S('extract_all', 2, 3, (a, _c, t) => {
    const pattern = str(t[0]!, a[0]);
    const text = str(t[t.length - 1]!, a[a.length - 1]);
    const groups = a.length === 3 ? (arr(a[1]) as number[]) : undefined;
    const out: unknown[] = [];
    for (const m of text.matchAll(re(pattern, 'g'))) {
      if (groups) out.push(groups.map((g) => m[g] ?? ''));
      else out.push(m.length > 2 ? m.slice(1) : m[1] ?? m[0]);
    }
    return out.length ? out : null;
  }),
  S('replace_regex', 3, 3, (a, _c, t) => str(t[0]!, a[0]).replace(re(str(t[1]!, a[1]), 'g'), str(t[2]!, a[2]).replace(/\\(\d)/g, '$$$1'))),
  S('indexof', 2, 5, (a, _c, t) => {
    const s = str(t[0]!, a[0]), x = str(t[1]!, a[1]);
    const start = (a[2] as number | undefined) ?? 0, len = (a[3] as number | undefined) ?? -1, occ = (a[4] as number | undefined) ?? 1;
    const hay = len < 0 ? s : s.slice(0, start + len);
    let at = start - 1;
    for (let i = 0; i < occ; i++) { at = hay.indexOf(x, at + 1); if (at < 0) return -1; }
    return at;
  }),
  S('countof', 2, 3, (a, _c, t) => {
    const s = str(t[0]!, a[0]), x = str(t[1]!, a[1]);
    if (a[2] === 'regex') return [...s.matchAll(re(x, 'g'))].length;
    if (!x) return 0;
    let n = 0, at = s.indexOf(x);
    while (at >= 0) { n++; at = s.indexOf(x, at + x.length); }
    return n;
  }),
  S('reverse', 1, 1, (a, _c, t) => [...str(t[0]!, a[0])].reverse().join(''), { nullPropagates: false }),
  S('trim_start', 2, 2, (a) => (a[1] as string).replace(re(`^(?:${a[0] as string})+`), '')),
  S('trim_end', 2, 2, (a) => (a[1] as string).replace(re(`(?:${a[0] as string})+$`), '')),
  S('strrep', 2, 3, (a, _c, t) => Array.from({ length: Math.max(0, a[1] as number) }, () => str(t[0]!, a[0])).join(a[2] === undefined ? '' : str(t[2]!, a[2]))),
  S('string_size', 1, 1, (a) => Buffer.byteLength(a[0] as string, 'utf8'), { nullPropagates: false }),
  S('regex_quote', 1, 1, (a) => (a[0] as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
  S('translate', 3, 3, (a) => {
    const from = [...(a[0] as string)], to = [...(a[1] as string)];
    return [...(a[2] as string)].map((ch) => { const i = from.indexOf(ch); return i < 0 ? ch : to.length ? (to[i] ?? to[to.length - 1]!) : ''; }).join('');
  }),
  S('replace_strings', 3, 3, (a) => {
    const lookups = (arr(a[1]) ?? []).map(String), repl = (arr(a[2]) ?? []).map(String);
    let out = '', s = a[0] as string, i = 0;
    while (i < s.length) {
      const k = lookups.findIndex((l) => l && s.startsWith(l, i));
      if (k >= 0) { out += repl[k] ?? ''; i += lookups[k]!.length; } else { out += s[i]; i++; }
    }
    return out;
  }),
  S('parse_url', 1, 1, (a) => {
    try {
      const u = new URL(a[0] as string);
      const q: Record<string, string> = {};
      u.searchParams.forEach((v, k) => { q[k] = v; });
      return { Scheme: u.protocol.replace(/:$/, ''), Host: u.hostname, Port: u.port, Path: u.pathname, Username: u.username, Password: u.password, 'Query Parameters': q, Fragment: u.hash.replace(/^#/, '') };
    } catch { return {}; }
  }),
  S('parse_path', 1, 1, (a) => {
    const p = a[0] as string;
    const sep = p.includes('\\') ? '\\' : '/';
    const i = p.lastIndexOf(sep);
    const file = p.slice(i + 1), dot = file.lastIndexOf('.');
    return { Scheme: '', RootPath: '', DirectoryPath: i >= 0 ? p.slice(0, i) : '', DirectoryName: i >= 0 ? p.slice(0, i).split(sep).pop() ?? '' : '', Filename: file, Extension: dot > 0 ? file.slice(dot + 1) : '', AlternateDataStreamName: '' };
  }),
  S('make_string', 1, 64, (a) => a.flatMap((v) => (Array.isArray(v) ? v : [v])).map((c) => String.fromCodePoint(Number(c))).join('')),
  S('format_bytes', 1, 3, (a) => {
    const units = ['Bytes', 'KB', 'MB', 'GB', 'TB', 'PB'];
    let v = a[0] as number, i = 0;
    const target = a[2] === undefined ? undefined : units.findIndex((u) => u.toLowerCase() === String(a[2]).toLowerCase());
    while (target === undefined ? Math.abs(v) >= 1024 && i < units.length - 1 : i < (target ?? 0)) { v /= 1024; i++; }
    const p = 10 ** ((a[1] as number | undefined) ?? 0);
    return `${Math.round(v * p) / p} ${units[i]}`;
  }),
);

// `replace(regex, rewrite, text)` is the deprecated form of replace_regex(text, regex, rewrite).
const replaceRegex = lookupScalar('replace_regex')!;
registerScalar({ ...replaceRegex, name: 'replace', aliases: [], kernel: (a, c, t, r) => replaceRegex.kernel([a[2], a[0], a[1]], c, [t[2]!, t[0]!, t[1]!], r) });
