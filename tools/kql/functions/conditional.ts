/** Null/empty tests and conditionals: isempty, isnull, iff/iif, case, coalesce, not. */
import { registerScalar, scalar } from '../registry.js';

const isNullOrEmpty = (value: unknown) => value === null || value === undefined || value === '';

registerScalar(
  scalar('isempty(value: scalar): bool', function isempty(value: unknown) { return isNullOrEmpty(value); }, { nulls: 'handled' }),
  scalar('isnotempty(value: scalar): bool', function isnotempty(value: unknown) { return !isNullOrEmpty(value); }, { nulls: 'handled' }),
  scalar('isnull(expression: scalar): bool', function isnull(expression: unknown) { return expression === null || expression === undefined; }, { nulls: 'handled' }),
  scalar('isnotnull(expression: scalar): bool', function isnotnull(expression: unknown) { return !(expression === null || expression === undefined); }, { nulls: 'handled' }),
  scalar('not(expression: bool): bool', function not(expression: boolean) { return !expression; }),
  scalar('iff(if: bool, then: scalar, else: scalar): common type of then and else',
    function iff(condition: unknown, then: unknown, otherwise: unknown) { return condition === true ? then : otherwise; },
    { nulls: 'handled', aliases: ['iif'] }),
  // case(predicate1, then1, predicate2, then2, ..., else): pairs, then the default.
  scalar('case(predicatesThenValuesElse: scalar...): common type of the values',
    function caseOf(args: unknown[]) {
      for (let i = 0; i + 1 < args.length; i += 2) if (args[i] === true) return args[i + 1];
      return args[args.length - 1];
    }, { nulls: 'handled' }),
  scalar('coalesce(arg: scalar...): common type of the args',
    function coalesce(args: unknown[]) {
      for (const v of args) if (!isNullOrEmpty(v)) return v;
      return args[args.length - 1] === '' ? '' : null;
    }, { nulls: 'handled' }),
);
