/**
 * evaluate plugins: pivot, narrow, activity_counts_metrics, ipv4_lookup, ipv6_lookup, checked against their
 * reference pages' examples with documented results (MicrosoftDocs/dataexplorer-docs, <plugin>-plugin.md; the
 * StormEvents examples are rebuilt on small datatables with the same shape), plus edge cases.
 */
import { describe, expect, it } from 'vitest';
import { errorOf, run } from './kql-adv-helpers.js';

const STORMS = `datatable(State:string, EventType:string, DeathsDirect:long)[
  "ARKANSAS", "Heavy Rain", 1, "ARIZONA", "Lightning", 1, "ARIZONA", "Flash Flood", 6, "ARKANSAS", "Heat", 3, "ARKANSAS", "Heat", 0]`;

describe('evaluate pivot (pivot-plugin.md)', () => {
  it('count by default: one column per pivot value, 0 where a combination has no rows', () => {
    const r = run(`${STORMS} | project State, EventType | evaluate pivot(State)`);
    expect(r.cols).toEqual(['EventType:string', 'ARKANSAS:long', 'ARIZONA:long']);
    expect(r.rows).toEqual([['Heavy Rain', 1, 0], ['Lightning', 0, 1], ['Flash Flood', 0, 1], ['Heat', 2, 0]]);
  });
  it('with an aggregation; the aggregated column is not a row key; naming the key column gives the same result', () => {
    const a = run(`${STORMS} | evaluate pivot(State, sum(DeathsDirect))`);
    expect(a.cols).toEqual(['EventType:string', 'ARKANSAS:long', 'ARIZONA:long']);
    expect(a.rows).toEqual([['Heavy Rain', 1, 0], ['Lightning', 0, 1], ['Flash Flood', 0, 6], ['Heat', 3, 0]]);
    expect(run(`${STORMS} | evaluate pivot(State, sum(DeathsDirect), EventType)`).rows).toEqual(a.rows);
  });
  it('an output schema is the result: its columns, in its order; absent ones filled', () => {
    const r = run(`${STORMS} | project State, EventType | evaluate pivot(State): (EventType:string, ARIZONA:long, TEXAS:long)`);
    expect(r.cols).toEqual(['EventType:string', 'ARIZONA:long', 'TEXAS:long']);
    expect(r.rows).toEqual([['Heavy Rain', 0, 0], ['Lightning', 1, 0], ['Flash Flood', 1, 0], ['Heat', 0, 0]]);
  });
  it('other aggregations leave the empty combinations null', () => {
    expect(run(`${STORMS} | evaluate pivot(State, max(DeathsDirect), EventType)`).rows[1]).toEqual(['Lightning', null, 1]);
  });
  it('an empty input has no rows', () => {
    expect(run('datatable(a:string, b:string)[] | evaluate pivot(a)').rows).toEqual([]);
  });
});

describe('evaluate narrow (narrow-plugin.md)', () => {
  it('one (Row, Column, Value) record per cell, values as text', () => {
    const r = run('datatable(a:string, b:long, c:datetime)["x", 1, datetime(2024-01-02), "", long(null), datetime(null)] | evaluate narrow()');
    expect(r.cols).toEqual(['Row:long', 'Column:string', 'Value:string']);
    expect(r.rows).toEqual([[0, 'a', 'x'], [0, 'b', '1'], [0, 'c', '2024-01-02T00:00:00.0000000Z'], [1, 'a', ''], [1, 'b', ''], [1, 'c', '']]);
  });
});

describe('evaluate activity_counts_metrics (activity-counts-metrics-plugin.md)', () => {
  const T = `datatable(UserId:string, Timestamp:datetime)[
    'A', datetime(2017-08-01), 'D', datetime(2017-08-01), 'J', datetime(2017-08-01), 'B', datetime(2017-08-01),
    'C', datetime(2017-08-02), 'T', datetime(2017-08-02), 'J', datetime(2017-08-02),
    'H', datetime(2017-08-03), 'T', datetime(2017-08-03), 'T', datetime(2017-08-03), 'J', datetime(2017-08-03), 'B', datetime(2017-08-03), 'S', datetime(2017-08-03),
    'S', datetime(2017-08-04)]`;
  it('reference example: daily counts, distinct, new and aggregated distinct ids', () => {
    const r = run(`let start=datetime(2017-08-01); let end=datetime(2017-08-04); let window=1d; ${T} | evaluate activity_counts_metrics(UserId, Timestamp, start, end, window)`);
    expect(r.cols).toEqual(['Timestamp:datetime', 'count:long', 'dcount:long', 'new_dcount:long', 'aggregated_dcount:long']);
    expect(r.rows).toEqual([
      ['2017-08-01T00:00:00Z', 4, 4, 4, 4], ['2017-08-02T00:00:00Z', 3, 3, 2, 6], ['2017-08-03T00:00:00Z', 6, 5, 2, 8], ['2017-08-04T00:00:00Z', 1, 1, 0, 8]]);
  });
  it('a dimension slices the metrics; empty windows report zero counts', () => {
    const r = run(`datatable(u:string, t:datetime, app:string)['a', datetime(2024-01-01), 'x', 'b', datetime(2024-01-01), 'y', 'a', datetime(2024-01-03), 'x']
      | evaluate activity_counts_metrics(u, t, datetime(2024-01-01), datetime(2024-01-03), 1d, app)`);
    expect(r.cols).toEqual(['t:datetime', 'app:string', 'count:long', 'dcount:long', 'new_dcount:long', 'aggregated_dcount:long']);
    expect(r.rows).toEqual([
      ['2024-01-01T00:00:00Z', 'x', 1, 1, 1, 1], ['2024-01-02T00:00:00Z', 'x', 0, 0, 0, 1], ['2024-01-03T00:00:00Z', 'x', 1, 1, 0, 1],
      ['2024-01-01T00:00:00Z', 'y', 1, 1, 1, 1], ['2024-01-02T00:00:00Z', 'y', 0, 0, 0, 1], ['2024-01-03T00:00:00Z', 'y', 0, 0, 0, 1]]);
  });
});

const IP_DATA = `datatable(network:string, continent_code:string ,continent_name:string, country_iso_code:string, country_name:string)[
  "111.68.128.0/17","AS","Asia","JP","Japan",
  "5.8.0.0/19","EU","Europe","RU","Russia",
  "223.255.254.0/24","AS","Asia","SG","Singapore",
  "46.36.200.51/32","OC","Oceania","CK","Cook Islands",
  "2.20.183.0/24","EU","Europe","GB","United Kingdom"]`;
const IPS = `datatable(ip:string)['2.20.183.12', '5.8.1.2', '192.165.12.17']`;

describe('evaluate ipv4_lookup (ipv4-lookup-plugin.md)', () => {
  it('reference example: matching rows only', () => {
    const r = run(`let IP_Data = ${IP_DATA}; let IPs = ${IPS}; IPs | evaluate ipv4_lookup(IP_Data, ip, network)`);
    expect(r.cols).toEqual(['ip:string', 'network:string', 'continent_code:string', 'continent_name:string', 'country_iso_code:string', 'country_name:string']);
    expect(r.rows).toEqual([
      ['2.20.183.12', '2.20.183.0/24', 'EU', 'Europe', 'GB', 'United Kingdom'],
      ['5.8.1.2', '5.8.0.0/19', 'EU', 'Europe', 'RU', 'Russia']]);
  });
  it('reference example: return_unmatched keeps the other rows with empty lookup columns', () => {
    const r = run(`let IP_Data = ${IP_DATA}; let IPs = ${IPS}; IPs | evaluate ipv4_lookup(IP_Data, ip, network, return_unmatched = true)`);
    expect(r.rows[2]).toEqual(['192.165.12.17', '', '', '', '', '']);
  });
  it('reference example shape: extra keys must also match and are not repeated', () => {
    const r = run(`let IP_Data = ${IP_DATA};
      datatable(ip:string, continent_name:string, country_iso_code:string)['2.20.183.12', 'Europe', 'GB', '5.8.1.2', 'Europe', 'RU', '2.20.183.13', 'Europe', '']
      | evaluate ipv4_lookup(IP_Data, ip, network, continent_name, country_iso_code)`);
    expect(r.cols).toEqual(['ip:string', 'continent_name:string', 'country_iso_code:string', 'network:string', 'continent_code:string', 'country_name:string']);
    expect(r.rows).toEqual([['2.20.183.12', 'Europe', 'GB', '2.20.183.0/24', 'EU', 'United Kingdom'], ['5.8.1.2', 'Europe', 'RU', '5.8.0.0/19', 'EU', 'Russia']]);
  });
  it('a /32 entry matches only its address; invalid addresses match nothing', () => {
    const r = run(`let IP_Data = ${IP_DATA}; datatable(ip:string)['46.36.200.51', '46.36.200.52', 'not an ip'] | evaluate ipv4_lookup(IP_Data, ip, network) | project ip, country_name`);
    expect(r.rows).toEqual([['46.36.200.51', 'Cook Islands']]);
  });
});

describe('evaluate ipv6_lookup (ipv6-lookup-plugin.md)', () => {
  it('prefix matching on IPv6 networks', () => {
    const r = run(`let L = datatable(network:string, name:string)["2001:db8::/32", "doc", "fe80::/10", "link-local", "2001:db8:1::/48", "doc-1"];
      datatable(ip:string)['2001:db8:1::5', 'fe80::1', '2a00::1'] | evaluate ipv6_lookup(L, ip, network, return_unmatched = true) | project ip, name`);
    expect(r.rows).toEqual([['2001:db8:1::5', 'doc'], ['2001:db8:1::5', 'doc-1'], ['fe80::1', 'link-local'], ['2a00::1', '']]);
  });
});

describe('evaluate: other plugins stay unsupported with their name', () => {
  it('autocluster', () => {
    const e = errorOf('datatable(a:string)["x"] | evaluate autocluster()');
    expect(e.kind).toBe('unsupported');
    expect(e.message).toMatch(/evaluate autocluster\(\)/);
  });
});

describe('evaluate rolling_percentile (rolling-percentile-plugin.md)', () => {
  const T = `let T = range idx from 0 to 24 * 10 - 1 step 1 | project Timestamp = datetime(2018-01-01) + 1h * idx, val=idx + 1
    | extend EvenOrOdd = iff(val % 2 == 0, "Even", "Odd"); T`;
  const days = Array.from({ length: 10 }, (_, d) => `2018-01-${String(d + 1).padStart(2, '0')}T00:00:00Z`);
  it('reference example: rolling 3-day median per day', () => {
    const r = run(`${T} | evaluate rolling_percentile(val, 50, Timestamp, 1d, 3)`);
    expect(r.cols).toEqual(['Timestamp:datetime', 'rolling_3_percentile_val_50:long']);
    expect(r.rows).toEqual(days.map((d, i) => [d, [12, 24, 36, 60, 84, 108, 132, 156, 180, 204][i]]));
  });
  it('reference example: per dimension (rows in no documented order: compared sorted)', () => {
    const r = run(`${T} | evaluate rolling_percentile(val, 50, Timestamp, 1d, 3, EvenOrOdd) | sort by EvenOrOdd asc, Timestamp asc`);
    expect(r.cols).toEqual(['Timestamp:datetime', 'EvenOrOdd:string', 'rolling_3_percentile_val_50:long']);
    const even = [12, 24, 36, 60, 84, 108, 132, 156, 180, 204];
    expect(r.rows).toEqual([...days.map((d, i) => [d, 'Even', even[i]]), ...days.map((d, i) => [d, 'Odd', even[i]! - 1])]);
  });
  it('numeric index; bins without records get no row but their window still reaches back', () => {
    expect(run('datatable(i:long, v:real)[1, 1.5, 2, 2.5, 7, 9.0, 8, 3.0] | evaluate rolling_percentile(v, 100, i, 2, 2)').rows)
      .toEqual([[0, 1.5], [2, 2.5], [6, 9], [8, 9]]);
  });
});
