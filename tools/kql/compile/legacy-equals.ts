/**
 * The legacy single `=` comparison in `where` (`where Col = "x"`), which the service still accepts in old
 * queries: Kusto.Language parses the condition as a named expression and reports KS141 (not a bool). We accept
 * exactly `where Name = value` where value is not itself an and/or expression (the parser would have bound
 * `a = "x" and b == 1` as `a = ("x" and b == 1)`, which has no sensible reading), and evaluate it as `Name == value`.
 */
import { kindName, type Node } from './syntax.js';

/** Is this `where` condition a legacy `Name = value` comparison? */
export function isLegacyEquality(condition: Node): boolean {
  if (kindName(condition) !== 'SimpleNamedExpression') return false;
  const k = kindName(condition.Expression);
  return k !== 'AndExpression' && k !== 'OrExpression';
}

/** Text offsets of every legacy `where Name = value` condition in the query (their KS141 diagnostics are not errors). */
export function legacyEqualityOffsets(root: Node): Set<number> {
  const out = new Set<number>();
  const walk = (n: Node) => {
    if (!n || n.IsToken) return;
    if (kindName(n) === 'FilterOperator' && n.Condition && isLegacyEquality(n.Condition)) out.add(n.Condition.TextStart);
    for (let i = 0; i < n.ChildCount; i++) walk(n.GetChild(i));
  };
  walk(root);
  return out;
}
