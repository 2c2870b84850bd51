/**
 * What a content kind contributes to the package. Each kind (analytic rule, hunting query, workbook, playbook, ...)
 * is one file exporting a `KindPackager`; kinds/index.ts lists them in packaging order. Adding a kind means adding
 * a file and a line there: the main template, createUiDefinition, standalone templates, Bicep entry point and the
 * checks are generic over this interface.
 */
import type { PackItem } from '../items.js';
import type { SolutionInfo } from '../solution-info.js';
import type { Json } from '../arm/template-file.js';

export interface PackContext {
  sol: SolutionInfo;
  /** The parsers each item's queries call (item -> parser items), for metadata dependencies and install order. */
  parserCalls?: Map<PackItem, PackItem[]>;
  /** Analytic rules that also ship as Defender XDR custom detections (content id -> fit). */
  customDetections?: Map<string, import('../defender/fit.js').CustomDetectionFit>;
}

/** The item's own template, as Content Hub stores it in the contentTemplate (before the escaping step). */
export interface NestedContent {
  parameters: Record<string, Json>;
  variables: Record<string, Json>;
  resources: Json[];
  /** mainTemplate.metadata (playbooks: title, description, prerequisites, ...). */
  metadata?: Record<string, Json>;
  /** Metadata dependencies (data types, connectors) of the item. */
  dependencies?: Json;
}

export interface KindPackager {
  kind: PackItem['kind'];
  /** The solution data file list that names the items (`Analytic Rules`, ...). */
  dataKey: string;
  /** Metadata / contentTemplate kind (`AnalyticsRule`, `HuntingQuery`, `Workbook`, `Playbook`, ...). */
  contentKind: string;
  /** The kind's words in the contentTemplate description when not `contentKind` (parsers: `Data Parser`). */
  descriptionKind?: string;
  /** Short code in content product ids and template spec names (`ar`, `hq`, ...). */
  abbr: string;
  /** Prefix of the item's object variable (`analyticRuleObject1`). */
  prefix: string;
  /** Folder of the standalone templates under Solution/Deploy. */
  folder: string;
  /** Resource type the metadata's parentId points at, named by the item's content id. */
  parentType: string;
  /** The parent resource id expression (without brackets) when it is not resourceId(parentType, contentId). */
  parentId?(it: PackItem): string;
  /** createUiDefinition step for the kind (none for parsers: official packages list them only in the counts line). */
  ui?: { name: string; label: string; section: string; intro: string; learnMore: string };
  /** Parameters the item adds to mainTemplate.json (workbooks: their display name), referenced with outer(). */
  outerParameters?(it: PackItem): Record<string, Json>;
  /** The item's own template for the contentTemplate (item scope; outer() marks install-time bindings). */
  nested(it: PackItem, ctx: PackContext): NestedContent;
  /**
   * Top-level resources the package deploys for the item at install time, next to its contentTemplate (parsers:
   * the workspace function and its metadata, as the official packager emits them, so installed rules can call it).
   */
  installed?(it: PackItem, ctx: PackContext): Json[];
  /** A deployable template for the item alone, taking `workspace`. */
  standalone(it: PackItem, ctx: PackContext): Json;
}
