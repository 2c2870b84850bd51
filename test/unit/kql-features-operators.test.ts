/**
 * Tabular operators added for real Sentinel queries: scan, top-nested, top-hitters, sample, sample-distinct,
 * partition, fork, facet. Each checked against its reference page's example(s) with a documented result
 * (MicrosoftDocs/dataexplorer-docs, data-explorer/kusto/query/<operator>-operator.md), plus edge cases.
 */
import { describe, expect, it } from 'vitest';
import { errorOf, run } from './kql-adv-helpers.js';

const sortRows = (rows: unknown[][]) => [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

describe('scan (scan-operator.md)', () => {
  it('reference example: cumulative sum', () => {
    const r = run('range x from 1 to 5 step 1 | scan declare (cumulative_x:long=0) with (step s1: true => cumulative_x = x + s1.cumulative_x;)');
    expect(r.cols).toEqual(['x:long', 'cumulative_x:long']);
    expect(r.rows).toEqual([[1, 1], [2, 3], [3, 6], [4, 10], [5, 15]]);
  });
  it('reference example: cumulative sums with a reset condition', () => {
    expect(run(`range x from 1 to 5 step 1 | extend y = 2 * x
      | scan declare (cumulative_x:long=0, cumulative_y:long=0) with (
          step s1: true => cumulative_x = iff(s1.cumulative_x >= 10, x, x + s1.cumulative_x),
                           cumulative_y = iff(s1.cumulative_y >= 10, y, y + s1.cumulative_y);
        )`).rows).toEqual([[1, 2, 1, 2], [2, 4, 3, 6], [3, 6, 6, 12], [4, 8, 10, 8], [5, 10, 5, 18]]);
  });
  it('reference example: fill forward a string column', () => {
    expect(run(`datatable (Ts: timespan, Event: string) [0m, "A", 1m, "", 2m, "B", 3m, "", 4m, "", 6m, "C", 8m, "", 11m, "D", 12m, ""]
      | sort by Ts asc
      | scan declare (Event_filled: string="") with (step s1: true => Event_filled = iff(isempty(Event), s1.Event_filled, Event);)
      | project Event_filled`).rows.map((r) => r[0])).toEqual(['A', 'A', 'B', 'B', 'B', 'C', 'C', 'D', 'D']);
  });
  it('reference example: sessions tagging with with_match_id and output=none', () => {
    const r = run(`datatable (Ts: timespan, Event: string) [0m, "A", 1m, "A", 2m, "B", 3m, "D", 32m, "B", 36m, "C", 38m, "D", 41m, "E", 75m, "A"]
      | sort by Ts asc
      | scan with_match_id=session_id declare (sessionStart: timespan) with (
          step inSession: true => sessionStart = iff(isnull(inSession.sessionStart), Ts, inSession.sessionStart);
          step endSession output=none: Ts - inSession.sessionStart > 30m;
        )`);
    expect(r.cols).toEqual(['Ts:timespan', 'Event:string', 'sessionStart:timespan', 'session_id:long']);
    expect(r.rows.map((x) => [x[0], x[2], x[3]])).toEqual([
      ['00:00:00', '00:00:00', 0], ['00:01:00', '00:00:00', 0], ['00:02:00', '00:00:00', 0], ['00:03:00', '00:00:00', 0],
      ['00:32:00', '00:32:00', 1], ['00:36:00', '00:32:00', 1], ['00:38:00', '00:32:00', 1], ['00:41:00', '00:32:00', 1], ['01:15:00', '01:15:00', 2]]);
  });
  it('reference example: events between Start and Stop (the walkthrough)', () => {
    expect(run(`datatable (Ts: timespan, Event: string) [0m, "A", 1m, "Start", 2m, "B", 3m, "D", 4m, "Stop", 6m, "C", 8m, "Start", 11m, "E", 12m, "Stop"]
      | sort by Ts asc
      | scan with_match_id=m_id with (
          step s1: Event == "Start";
          step s2: Event != "Start" and Event != "Stop" and Ts - s1.Ts <= 5m;
          step s3: Event == "Stop" and Ts - s1.Ts <= 5m;
        )`).rows).toEqual([['00:01:00', 'Start', 0], ['00:02:00', 'B', 0], ['00:03:00', 'D', 0], ['00:04:00', 'Stop', 0], ['00:08:00', 'Start', 1], ['00:11:00', 'E', 1], ['00:12:00', 'Stop', 1]]);
  });
  it('reference example: session length per user with partition and output=none/all', () => {
    const r = run(`datatable(Timestamp:datetime, userID:int, EventType:string)[
        datetime(2024-05-28 08:15:23), 1, "login", datetime(2024-05-28 08:30:15), 2, "login", datetime(2024-05-28 09:10:27), 3, "login",
        datetime(2024-05-28 12:30:45), 1, "logout", datetime(2024-05-28 11:45:32), 2, "logout", datetime(2024-05-28 13:25:19), 3, "logout"]
      | sort by userID, Timestamp
      | partition hint.strategy=native by userID (
          sort by Timestamp asc
          | scan declare (start: datetime, end: datetime, sessionDuration: timespan) with (
              step s1 output=none: EventType == "login" => start = Timestamp;
              step s2 output=all: EventType == "logout" => start = s1.start, end = Timestamp, sessionDuration = Timestamp - s1.start;
          ))
      | project start, end, userID, sessionDuration`);
    expect(sortRows(r.rows)).toEqual(sortRows([
      ['2024-05-28T08:15:23Z', '2024-05-28T12:30:45Z', 1, '04:15:22'],
      ['2024-05-28T09:10:27Z', '2024-05-28T13:25:19Z', 3, '04:14:52'],
      ['2024-05-28T08:30:15Z', '2024-05-28T11:45:32Z', 2, '03:15:17'],
    ]));
  });
  it('output=last keeps the last of a run of matches', () => {
    expect(run(`datatable(v:long)[1, 2, 3, 10, 11]
      | scan with (step small output=last: v < 5; step big: v >= 10;)`).rows).toEqual([[3], [10], [11]]);
  });
  it('an empty input gives no rows; unsupported clauses are refused', () => {
    expect(run('datatable(x:long)[] | scan declare (c:long=0) with (step s1: true => c = x;)').rows).toEqual([]);
  });
});

describe('top-nested (top-nested-operator.md)', () => {
  it('reference example: latest records per identity with other column data (order is not specified by the page)', () => {
    const r = run(`datatable(id: string, timestamp: datetime, otherInformation: string)
      ["Barak", datetime(2015-01-01), "1", "Barak", datetime(2016-01-01), "2", "Barak", datetime(2017-01-20), "3",
       "Donald", datetime(2017-01-20), "4", "Donald", datetime(2017-01-18), "5", "Donald", datetime(2017-01-19), "6"]
      | top-nested of id by Ignore0=max(1), top-nested 2 of timestamp by Ignore1=max(timestamp), top-nested of otherInformation by Ignore2=max(1)
      | project-away Ignore0, Ignore1, Ignore2`);
    expect(r.cols).toEqual(['id:string', 'timestamp:datetime', 'otherInformation:string']);
    expect(sortRows(r.rows)).toEqual(sortRows([
      ['Barak', '2016-01-01T00:00:00Z', '2'], ['Donald', '2017-01-19T00:00:00Z', '6'],
      ['Barak', '2017-01-20T00:00:00Z', '3'], ['Donald', '2017-01-20T00:00:00Z', '4']]));
  });
  const S = 'datatable(s:string, k:string, v:long)["a","x",1, "a","y",2, "b","x",10, "c","x",3, "c","y",4, "d","x",1]';
  it('hierarchy: parents by aggregate (desc), children within each parent; aggregated_ column names', () => {
    const r = run(`${S} | top-nested 2 of s by sum(v), top-nested 1 of k by sum(v)`);
    expect(r.cols).toEqual(['s:string', 'aggregated_s:long', 'k:string', 'aggregated_k:long']);
    expect(r.rows).toEqual([['b', 10, 'x', 10], ['c', 7, 'y', 4]]);
  });
  it('with others adds the rest per level; asc orders ascending', () => {
    expect(run(`${S} | top-nested 2 of s with others="rest" by sum(v)`).rows).toEqual([['b', 10], ['c', 7], ['rest', 4]]);
    expect(run(`${S} | top-nested 2 of s by sum(v) asc`).rows).toEqual([['d', 1], ['a', 3]]);
  });
  it('named value and aggregate columns', () => {
    expect(run(`${S} | top-nested 1 of Name=s by Total=sum(v)`).cols).toEqual(['Name:string', 'Total:long']);
  });
  it('empty input gives no rows', () => {
    expect(run('datatable(s:string, v:long)[] | top-nested 2 of s by sum(v)').rows).toEqual([]);
  });
});

describe('top-hitters (top-hitters-operator.md)', () => {
  const S = 'datatable(s:string, v:long)["a",1,"a",2,"b",10,"c",3,"c",4,"d",1]';
  it('by count and by sum, largest first, with the binder\'s column names', () => {
    const a = run(`${S} | top-hitters 2 of s`);
    expect(a.cols).toEqual(['s:string', 'approximate_count_s:long']);
    expect(a.rows).toEqual([['a', 2], ['c', 2]]);
    const b = run(`${S} | top-hitters 2 of s by v`);
    expect(b.cols).toEqual(['s:string', 'approximate_sum_v:long']);
    expect(b.rows).toEqual([['b', 10], ['c', 7]]);
  });
  it('equals the exact query the page says it approximates', () => {
    expect(run(`${S} | top-hitters 3 of s by v`).rows).toEqual(run(`${S} | summarize S = sum(v) by s | top 3 by S desc`).rows);
  });
});

describe('sample / sample-distinct (sample-operator.md, sample-distinct-operator.md)', () => {
  it('sample N returns N distinct input rows, reproducibly for one pinned now', () => {
    const a = run('range x from 1 to 100 step 1 | sample 5').rows;
    expect(a).toHaveLength(5);
    expect(new Set(a.map((r) => r[0])).size).toBe(5);
    for (const [x] of a) expect(x as number).toBeGreaterThanOrEqual(1);
    expect(run('range x from 1 to 100 step 1 | sample 5').rows).toEqual(a);
  });
  it('sample more rows than there are returns them all; sample 0 none', () => {
    expect(run('range x from 1 to 3 step 1 | sample 10').rows).toEqual([[1], [2], [3]]);
    expect(run('range x from 1 to 3 step 1 | sample 0').rows).toEqual([]);
  });
  it('sample-distinct N of a column returns N distinct values of it', () => {
    const r = run('range x from 1 to 100 step 1 | extend m = x % 7 | sample-distinct 3 of m');
    expect(r.cols).toEqual(['m:long']);
    expect(r.rows).toHaveLength(3);
    expect(new Set(r.rows.map((x) => x[0])).size).toBe(3);
    expect(run('range x from 1 to 100 step 1 | extend m = x % 7 | sample-distinct 10 of m').rows).toHaveLength(7);
  });
});

describe('partition (partition-operator.md)', () => {
  it('runs the subquery per partition and unions the results; every strategy gives the same rows', () => {
    const T = 'datatable (Airport:string, Departures:long)["TLV", 1, "TLV", 100, "SEA", 1, "SEA", 2, "SEA", 0]';
    const native = run(`${T} | partition hint.strategy=native by Airport (top 1 by Departures)`).rows;
    expect(native).toEqual([['TLV', 100], ['SEA', 2]]);
    expect(run(`${T} | partition by Airport (top 1 by Departures)`).rows).toEqual(native);
    expect(run(`${T} | partition hint.strategy=shuffle by Airport (summarize n = count())`).rows).toEqual([[2], [3]]);
  });
  it('the legacy form with its own source is refused', () => {
    expect(errorOf('datatable(a:long)[1] | partition by a { datatable(b:long)[1] }').kind).toMatch(/unsupported|semantic/);
  });
});

describe('fork and facet (fork-operator.md, facet-operator.md)', () => {
  it('fork returns one table per leg: the first is the primary result, all are in lastResults with their names', () => {
    const r = run('range x from 1 to 5 step 1 | fork (where x > 3) counted=(count)');
    expect(r.rows).toEqual([[4], [5]]);
    expect(r.engine.lastResults.map((x) => x.name)).toEqual(['GenericResult', 'counted']);
    expect(r.engine.lastResults[1]!.table.data).toEqual([[5]]);
  });
  it('a leg named by as', () => {
    const r = run('range x from 1 to 3 step 1 | fork (take 1 | as First) (take 2)');
    expect(r.engine.lastResults.map((x) => x.name)).toEqual(['First', 'GenericResult']);
  });
  it('facet: the with table first, then count by each column', () => {
    const r = run('datatable(s:string, v:long)["a",1,"a",2,"b",10] | facet by s, v with (take 1)');
    expect(r.rows).toEqual([['a', 1]]);
    const tables = r.engine.lastResults;
    expect(tables.map((x) => x.name)).toEqual(['GenericResult', 's', 'v']);
    expect(tables[1]!.table.columns.map((c) => c.name)).toEqual(['s', 'count_s']);
    expect(tables[1]!.table.data).toEqual([['a', 'b'], [2, 1]]);
    expect(tables[2]!.table.data).toEqual([[1, 2, 10], [1, 1, 1]]);
  });
  it('a single-result query has one entry in lastResults', () => {
    expect(run('print a = 1').engine.lastResults).toHaveLength(1);
  });
});

describe('project-reorder with an ordering (project-reorder-operator.md)', () => {
  it('reference examples', () => {
    expect(run("print a='a', b='b', c='c' | project-reorder b").cols).toEqual(['b:string', 'a:string', 'c:string']);
    expect(run("print b = 'b', a2='a2', a3='a3', a1='a1' | project-reorder a* asc")).toMatchObject({ cols: ['a1:string', 'a2:string', 'a3:string', 'b:string'], rows: [['a1', 'a2', 'a3', 'b']] });
  });
  it('desc is ordinal; granny-asc compares digit runs as numbers', () => {
    expect(run("print b='b', a20='x', a100='y', a3='z' | project-reorder a* desc").cols).toEqual(['a3:string', 'a20:string', 'a100:string', 'b:string']);
    expect(run("print b='b', a20='x', a100='y', a3='z' | project-reorder a* granny-asc").cols).toEqual(['a3:string', 'a20:string', 'a100:string', 'b:string']);
    expect(run("print b='b', a20='x', a100='y', a3='z' | project-reorder a* granny-desc").rows).toEqual([['y', 'x', 'z', 'b']]);
  });
});
