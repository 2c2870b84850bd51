/**
 * The conformance report's families: which part of the language a reference page documents. Function pages take
 * their category from the reference's own index pages (scalar-functions.md, aggregation-functions.md); operator,
 * plugin and graph pages go by their file name; everything else (data types, statements, arithmetic) is "language".
 */
import { familiesFromIndex } from './markdown.js';

/** Scalar-function categories of scalar-functions.md, folded into the report's families. */
const SCALAR_CATEGORY: [RegExp, string][] = [
  [/^binary/i, 'math'],
  [/^conversion/i, 'conversion'],
  [/^datetime/i, 'datetime'],
  [/^dynamic/i, 'dynamic'],
  [/^window/i, 'window'],
  [/^flow control/i, 'flow-control'],
  [/^mathematical|^rounding|^units/i, 'math'],
  [/^metadata/i, 'metadata'],
  [/^conditional/i, 'conditional'],
  [/^series/i, 'series'],
  [/^string/i, 'string'],
  [/^ipv4/i, 'ip'],
  [/^type/i, 'conversion'],
  [/^scalar aggregation/i, 'dynamic'],
  [/^geospatial/i, 'geo'],
  [/^hash/i, 'hash'],
];

export function scalarFamily(heading: string): string {
  for (const [re, fam] of SCALAR_CATEGORY) if (re.test(heading)) return fam;
  return '';
}

export class FamilyIndex {
  private readonly byPage = new Map<string, string>();

  constructor(scalarIndex: string, aggregateIndex: string) {
    for (const [page, fam] of familiesFromIndex(aggregateIndex, (h) => (/functions|types at a glance/i.test(h) ? 'aggregates' : ''))) this.byPage.set(page, fam);
    for (const [page, fam] of familiesFromIndex(scalarIndex, scalarFamily)) if (!this.byPage.has(page)) this.byPage.set(page, fam);
  }

  /** The family of a page, by its path under kusto/query/. */
  familyOf(path: string): string {
    const file = path.split('/').pop()!;
    const listed = this.byPage.get(file);
    if (listed) return listed;
    if (/^graph|graph-|^node-|opencypher/.test(file) || path.includes('/graph')) return 'graph';
    if (/-operator\.md$|^join-/.test(file)) return 'operators';
    if (/-plugin\.md$/.test(file)) return 'plugins';
    if (/^geo-|^h3|^s2/.test(file)) return 'geo';
    if (/-aggregation-function\.md$/.test(file)) return 'aggregates';
    if (/-function\.md$/.test(file) || /^(isascii|bag-zip|gzip-base64-\w+)\.md$/.test(file)) return 'functions (other)';
    return 'language';
  }
}
