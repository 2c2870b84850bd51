/**
 * now()/ago() pinned in query text for live runs: found in the official parser's bound tree, so strings, comments,
 * columns and user functions with similar names are left alone; the rewritten query gives the embedded engine the
 * same answer with any now() as the original gives with now() pinned.
 */
import { describe, expect, it } from 'vitest';
import { pinTimeFunctions, timePins } from '../../tools/live/pin-time.js';
import { KqlEngine } from '../../tools/kql/engine.js';
import { parseDatetime } from '../../tools/kql/values.js';

const T = parseDatetime('2026-11-16T10:00:00Z')!;
const LIT = 'datetime(2026-11-16T10:00:00Z)';

describe('pinTimeFunctions', () => {
  it('rewrites now(), now(offset) and ago(x), nested calls included', () => {
    const q = 'AzureActivity | where TimeGenerated > ago(1h) and TimeGenerated <= now() | extend Old = now(-2d), Span = ago(now() - datetime(2026-01-01))';
    const p = pinTimeFunctions(q, T);
    expect(p.rewritten).toBe(5);
    expect(p.text).toBe(`AzureActivity | where TimeGenerated > (${LIT} - (1h)) and TimeGenerated <= ${LIT} | extend Old = (${LIT} + (-2d)), Span = (${LIT} - (${LIT} - datetime(2026-01-01)))`);
  });

  it('leaves strings, comments, look-alike names and whitespace inside calls as the parser sees them', () => {
    const q = [
      '// ago(1d) in a comment stays',
      'let lookback = 14d;',
      'let agoish = (x: timespan) { x };',
      'print s = "now() and ago(1h) in a string", a = agoish(1h), b = ago( lookback ), c = strcat(\'ago(2h)\')',
    ].join('\n');
    const p = pinTimeFunctions(q, T);
    expect(p.rewritten).toBe(1);
    expect(p.text).toBe(q.replace('ago( lookback )', `(${LIT} - (lookback))`));
  });

  it('the rewritten query, run with a far-away now(), answers what the original answers with now() pinned', () => {
    const e = new KqlEngine();
    const q = 'range i from 0 to 47 step 1 | extend t = datetime(2026-11-15T10:00:00Z) + i * 1h | where t > ago(6h) and t <= now() | summarize n = count(), earliest = min(t), latest = max(t), back = max(ago(1d))';
    const pinned = e.run(q, { now: T });
    const rewritten = e.run(timePins(q).at(T), { now: '2001-01-01T00:00:00Z' });
    expect(rewritten).toEqual(pinned);
    expect(pinned.rows).toEqual([[6, '2026-11-16T05:00:00Z', '2026-11-16T10:00:00Z', '2026-11-15T10:00:00Z']]);
  });

  it('a query without time functions is returned unchanged; one parse serves every run time', () => {
    expect(pinTimeFunctions('SigninLogs | take 1', T)).toEqual({ text: 'SigninLogs | take 1', rewritten: 0 });
    const pins = timePins('print x = ago(1h)');
    expect(pins.calls).toBe(1);
    expect(pins.at(T)).toBe(`print x = (${LIT} - (1h))`);
    expect(pins.at(T + 36_000_000_000n)).toBe('print x = (datetime(2026-11-16T11:00:00Z) - (1h))');
  });
});
