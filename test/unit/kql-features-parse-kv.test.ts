/**
 * parse-kv, checked against every example of the reference page (parse-kv-operator.md in MicrosoftDocs/dataexplorer-docs),
 * plus edge cases: missing keys, type conversion failures, empty input, first appearance wins.
 */
import { describe, expect, it } from 'vitest';
import { errorOf, run } from './kql-adv-helpers.js';

describe('parse-kv: reference examples (parse-kv-operator.md)', () => {
  it('well-defined delimiters', () => {
    const r = run(`print str="ThreadId:458745723, Machine:Node001, Text: The service is up, Level: Info"
      | parse-kv str as (Text: string, ThreadId:long, Machine: string) with (pair_delimiter=',', kv_delimiter=':')
      | project-away str`);
    expect(r.cols).toEqual(['Text:string', 'ThreadId:long', 'Machine:string']);
    expect(r.rows).toEqual([['The service is up', 458745723, 'Node001']]);
  });

  it('value quoting with one quote character and with an opening/closing pair', () => {
    const expected = [['2021-01-01T10:00:54Z', '10.1.1.123', '10.1.1.124', 125, 'connection aborted']];
    const a = run(`print str='src=10.1.1.123 dst=10.1.1.124 bytes=125 failure="connection aborted" "event time"=2021-01-01T10:00:54'
      | parse-kv str as (['event time']:datetime, src:string, dst:string, bytes:long, failure:string) with (pair_delimiter=' ', kv_delimiter='=', quote='"')
      | project-away str`);
    expect(a.cols).toEqual(['event time:datetime', 'src:string', 'dst:string', 'bytes:long', 'failure:string']);
    expect(a.rows).toEqual(expected);
    const b = run(`print str='src=10.1.1.123 dst=10.1.1.124 bytes=125 failure=(connection aborted) (event time)=(2021-01-01 10:00:54)'
      | parse-kv str as (['event time']:datetime, src:string, dst:string, bytes:long, failure:string) with (pair_delimiter=' ', kv_delimiter='=', quote='()')
      | project-away str`);
    expect(b.rows).toEqual(expected);
  });

  it('escaped quotes inside a quoted value', () => {
    const r = run(`print str='src=10.1.1.123 dst=10.1.1.124 bytes=125 failure="the remote host sent \\\\"bye!\\\\"" time=2021-01-01T10:00:54'
      | parse-kv str as (['time']:datetime, src:string, dst:string, bytes:long, failure:string) with (pair_delimiter=' ', kv_delimiter='=', quote='"', escape='\\\\')
      | project-away str`);
    expect(r.rows).toEqual([['2021-01-01T10:00:54Z', '10.1.1.123', '10.1.1.124', 125, 'the remote host sent "bye!"']]);
  });

  it('greedy mode runs an unquoted value to the next key', () => {
    const q = (greedy: string) => `print str='name=John Doe phone=555 5555 city=New York'
      | parse-kv str as (name:string, phone:string, city:string) with (pair_delimiter=' ', kv_delimiter='='${greedy})
      | project-away str`;
    expect(run(q('')).rows).toEqual([['John', '555', 'New']]);
    expect(run(q(', greedy=true')).rows).toEqual([['John Doe', '555 5555', 'New York']]);
  });

  it('no delimiters: any non-word character separates; quoting and escaping still apply', () => {
    expect(run(`print str="2021-01-01T10:00:34 [INFO] ThreadId:458745723, Machine:Node001, Text: Started"
      | parse-kv str as (Text: string, ThreadId:long, Machine: string)
      | project-away str`).rows).toEqual([['Started', 458745723, 'Node001']]);
    expect(run(`print str="2021-01-01T10:00:34 [INFO] ThreadId:458745723, Machine:Node001, Text: 'The service \\\\' is up'"
      | parse-kv str as (Text: string, ThreadId:long, Machine: string) with (quote="'", escape='\\\\')
      | project-away str`).rows).toEqual([["The service ' is up", 458745723, 'Node001']]);
  });

  it('regex mode: first group is the key, second the value', () => {
    const r = run(`print str=@'["referer url: https://hostname.com/redirect?dest=/?h=1234", "request url: https://hostname.com/?h=1234", "advertiser id: 24fefbca-cf27-4d62-a623-249c2ad30c73"]'
      | parse-kv str as (['referer url']:string, ['request url']:string, ['advertiser id']: guid) with (regex=@'"([\\w ]+)\\s*:\\s*([^"]*)"')
      | project-away str`);
    expect(r.cols).toEqual(['referer url:string', 'request url:string', 'advertiser id:guid']);
    expect(r.rows).toEqual([['https://hostname.com/redirect?dest=/?h=1234', 'https://hostname.com/?h=1234', '24fefbca-cf27-4d62-a623-249c2ad30c73']]);
  });
});

describe('parse-kv: edge cases', () => {
  const T = `datatable(s:string)["a=1;b=x;a=2", "b=y", "", "a=notanumber"]`;
  it('missing keys give the type null, the first appearance wins, bad values are null; other columns stay', () => {
    const r = run(`${T} | parse-kv s as (a:long, b:string) with (pair_delimiter=';', kv_delimiter='=')`);
    expect(r.cols).toEqual(['s:string', 'a:long', 'b:string']);
    expect(r.rows).toEqual([['a=1;b=x;a=2', 1, 'x'], ['b=y', null, 'y'], ['', null, ''], ['a=notanumber', null, '']]);
  });
  it('empty input keeps the schema', () => {
    const r = run(`datatable(s:string)[] | parse-kv s as (a:long) with (pair_delimiter=';', kv_delimiter='=')`);
    expect(r.cols).toEqual(['s:string', 'a:long']);
    expect(r.rows).toEqual([]);
  });
  it('keys are matched case-sensitively and trimmed', () => {
    expect(run(`print s=' A = 1 ; a = 2 ' | parse-kv s as (a:long, A:long) with (pair_delimiter=';', kv_delimiter='=') | project a, A`).rows).toEqual([[2, 1]]);
  });
  it('a dynamic key parses JSON', () => {
    expect(run(`print s='k={"x":1}|j=2' | parse-kv s as (k:dynamic) with (pair_delimiter='|', kv_delimiter='=') | project k`).rows).toEqual([[{ x: 1 }]]);
  });
  it('only one of pair_delimiter/kv_delimiter is refused', () => {
    expect(errorOf(`print s='a=1' | parse-kv s as (a:long) with (kv_delimiter='=')`).kind).toBe('unsupported');
  });
});
