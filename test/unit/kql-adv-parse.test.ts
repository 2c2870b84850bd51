/** parse and parse-where (simple, regex, relaxed; wildcards; typed captures), per the KQL reference. */
import { describe, expect, it } from 'vitest';
import { run } from './kql-adv-helpers.js';

const S = "print s='event=login user=bob ip=1.2.3.4'";

describe('parse', () => {
  it('simple: literals delimit the captured columns', () => {
    const r = run(`${S} | parse s with 'event=' ev ' user=' u ' ip=' ip`);
    expect(r.cols).toEqual(['s:string', 'ev:string', 'u:string', 'ip:string']);
    expect(r.rows).toEqual([['event=login user=bob ip=1.2.3.4', 'login', 'bob', '1.2.3.4']]);
  });

  it('* skips text before, between and after', () => {
    expect(run(`${S} | parse s with * 'user=' u ' ' *`).rows).toEqual([['event=login user=bob ip=1.2.3.4', 'bob']]);
  });

  it('a pattern may start with a column; the last column takes the rest', () => {
    expect(run("print s='a,b,c' | parse s with x ',' y").rows).toEqual([['a,b,c', 'a', 'b,c']]);
  });

  it('typed captures convert; a failed conversion in simple mode nulls the whole row', () => {
    expect(run("print s='n=42 m=x' | parse s with 'n=' n:long ' m=' m").rows).toEqual([['n=42 m=x', 42, 'x']]);
    const bad = run("print s='n=4x2 m=x' | parse s with 'n=' n:long ' m=' m");
    expect(bad.cols).toEqual(['s:string', 'n:long', 'm:string']);
    expect(bad.rows).toEqual([['n=4x2 m=x', null, '']]);
  });

  it('kind=relaxed: only the column that fails its type is null', () => {
    expect(run("print s='n=4x2 m=x' | parse kind=relaxed s with 'n=' n:long ' m=' m").rows).toEqual([['n=4x2 m=x', null, 'x']]);
  });

  it('a non-matching row gets nulls (empty strings for string columns) and is kept', () => {
    const r = run("datatable(s:string)['n=1 m=a', 'nothing here'] | parse s with 'n=' n:long ' m=' m");
    expect(r.rows).toEqual([['n=1 m=a', 1, 'a'], ['nothing here', null, '']]);
  });

  it('kind=regex: literals are regular expressions, their own groups do not shift the columns', () => {
    const q = "print s='Event: NotifySliceRelease (resourceName=PipelineScheduler, totalSlices=27, sliceNumber=23, lockTime=02/17/2016 08:40:01)'"
      + " | parse kind=regex s with '(.*?)[a-zA-Z]*=' resourceName @', totalSlices=\\s*\\d+\\s*.*?sliceNumber=' sliceNumber:long ', lockTime=' lockTime @'\\)'";
    const r = run(q);
    expect(r.cols).toEqual(['s:string', 'resourceName:string', 'sliceNumber:long', 'lockTime:string']);
    expect(r.rows[0]!.slice(1)).toEqual(['PipelineScheduler', 23, '02/17/2016 08:40:01']);
  });

  it('kind=regex flags=i matches case-insensitively; without it case matters', () => {
    expect(run("print s='x=ABC' | parse kind=regex flags=i s with 'X=' y").rows).toEqual([['x=ABC', 'ABC']]);
    expect(run("print s='x=ABC' | parse kind=regex s with 'X=' y").rows).toEqual([['x=ABC', '']]);
  });

  it('a captured column with the name of an input column replaces it', () => {
    const r = run("print s='key=val' | parse s with 'key=' s");
    expect(r.cols).toEqual(['s:string']);
    expect(r.rows).toEqual([['val']]);
  });

  it('non-string input is parsed as its string form', () => {
    expect(run("print d=dynamic({'k':'v'}) | parse tostring(d) with '{\"k\":\"' v '\"}'").rows).toEqual([[{ k: 'v' }, 'v']]);
  });
});

describe('parse-where', () => {
  it('drops rows that do not match', () => {
    const r = run("datatable(s:string)['n=1 m=a', 'bad', 'n=2 m=b'] | parse-where s with 'n=' n:int ' m=' m");
    expect(r.cols).toEqual(['s:string', 'n:int', 'm:string']);
    expect(r.rows).toEqual([['n=1 m=a', 1, 'a'], ['n=2 m=b', 2, 'b']]);
  });

  it('drops rows whose typed capture fails (simple), keeps them with null in relaxed', () => {
    const T = "datatable(s:string)['n=1 m=a', 'n=z m=b']";
    expect(run(`${T} | parse-where s with 'n=' n:int ' m=' m`).rows).toEqual([['n=1 m=a', 1, 'a']]);
    expect(run(`${T} | parse-where kind=relaxed s with 'n=' n:int ' m=' m`).rows).toEqual([['n=1 m=a', 1, 'a'], ['n=z m=b', null, 'b']]);
  });

  it('an empty input stays empty with the new columns', () => {
    const r = run("datatable(s:string)[] | parse-where s with 'a=' a:long");
    expect(r.cols).toEqual(['s:string', 'a:long']);
    expect(r.rows).toEqual([]);
  });
});
