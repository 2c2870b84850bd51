/**
 * GUID literals the content's queries compare against (built-in role ids, first-party application ids): an
 * anonymised recording keeps them, or the rules could no longer match the recorded rows.
 */
import { loadContent } from '../content/load.js';

const GUID = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/g;

export function contentGuidLiterals(root?: string): string[] {
  const content = loadContent(root);
  const out = new Set<string>();
  for (const item of [...content.analyticRules, ...content.huntingQueries]) for (const m of (item.query ?? '').matchAll(GUID)) out.add(m[0].toLowerCase());
  return [...out].sort();
}
