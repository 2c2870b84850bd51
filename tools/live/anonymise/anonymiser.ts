/**
 * The anonymiser of `cdr record --anonymise`: every row of every table of a recording goes through one instance, so
 * a value gets the same pseudonym everywhere (columns, resource ids, dynamic values, free text). Two passes over the
 * rows: `learn` collects the names (resource groups, resources, hosts, display names) that free text may repeat;
 * `row` then replaces. Which column gets which treatment comes from policy.json (data, not code).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isIPv4, isIPv6 } from 'node:net';
import { PROJECT_ROOT } from '../../util/paths.js';
import { Pseudonymiser } from './pseudonyms.js';

export type Treatment = 'email' | 'ip' | 'guid' | 'name' | 'host' | 'resourceId' | 'dynamic' | 'text' | 'keep';
const TREATMENTS = new Set<Treatment>(['email', 'ip', 'guid', 'name', 'host', 'resourceId', 'dynamic', 'text', 'keep']);

export interface AnonymisePolicy {
  keepValues: string[];
  keepNames: string[];
  dynamicKeys: Record<string, Treatment>;
  common: Record<string, Treatment>;
  tables: Record<string, Record<string, Treatment>>;
}

export const POLICY_FILE = join(PROJECT_ROOT, 'tools', 'live', 'anonymise', 'policy.json');

export function loadPolicy(file = POLICY_FILE): AnonymisePolicy {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as AnonymisePolicy;
  const bad: string[] = [];
  const check = (where: string, m: Record<string, string>) => { for (const [k, v] of Object.entries(m)) if (!TREATMENTS.has(v as Treatment)) bad.push(`${where}.${k}: unknown treatment '${v}'`); };
  check('dynamicKeys', raw.dynamicKeys ?? {});
  check('common', raw.common ?? {});
  for (const [t, cols] of Object.entries(raw.tables ?? {})) check(`tables.${t}`, cols);
  if (bad.length) throw new Error(`${file}: ${bad.join('; ')}`);
  return { keepValues: raw.keepValues ?? [], keepNames: raw.keepNames ?? [], dynamicKeys: raw.dynamicKeys ?? {}, common: raw.common ?? {}, tables: raw.tables ?? {} };
}

/** Classes counted in the summary. */
export type ValueClass = 'email' | 'domain' | 'ip' | 'guid' | 'name';

const GUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const RESOURCE_ID = "/subscriptions/[^\\s\"'<>,;|()\\[\\]{}]+";
const EMAIL = "[A-Za-z0-9._%+#'-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}";
const IPV6 = '(?:[0-9A-Fa-f]{0,4}:){2,7}(?:\\d{1,3}(?:\\.\\d{1,3}){3}|[0-9A-Fa-f]{0,4})';
const IPV4 = '\\d{1,3}(?:\\.\\d{1,3}){3}';
const NB = '(?<![A-Za-z0-9])', NA = '(?![A-Za-z0-9])';
const MIN_LEARNED = 3;

export class Anonymiser {
  private readonly p: Pseudonymiser;
  private readonly keepValues: Set<string>;
  private readonly keepNames: Set<string>;
  /** Learned names (lower case) that free text may contain. */
  private readonly learned = new Set<string>();
  private scanner?: RegExp;
  private readonly seen = new Map<ValueClass, Set<string>>();
  private readonly occurrences = new Map<ValueClass, number>();
  /** Originals replaced, for the no-survivor check. */
  readonly originals = new Set<string>();

  constructor(private readonly policy: AnonymisePolicy, key: Buffer, extraKeep: string[] = []) {
    this.p = new Pseudonymiser(key);
    this.keepValues = new Set([...policy.keepValues, ...extraKeep].map((v) => v.toLowerCase()));
    this.keepNames = new Set(policy.keepNames.map((v) => v.toLowerCase()));
  }

  treatmentOf(table: string, column: string, type: string): Treatment {
    const t = this.policy.tables[table]?.[column] ?? this.policy.common[column];
    if (t) return t;
    if (type === 'dynamic') return 'dynamic';
    if (type === 'string' || type === 'guid') return 'text';
    return 'keep';
  }

  private count(cls: ValueClass, original: string): void {
    let s = this.seen.get(cls);
    if (!s) { s = new Set(); this.seen.set(cls, s); }
    s.add(original.toLowerCase());
    this.occurrences.set(cls, (this.occurrences.get(cls) ?? 0) + 1);
    this.originals.add(original);
  }

  // ---- pass 1: learn names ----

  private learnName(v: string): void {
    const s = v.trim();
    if (s.length < MIN_LEARNED || this.keepNames.has(s.toLowerCase()) || this.keepValues.has(s.toLowerCase())) return;
    this.learned.add(s.toLowerCase());
    this.scanner = undefined;
  }

  private learnValue(treatment: Treatment, v: unknown, dynamicKey?: string): void {
    if (v === null || v === undefined) return;
    if (typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) this.learnValue(this.policy.dynamicKeys[k] ?? 'text', x, k);
      return;
    }
    if (typeof v !== 'string' || !v) return;
    if (treatment === 'dynamic' || (treatment === 'text' && /^\s*[[{]/.test(v))) {
      try { this.learnValue('text', JSON.parse(v), dynamicKey); return; } catch { /* plain text */ }
    }
    if (treatment === 'name') this.learnName(v);
    if (treatment === 'host') { this.learnName(v); this.learnName(v.split('.')[0]!); }
    if (treatment === 'keep') return;
    // Names inside resource ids anywhere (columns, dynamic values, text).
    for (const m of v.matchAll(new RegExp(RESOURCE_ID, 'gi'))) this.learnResourceId(m[0]);
  }

  private learnResourceId(id: string): void {
    const seg = id.split('/');
    for (let i = 1; i < seg.length - 1; i++) {
      const k = seg[i]!.toLowerCase();
      if (k === 'resourcegroups' || k === 'managementgroups') this.learnName(seg[i + 1]!);
      if (k === 'providers') {
        for (let j = i + 3; j < seg.length; j += 2) this.learnName(seg[j]!);
        break;
      }
    }
  }

  learn(table: string, row: Record<string, unknown>, types: Map<string, string>): void {
    for (const [col, v] of Object.entries(row)) this.learnValue(this.treatmentOf(table, col, types.get(col) ?? 'string'), v);
  }

  // ---- pass 2: replace ----

  guid(v: string): string {
    if (this.keepValues.has(v.toLowerCase())) return v;
    this.count('guid', v);
    return this.p.guid(v);
  }

  ip(v: string): string {
    if (Pseudonymiser.isNeutralIp(v) || !(isIPv4(v) || isIPv6(v))) return v;
    this.count('ip', v);
    return this.p.ip(v);
  }

  email(v: string): string {
    if (!v.includes('@')) return this.name(v);
    this.count('email', v);
    this.count('domain', v.slice(v.lastIndexOf('@') + 1));
    return this.p.email(v);
  }

  name(v: string): string {
    if (!v || this.keepNames.has(v.toLowerCase()) || this.keepValues.has(v.toLowerCase())) return v;
    if (new RegExp(`^${GUID}$`).test(v)) return this.guid(v);
    this.count('name', v);
    return this.p.shape('name', v);
  }

  host(v: string): string {
    if (!v) return v;
    if (isIPv4(v) || isIPv6(v)) return this.ip(v);
    const labels = v.split('.');
    return labels.map((l, i) => (i > 0 && i === labels.length - 1 && /^[a-z]{2,6}$/i.test(l) ? l : this.name(l))).join('.');
  }

  resourceId(id: string): string {
    const seg = id.split('/');
    const out = [...seg];
    for (let i = 1; i < seg.length; i++) {
      const k = seg[i - 1]!.toLowerCase();
      if (k === 'subscriptions' || k === 'tenants') out[i] = new RegExp(`^${GUID}$`).test(seg[i]!) ? this.guid(seg[i]!) : this.name(seg[i]!);
      else if (k === 'resourcegroups' || k === 'managementgroups') out[i] = this.name(seg[i]!);
    }
    const p = seg.findIndex((s) => s.toLowerCase() === 'providers');
    if (p >= 0) for (let j = p + 3; j < seg.length; j += 2) out[j] = this.name(seg[j]!);
    return out.join('/');
  }

  private regex(): RegExp {
    if (!this.scanner) {
      const names = [...this.learned].sort((a, b) => b.length - a.length).map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      const parts = [`(${RESOURCE_ID})`, `(${EMAIL})`, `${NB}(${GUID})${NA}`, `${NB}(${IPV6})${NA}`, `${NB}(${IPV4})${NA}`];
      if (names.length) parts.push(`${NB}(${names.join('|')})${NA}`);
      this.scanner = new RegExp(parts.join('|'), 'gi');
    }
    return this.scanner;
  }

  /** Free text: every identifier found in it replaced, in one pass (pseudonyms are never rescanned). */
  text(v: string): string {
    return v.replace(this.regex(), (m, rid?: string, email?: string, guid?: string, v6?: string, v4?: string, name?: string) => {
      if (rid) return this.resourceId(rid);
      if (email) return this.email(email);
      if (guid) return this.guid(guid);
      if (v6) return isIPv6(v6) ? this.ip(v6) : m;
      if (v4) return isIPv4(v4) ? this.ip(v4) : m;
      if (name) return this.name(name);
      return m;
    });
  }

  /** A JSON value: keys kept, strings by the policy's dynamicKeys or as text. */
  dynamic(v: unknown, treatment: Treatment = 'text'): unknown {
    if (v === null || v === undefined || typeof v === 'number' || typeof v === 'boolean') return v;
    if (Array.isArray(v)) return v.map((x) => this.dynamic(x, treatment));
    if (typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, this.dynamic(x, this.policy.dynamicKeys[k] ?? 'text')]));
    return this.value(treatment === 'dynamic' ? 'text' : treatment, String(v));
  }

  value(treatment: Treatment, v: unknown): unknown {
    if (v === null || v === undefined || treatment === 'keep') return v;
    if (typeof v !== 'string') return treatment === 'dynamic' || typeof v === 'object' ? this.dynamic(v) : v;
    if (!v) return v;
    // String-typed JSON (dynamic columns as text, JSON in string columns): walked, then written back as text.
    if ((treatment === 'dynamic' || treatment === 'text') && /^\s*[[{]/.test(v)) {
      try { return JSON.stringify(this.dynamic(JSON.parse(v))); } catch { /* not JSON */ }
    }
    switch (treatment) {
      case 'email': return this.email(v);
      case 'ip': return isIPv4(v) || isIPv6(v) ? this.ip(v) : this.text(v);
      case 'guid': return new RegExp(`^${GUID}$`).test(v) ? this.guid(v) : this.text(v);
      case 'name': return this.name(v);
      case 'host': return this.host(v);
      case 'resourceId': return v.toLowerCase().startsWith('/subscriptions/') || v.toLowerCase().startsWith('/providers/') ? this.resourceId(v) : this.text(v);
      default: return this.text(v);
    }
  }

  row(table: string, row: Record<string, unknown>, types: Map<string, string>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [col, v] of Object.entries(row)) out[col] = this.value(this.treatmentOf(table, col, types.get(col) ?? 'string'), v);
    return out;
  }

  /** Distinct values and occurrences replaced per class. */
  summary(): Record<ValueClass, { distinct: number; replaced: number }> {
    const out = {} as Record<ValueClass, { distinct: number; replaced: number }>;
    for (const c of ['email', 'domain', 'ip', 'guid', 'name'] as ValueClass[]) out[c] = { distinct: this.seen.get(c)?.size ?? 0, replaced: this.occurrences.get(c) ?? 0 };
    return out;
  }
}
