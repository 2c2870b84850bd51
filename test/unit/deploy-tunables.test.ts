/**
 * Per-customer thresholds reach a rule as data: PasswordSpray reads MinAccounts and MaxAttemptsPerAccount from the
 * CDR-Tunables watchlist that cdr deploy writes (SearchKey = Key column, Value column), with the query text unchanged.
 * Runs the rule's own firing case on the embedded engine with different watchlist contents.
 */
import { describe, expect, it } from 'vitest';
import { loadSuite, runCase } from '../../tools/harness/index.js';
import { TUNABLES_KEY_COLUMN, TUNABLES_VALUE_COLUMN, TUNABLES_WATCHLIST } from '../../tools/deploy/desired.js';

describe('tunables watchlist', () => {
  const suite = loadSuite();
  const entry = suite.entries.find((e) => e.item.baseName === 'PasswordSpray')!;
  const firing = entry.cases!.cases[0]!;
  const alerts = (rows: Record<string, string>[] | undefined) => {
    const c = { ...firing, watchlists: { ...firing.watchlists, ...(rows ? { [TUNABLES_WATCHLIST]: rows } : {}) }, expect: { alerts: 0 } };
    const r = runCase(suite.env, entry.item, c, entry.testFile);
    expect(r.error).toBeUndefined();
    return r.simulation!.alerts.length;
  };
  const row = (name: string, value: string) => ({ [TUNABLES_KEY_COLUMN]: `PasswordSpray.${name}`, [TUNABLES_VALUE_COLUMN]: value });

  it('uses the defaults in the query when the watchlist is absent or has no row for the rule', () => {
    expect(alerts(undefined)).toBe(1);
    expect(alerts([{ [TUNABLES_KEY_COLUMN]: 'OtherRule.MinAccounts', [TUNABLES_VALUE_COLUMN]: '100' }])).toBe(1);
  });

  it('a workspace that raises MinAccounts above the 12 sprayed accounts, or lowers MaxAttemptsPerAccount, stays quiet', () => {
    expect(alerts([row('MinAccounts', '12')])).toBe(1);
    expect(alerts([row('MinAccounts', '13')])).toBe(0);
    expect(alerts([row('MaxAttemptsPerAccount', '0.5')])).toBe(0); // the case makes one attempt per account
    expect(alerts([row('MinAccounts', '5'), row('MaxAttemptsPerAccount', '1.25')])).toBe(1);
  });
});
