/**
 * The function registry's declarations: signatures parse, every implementation is a named function, and every
 * declared parameter name and arity agrees with Microsoft's Kusto.Language symbols (the official binder), so
 * the declarations document the real signatures rather than our guesses.
 */
import { describe, expect, it } from 'vitest';
import { kusto, toArray } from '../../tools/kusto/language.js';
import {
  lookupAggregate, lookupScalar, parseSignature, registeredAggregateNames, registeredScalarNames, scalar,
} from '../../tools/kql/registry.js';
import { KqlEngine, KqlUnsupportedError } from '../../tools/kql/index.js';
import '../../tools/kql/functions/index.js';

interface OfficialParam { name: string; repeated: boolean; optional: boolean }
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function officialSignatures(symbol: any): OfficialParam[][] {
  return toArray(symbol.Signatures).map((s) => toArray(s.Parameters).map((p) => ({ name: String(p.Name), repeated: p.MaxOccurring > 1, optional: p.MinOccurring === 0 })));
}

/** Functions whose official signature has two interleaved repeated parameters (pairs); we declare one repeated tail. */
const PAIRED_ARGUMENTS = new Set(['case', 'pack', 'bag_pack']);

describe('registry declarations', () => {
  it('parse signatures with optional and repeated parameters', () => {
    const s = parseSignature('substring(string: string, start: integer, length?: integer): string');
    expect(s).toMatchObject({ name: 'substring', minArgs: 2, maxArgs: 3, returns: 'string' });
    expect(s.params.map((p) => `${p.name}:${p.type}:${p.optional}`)).toEqual(['string:string:false', 'start:integer:false', 'length:integer:true']);
    expect(parseSignature('strcat(arg: string...): string')).toMatchObject({ minArgs: 1, maxArgs: 1000 });
    expect(parseSignature('new_guid(): guid')).toMatchObject({ minArgs: 0, maxArgs: 0, params: [] });
  });
  it('reject malformed declarations', () => {
    expect(() => parseSignature('f(a: text): string')).toThrow(/malformed parameter 'a: text'/);
    expect(() => parseSignature('f(a: string')).toThrow(/malformed signature/);
    expect(() => parseSignature('f(a: string..., b: long): string')).toThrow(/only the last parameter may repeat/);
    expect(() => parseSignature('f(a?: string, b: long): string')).toThrow(/required parameter after an optional one/);
    expect(() => scalar('f(a: long): long', () => 1)).not.toThrow();
  });
  it('every implementation is a named function', () => {
    for (const name of registeredScalarNames()) expect(lookupScalar(name)!.impl.name, name).not.toBe('');
    for (const name of registeredAggregateNames()) {
      const fn = lookupAggregate(name)!;
      expect((fn.impl ?? fn.pickRow)!.name, name).not.toBe('');
    }
  });
  it('parameter names, repetition and minimum arity match Kusto.Language', () => {
    const g = kusto().GlobalState.Default;
    const problems: string[] = [];
    const check = (name: string, alias: boolean, params: { name: string; repeated: boolean }[], minArgs: number, official: OfficialParam[][]) => {
      if (official.length === 0) { problems.push(`${name}: unknown to Kusto.Language`); return; }
      if (PAIRED_ARGUMENTS.has(name) || alias) return;
      params.forEach((p, i) => {
        if (!official.some((sig) => sig[i]?.name === p.name)) problems.push(`${name}: parameter ${i + 1} '${p.name}' is '${official.map((sig) => sig[i]?.name ?? '-').join("' or '")}' in Kusto`);
        if (p.repeated && !official.some((sig) => sig[i]?.repeated)) problems.push(`${name}: parameter '${p.name}' does not repeat in Kusto`);
      });
      const officialMin = Math.min(...official.map((sig) => sig.filter((p) => !p.optional).length));
      // Fewer than Kusto's minimum would document a form that does not exist; more means a short form we leave
      // unsupported (the call site reports it as unsupported, naming the form).
      if (minArgs < officialMin) problems.push(`${name}: at least ${minArgs} arguments, Kusto ${officialMin}`);
    };
    for (const name of registeredScalarNames()) {
      const fn = lookupScalar(name)!;
      check(name, fn.name !== name, fn.params, fn.minArgs, g.GetFunction(name) ? officialSignatures(g.GetFunction(name)) : []);
    }
    for (const name of registeredAggregateNames()) {
      const fn = lookupAggregate(name)!;
      check(name, fn.name !== name, fn.params, fn.minArgs, g.GetAggregate(name) ? officialSignatures(g.GetAggregate(name)) : []);
    }
    expect(problems).toEqual([]);
  });
});

describe('lifting layer', () => {
  const e = new KqlEngine();
  const one = (expr: string) => e.run(`print r = ${expr}`, { now: '2026-01-01T00:00:00Z' }).rows[0]![0];
  it('gives string parameters the text form of other types', () => {
    expect(one('strlen(dynamic({"a":1}))')).toBe(7);
    expect(one('toupper(dynamic("abc"))')).toBe('ABC');
    expect(one('substring(datetime(2024-01-02), 0, 10)')).toBe('2024-01-02');
  });
  it('propagates nulls unless the function handles them', () => {
    expect(one('abs(long(null))')).toBe(null);
    expect(one('isnull(long(null))')).toBe(true);
    expect(one('strcat("a", long(null), "b")')).toBe('ab');
  });
  it('passes an absent optional argument as undefined and a repeated tail as one array', () => {
    expect(one('substring("abcdef", 4)')).toBe('ef');
    expect(one('strcat_delim("-", "a", "b", "c")')).toBe('a-b-c');
  });
  it('reports a form Kusto has and we do not implement as unsupported, naming it', () => {
    expect(() => e.run('print r = make_datetime("2024-01-01")', { now: '2026-01-01T00:00:00Z' })).toThrow(KqlUnsupportedError);
    expect(() => e.run('print r = make_datetime("2024-01-01")', { now: '2026-01-01T00:00:00Z' })).toThrow(/make_datetime\(\).*1-argument form/);
  });
});
