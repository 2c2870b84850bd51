/** The content kinds the package carries, in the order Content Hub lists them (the official packager's order). */
import { analyticRule } from './analytic-rule.js';
import { huntingQuery } from './hunting-query.js';
import { playbook } from './playbook.js';
import { workbook } from './workbook.js';
import { summaryRule } from './summary-rule.js';
import { parser } from './parser.js';
import type { KindPackager } from './types.js';
import type { ItemKind } from '../items.js';

/** Packaging order of the items in mainTemplate.json (createUiDefinition steps follow UI_ORDER). */
export const KINDS: KindPackager[] = [analyticRule, huntingQuery, workbook, playbook, summaryRule, parser];
export const UI_ORDER: ItemKind[] = ['workbook', 'analyticRule', 'huntingQuery', 'playbook', 'summaryRule'];

export function kindOf(kind: ItemKind): KindPackager {
  const k = KINDS.find((x) => x.kind === kind);
  if (!k) throw new Error(`no packager for content kind ${kind}`);
  return k;
}
export type { KindPackager, NestedContent, PackContext } from './types.js';
