/** String functions: case, length, substrings, splitting, concatenation, regular expressions, URL and path parsing. */
import { lookupScalar, registerScalar, scalar, type Call } from '../registry.js';
import { arr, re, str } from './support.js';
import { indexOfOccurrence } from './search-window.js';

const BYTE_UNITS = ['Bytes', 'KB', 'MB', 'GB', 'TB', 'PB'];

registerScalar(
  scalar('tolower(value: string): string', function tolower(value: string) { return value.toLowerCase(); }, { nulls: 'handled' }),
  scalar('toupper(value: string): string', function toupper(value: string) { return value.toUpperCase(); }, { nulls: 'handled' }),
  scalar('strlen(string: string): long', function strlen(text: string) { return [...text].length; }, { nulls: 'handled' }),
  scalar('strcat(arg: string...): string', function strcat(args: string[]) { return args.join(''); }, { nulls: 'handled' }),
  scalar('strcat_delim(delimiter: string, arg: string...): string', function strcatDelim(delimiter: string, args: string[]) { return args.join(delimiter); }, { nulls: 'handled' }),
  scalar('substring(string: string, start: integer, length?: integer): string', function substring(text: string, start: number, length: number | undefined) {
    const chars = [...text];
    const from = Math.max(0, start);
    const len = length === undefined ? chars.length : length;
    return chars.slice(from, from + Math.max(0, len)).join('');
  }),
  scalar('split(source: string, delimiter: string, requestedIndex?: integer): dynamic', function split(source: string, delimiter: string, requestedIndex: number | undefined) {
    const parts = source.split(delimiter);
    if (requestedIndex !== undefined) return requestedIndex >= 0 && requestedIndex < parts.length ? [parts[requestedIndex]] : [];
    return parts;
  }),
  scalar('replace_string(text: string, lookup: string, rewrite: string): string', function replaceString(text: string, lookup: string, rewrite: string) {
    return text.split(lookup).join(rewrite);
  }),
  scalar('trim(regex: string, source: string): string', function trim(regex: string, source: string) {
    return source.replace(re(`^(?:${regex})+|(?:${regex})+$`, 'g'), '');
  }),
  scalar('strcat_array(array: array, delimiter: string): string', function strcatArray(array: unknown, delimiter: string) {
    return (arr(array) ?? []).map((v) => (typeof v === 'string' ? v : v === null ? '' : JSON.stringify(v))).join(delimiter);
  }),
  scalar('extract(regex: string, captureGroup: long, source: string, typeLiteral?: string): string', function extract(regex: string, captureGroup: number, source: string, typeLiteral: string | undefined) {
    const m = re(regex).exec(source);
    if (!m || m[captureGroup] === undefined) return typeLiteral !== undefined ? null : '';
    return m[captureGroup];
  }),
  // extract_all(regex, [captureGroups,] source): the source is always the last argument.
  scalar('extract_all(regex: string, captureGroups: scalar, source?: string): dynamic', function extractAll(regex: string, groupsOrSource: unknown, source: string | undefined, call: Call) {
    const text = source === undefined ? str(call.argTypes[1]!, groupsOrSource) : source;
    // Capture-group selectors are group numbers or group names (extract-all-function.md).
    const groups = source === undefined ? undefined : (arr(groupsOrSource) ?? []);
    const out: unknown[] = [];
    for (const m of text.matchAll(re(regex, 'g'))) {
      if (groups) out.push(groups.map((g) => (typeof g === 'string' ? m.groups?.[g] : m[Number(g)]) ?? ''));
      else out.push(m.length > 2 ? m.slice(1) : m[1] ?? m[0]);
    }
    return out.length ? out : null;
  }),
  scalar('replace_regex(source: string, lookup_regex: string, rewrite_pattern: string): string', function replaceRegex(source: string, lookupRegex: string, rewritePattern: string) {
    return source.replace(re(lookupRegex, 'g'), rewritePattern.replace(/\\(\d)/g, '$$$1'));
  }),
  scalar('indexof(string: string, match: string, start?: integer, length?: integer, occurrence?: integer): long',
    function indexof(text: string, match: string, start: number | undefined, length: number | undefined, occurrence: number | undefined) {
      return indexOfOccurrence(text.length, match.length, (i) => text.startsWith(match, i), start, length, occurrence);
    }),
  scalar('countof(source: string, search: string, kind?: string): long', function countof(source: string, search: string, kind: string | undefined) {
    if (kind === 'regex') return [...source.matchAll(re(search, 'g'))].length;
    if (!search) return 0;
    let n = 0, at = source.indexOf(search);
    while (at >= 0) { n++; at = source.indexOf(search, at + search.length); }
    return n;
  }),
  scalar('reverse(value: string): string', function reverse(value: string) { return [...value].reverse().join(''); }, { nulls: 'handled' }),
  scalar('trim_start(regex: string, source: string): string', function trimStart(regex: string, source: string) { return source.replace(re(`^(?:${regex})+`), ''); }),
  scalar('trim_end(regex: string, source: string): string', function trimEnd(regex: string, source: string) { return source.replace(re(`(?:${regex})+$`), ''); }),
  scalar('strrep(value: string, multiplier: long, delimiter?: string): string', function strrep(value: string, multiplier: number, delimiter: string | undefined) {
    return Array.from({ length: Math.max(0, multiplier) }, () => value).join(delimiter ?? '');
  }),
  scalar('string_size(string: string): long', function stringSize(text: string) { return Buffer.byteLength(text, 'utf8'); }, { nulls: 'handled' }),
  scalar('regex_quote(string: string): string', function regexQuote(text: string) { return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }),
  scalar('translate(searchList: string, replacementList: string, source: string): string', function translate(searchList: string, replacementList: string, source: string) {
    const from = [...searchList], to = [...replacementList];
    return [...source].map((ch) => { const i = from.indexOf(ch); return i < 0 ? ch : to.length ? (to[i] ?? to[to.length - 1]!) : ''; }).join('');
  }),
  // Lookups apply in array order, each over the text no earlier lookup matched (so the earlier lookup wins and
  // a rewrite is never scanned again); a lookup that is not a string is ignored, and a rewrite that is not a
  // string keeps its match unchanged (replace-strings-function.md).
  scalar('replace_strings(text: string, lookups: array, rewrites: array): string', function replaceStrings(text: string, lookups: unknown, rewrites: unknown) {
    const from = arr(lookups) ?? [], to = arr(rewrites) ?? [];
    let pieces: { text: string; done: boolean }[] = [{ text, done: false }];
    from.forEach((lookup, k) => {
      if (typeof lookup !== 'string' || lookup === '') return;
      const rewrite = to[k];
      const replacement = typeof rewrite === 'string' ? rewrite : lookup;
      pieces = pieces.flatMap((p) => {
        if (p.done || !p.text.includes(lookup)) return [p];
        return p.text.split(lookup).flatMap((rest, i) => (i === 0 ? [] : [{ text: replacement, done: true }]).concat(rest ? [{ text: rest, done: false }] : []));
      });
    });
    return pieces.map((p) => p.text).join('');
  }),
  scalar('parse_url(url: string): dynamic', function parseUrl(url: string) {
    try {
      const u = new URL(url);
      const q: Record<string, string> = {};
      u.searchParams.forEach((v, k) => { q[k] = v; });
      return { Scheme: u.protocol.replace(/:$/, ''), Host: u.hostname, Port: u.port, Path: u.pathname, Username: u.username, Password: u.password, 'Query Parameters': q, Fragment: u.hash.replace(/^#/, '') };
    } catch { return {}; }
  }),
  // parse-path-function.md: a `scheme://` prefix is the Scheme (and is not part of the path), a drive letter is
  // the RootPath, and `name:stream` in the last segment is the file and its AlternateDataStreamName.
  scalar('parse_path(path: string): dynamic', function parsePath(path: string) {
    const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(path);
    const rest = scheme ? path.slice(scheme[0].length) : path;
    const root = /^[A-Za-z]:/.exec(rest)?.[0] ?? '';
    const cut = Math.max(rest.lastIndexOf('\\'), rest.lastIndexOf('/'));
    const directory = cut >= 0 ? rest.slice(0, cut) : '';
    const last = rest.slice(cut + 1);
    const colon = last.indexOf(':', root && cut < 0 ? root.length : 0);
    const file = colon >= 0 ? last.slice(0, colon) : last, stream = colon >= 0 ? last.slice(colon + 1) : '';
    const dot = file.lastIndexOf('.');
    return {
      Scheme: scheme?.[1] ?? '', RootPath: root, DirectoryPath: directory, DirectoryName: directory.split(/[\\/]/).pop() ?? '',
      Filename: file, Extension: dot > 0 ? file.slice(dot + 1) : '', AlternateDataStreamName: stream,
    };
  }),
  scalar('make_string(value: scalar...): string', function makeString(values: unknown[]) {
    return values.flatMap((v) => (Array.isArray(v) ? v : [v])).map((c) => String.fromCodePoint(Number(c))).join('');
  }),
  scalar('format_bytes(size: number, precision?: number, format?: string): string', function formatBytes(size: number, precision: number | undefined, format: string | undefined) {
    let v = size, i = 0;
    const target = format === undefined ? undefined : BYTE_UNITS.findIndex((u) => u.toLowerCase() === format.toLowerCase());
    while (target === undefined ? Math.abs(v) >= 1024 && i < BYTE_UNITS.length - 1 : i < (target ?? 0)) { v /= 1024; i++; }
    const p = 10 ** (precision ?? 0);
    return `${Math.round(v * p) / p} ${BYTE_UNITS[i]}`;
  }),
);

// `replace(regex, rewrite, text)` is the deprecated form of replace_regex(text, regex, rewrite).
const replaceRegexImpl = lookupScalar('replace_regex')!.impl;
registerScalar(scalar('replace(regex: string, rewrite: string, source: string): string', function replace(regex: string, rewrite: string, source: string) {
  return replaceRegexImpl(source, regex, rewrite);
}));
