/** Operator dispatch by syntax kind. Adding an operator = one file here + one line in this table. */
import type { OperatorFn } from './types.js';
import { where } from './filter.js';
import { extend, project, projectAway, projectKeep, projectRename, projectReorder } from './project.js';
import { count, distinct, serialize, sort, take, top } from './sort.js';
import { summarize } from './summarize.js';
import { join, lookup } from './join.js';
import { union } from './union.js';
import { mvExpand } from './mv-expand.js';
import { print, range } from './sources.js';
import { as, getschema, invoke, render } from './misc.js';
import { parse, parseWhere } from './parse.js';
import { mvApply } from './mv-apply.js';
import { makeSeries } from './make-series.js';
import { evaluate } from './evaluate.js';
import { search } from './search.js';
import { externaldata } from './externaldata.js';
import { parseKv } from './parse-kv.js';
import { scan } from './scan.js';
import { topNested } from './top-nested.js';
import { topHitters } from './top-hitters.js';
import { sample, sampleDistinct } from './sample.js';
import { partition } from './partition.js';
import { facet, fork } from './fork.js';

export const OPERATORS: Record<string, OperatorFn> = {
  FilterOperator: where,
  ProjectOperator: project,
  ExtendOperator: extend,
  ProjectAwayOperator: projectAway,
  ProjectKeepOperator: projectKeep,
  ProjectRenameOperator: projectRename,
  ProjectReorderOperator: projectReorder,
  SortOperator: sort,
  TopOperator: top,
  TakeOperator: take,
  DistinctOperator: distinct,
  CountOperator: count,
  SerializeOperator: serialize,
  SummarizeOperator: summarize,
  JoinOperator: join,
  LookupOperator: lookup,
  UnionOperator: union,
  MvExpandOperator: mvExpand,
  MvApplyOperator: mvApply,
  PrintOperator: print,
  RangeOperator: range,
  AsOperator: as,
  RenderOperator: render,
  GetSchemaOperator: getschema,
  InvokeOperator: invoke,
  ParseOperator: parse,
  ParseWhereOperator: parseWhere,
  MakeSeriesOperator: makeSeries,
  EvaluateOperator: evaluate,
  SearchOperator: search,
  ExternalDataExpression: externaldata,
  ParseKvOperator: parseKv,
  ScanOperator: scan,
  TopNestedOperator: topNested,
  TopHittersOperator: topHitters,
  SampleOperator: sample,
  SampleDistinctOperator: sampleDistinct,
  PartitionOperator: partition,
  ForkOperator: fork,
  FacetOperator: facet,
};
