/** Each unsupported variant of the advanced operators fails with KqlUnsupportedError naming it and where it is. */
import { describe, expect, it } from 'vitest';
import type { KqlEngine } from '../../tools/kql/index.js';
import { errorOf } from './kql-adv-helpers.js';

const ext = (e: KqlEngine) => e.mapExternalData('https://example.com/a.csv', '/dev/null');
const T = (e: KqlEngine) => e.registerWireTable('T', [{ name: 'a', type: 'string' }], [['x']]);

const CASES: [string, string, ((e: KqlEngine) => void) | undefined][] = [
  ['print x=1 | evaluate python(typeof(*), "result=df")', 'unsupported KQL: evaluate python() (at line 1, column 13)', undefined],
  ['print x=1 | evaluate autocluster()', 'unsupported KQL: evaluate autocluster() (at line 1, column 13)', undefined],
  ["print s='x=1' | parse kind=regex flags=x s with 'x=' y", 'unsupported KQL: parse flags=x (only i, m, s and U) (at line 1, column 40)', undefined],
  ["print s='x=1' | parse kind=relaxed flags=i s with 'x=' y", 'unsupported KQL: parse kind=relaxed flags= (at line 1, column 42)', undefined],
  ["print d=dynamic({'a':1}) | evaluate bag_unpack(d, columnsConflict='merge')", "unsupported KQL: bag_unpack columnsConflict='merge' (at line 1, column 37)", undefined],
  ['externaldata (a:string) ["https://example.com/a.csv"] with (format="parquet")', 'unsupported KQL: externaldata format=parquet (at line 1, column 68)', ext],
  ['externaldata (a:string) ["https://example.com/a.csv"] with (format="csv", ingestionMapping="[]")', 'unsupported KQL: externaldata property ingestionmapping (at line 1, column 92)', ext],
  ['T | search "*a*b"', "unsupported KQL: search term with inner and outer wildcards ('*a*b') (at line 1, column 12)", T],
];

describe('unsupported variants fail clearly', () => {
  for (const [query, message, setup] of CASES) {
    it(query, () => {
      expect(errorOf(query, setup)).toEqual({ kind: 'unsupported', message });
    });
  }
});
