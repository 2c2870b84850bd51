/**
 * Parsers of structured text: parse_user_agent (ua-parser: the uap-core regular expressions run by the project's
 * reference implementation, uap-ref-impl, the data Kusto's function is built on), parse_command_line (the
 * Windows CommandLineToArgvW rules), parse_csv (the first RFC 4180 record) and parse_urlquery.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { registerScalar, scalar } from '../registry.js';
import { KqlRuntimeError } from '../errors.js';

interface UaParser {
  parseUA(s: string): { family: string; major: string | null; minor: string | null; patch: string | null };
  parseOS(s: string): { family: string; major: string | null; minor: string | null; patch: string | null; patchMinor: string | null };
  parseDevice(s: string): { family: string; brand: string | null; model: string | null };
}

let uaParser: UaParser | undefined;
/** Built on first use: reading and compiling uap-core's ~1,200 expressions takes a moment. */
function userAgentParser(): UaParser {
  if (!uaParser) {
    const require = createRequire(import.meta.url);
    const regexes = parseYaml(readFileSync(require.resolve('uap-core/regexes.yaml'), 'utf8'));
    uaParser = (require('uap-ref-impl') as (r: unknown) => UaParser)(regexes);
  }
  return uaParser;
}

const TARGETS: Record<string, string> = { browser: 'Browser', os: 'OperatingSystem', device: 'Device' };

function lookFor(v: unknown): string[] {
  const list = Array.isArray(v) ? v : [v];
  return list.map((x) => {
    const key = String(x).toLowerCase();
    if (!TARGETS[key]) throw new KqlRuntimeError(`look_for must be "browser", "os" or "device", got '${String(x)}'`);
    return key;
  });
}

const text = (s: string | null | undefined) => s ?? '';

/** Windows command-line splitting (CommandLineToArgvW): quotes group, 2n backslashes + quote -> n backslashes and a quote toggle, 2n+1 -> n and a literal quote. */
export function windowsArgv(command: string): string[] {
  const args: string[] = [];
  let i = 0;
  const n = command.length;
  // The program name: up to the first whitespace, or a quoted run (no escapes inside it).
  while (i < n && (command[i] === ' ' || command[i] === '\t')) i++;
  if (i >= n) return args;
  let program = '';
  if (command[i] === '"') { i++; while (i < n && command[i] !== '"') program += command[i++]; if (i < n) i++; }
  else while (i < n && command[i] !== ' ' && command[i] !== '\t') program += command[i++];
  args.push(program);
  for (;;) {
    while (i < n && (command[i] === ' ' || command[i] === '\t')) i++;
    if (i >= n) break;
    let arg = '', quoted = false;
    while (i < n && (quoted || (command[i] !== ' ' && command[i] !== '\t'))) {
      if (command[i] === '\\') {
        let slashes = 0;
        while (i < n && command[i] === '\\') { slashes++; i++; }
        if (command[i] === '"') {
          arg += '\\'.repeat(Math.floor(slashes / 2));
          if (slashes % 2) { arg += '"'; i++; }
        } else arg += '\\'.repeat(slashes);
      } else if (command[i] === '"') {
        // Inside quotes, "" is a literal quote (and stays in quoted mode).
        if (quoted && command[i + 1] === '"') { arg += '"'; i += 2; }
        else { quoted = !quoted; i++; }
      } else arg += command[i++];
    }
    args.push(arg);
  }
  return args;
}

/** The first record of a CSV text (RFC 4180: quoted fields may hold commas, newlines and "" for a quote). */
export function firstCsvRecord(text: string): string[] {
  const fields: string[] = [];
  let field = '', i = 0, quoted = false;
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') { if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false; } else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') { fields.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') break;
    else field += ch;
  }
  fields.push(field);
  return fields;
}

registerScalar(
  scalar('parse_csv(csv_text: string): dynamic', function parseCsv(csvText: string) { return firstCsvRecord(csvText); }),
  // The query part of a URL as parse_url() reports it: {"Query Parameters": {key: value}}, URL-decoded.
  scalar('parse_urlquery(query: string): dynamic', function parseUrlquery(query: string) {
    const params: Record<string, string> = {};
    new URLSearchParams(query.replace(/^\?/, '')).forEach((v, k) => { params[k] = v; });
    return { 'Query Parameters': params };
  }),
  scalar('parse_user_agent(user_agent: string, look_for: dynamic): dynamic', function parseUserAgent(userAgent: string, lookForValue: unknown) {
    const parser = userAgentParser();
    const out: Record<string, unknown> = {};
    for (const target of lookFor(lookForValue)) {
      if (target === 'browser') { const b = parser.parseUA(userAgent); out.Browser = { Family: text(b.family), MajorVersion: text(b.major), MinorVersion: text(b.minor), Patch: text(b.patch) }; }
      if (target === 'os') { const o = parser.parseOS(userAgent); out.OperatingSystem = { Family: text(o.family), MajorVersion: text(o.major), MinorVersion: text(o.minor), Patch: text(o.patch), PatchMinor: text(o.patchMinor) }; }
      if (target === 'device') { const d = parser.parseDevice(userAgent); out.Device = { Family: text(d.family), Brand: text(d.brand), Model: text(d.model) }; }
    }
    return out;
  }),
  scalar('parse_command_line(command: string, parser: string): dynamic', function parseCommandLine(command: string, parser: string) {
    if (parser.toLowerCase() !== 'windows') throw new KqlRuntimeError(`the only parser type is "windows", got '${parser}'`);
    return windowsArgv(command);
  }),
);
