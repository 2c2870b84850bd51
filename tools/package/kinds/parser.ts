/**
 * Parsers (Parsers/<FunctionName>.yaml): workspace functions, i.e. `Microsoft.OperationalInsights/workspaces/
 * savedSearches` with `functionAlias` (the name queries call) and `functionParameters`. Shape as the official V3
 * packager emits it (compared with Solutions/Okta Single Sign-On/Package/mainTemplate.json, package 3.0.0):
 *   - the contentTemplate (contentKind Parser, content id `<FunctionName>-Parser`, abbreviation `pr`) holding the
 *     saved search (category "Microsoft Sentinel Parser", version 2, a description tag) and its Parser metadata,
 *     whose parentId is the saved search `resourceId(workspaces/savedSearches, workspace, FunctionName)`;
 *   - the same saved search and metadata again as top-level resources, so the function exists as soon as the
 *     solution is installed (rules created from the templates call it);
 *   - no createUiDefinition step (official packages list parsers only in the counts line).
 * Deviation: the saved search uses the pinned workspaces/savedSearches api-version (tools/schemas/arm/api-versions.json),
 * not the packager's 2022-10-01, which the official deployment-template schemas do not define for this type.
 * A parser that calls other parsers depends on them (metadata criteria; dependsOn for the installed function).
 */
import { trimDescription } from '../arm-content.js';
import { apiVersion } from '../arm/api-versions.js';
import { outer } from '../arm/nested.js';
import type { Json } from '../arm/template-file.js';
import type { PackItem } from '../items.js';
import { parameterList } from '../../content/parsers.js';
import { standaloneTemplate } from './standalone.js';
import type { KindPackager, PackContext } from './types.js';

const SAVED_SEARCHES = 'Microsoft.OperationalInsights/workspaces/savedSearches';
const METADATA = 'Microsoft.OperationalInsights/workspaces/providers/metadata';
export const PARSER_CATEGORY = 'Microsoft Sentinel Parser';

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
const functionName = (it: PackItem) => it.parser!.functionName!;

/** `name:type = default, ...` (the format SavedSearchProperties.functionParameters documents); '' without parameters. */
export function functionParameters(it: PackItem): string {
  return parameterList(it.parser!.parameters).slice(1, -1);
}

/** The saved search's properties, identical in the contentTemplate, the installed resource and the standalone template. */
export function parserProperties(it: PackItem): Record<string, Json> {
  const p = it.parser!;
  return {
    eTag: '*',
    displayName: it.displayName,
    category: PARSER_CATEGORY,
    functionAlias: p.functionAlias!,
    query: p.query!,
    functionParameters: functionParameters(it),
    version: 2,
    tags: [{ name: 'description', value: trimDescription(it.description) }],
  };
}

/** ARM id of a parser's saved search in the install's workspace (outer-template expression, without brackets). */
export const parserResourceId = (it: PackItem) => `resourceId('${SAVED_SEARCHES}', parameters('workspace'), ${q(functionName(it))})`;

export const parser: KindPackager = {
  kind: 'parser', dataKey: 'Parsers', contentKind: 'Parser', descriptionKind: 'Data Parser', abbr: 'pr', prefix: 'parser', folder: 'parsers',
  parentType: SAVED_SEARCHES,
  parentId: parserResourceId,
  nested(it) {
    return {
      parameters: {}, variables: {},
      resources: [{
        type: SAVED_SEARCHES, apiVersion: apiVersion(SAVED_SEARCHES),
        name: outer(`[concat(parameters('workspace'),'/',${q(functionName(it))})]`),
        location: outer("[parameters('workspace-location')]"),
        properties: parserProperties(it),
      }],
    };
  },
  installed(it, ctx: PackContext) {
    const called = ctx.parserCalls?.get(it) ?? [];
    const id = `[${parserResourceId(it)}]`;
    const author: Json = { name: ctx.sol.authorName };
    if (ctx.sol.email) author.email = "[variables('_email')]";
    return [
      {
        type: SAVED_SEARCHES, apiVersion: apiVersion(SAVED_SEARCHES),
        name: `[concat(parameters('workspace'),'/',${q(functionName(it))})]`,
        location: "[parameters('workspace-location')]",
        // A function body is resolved when it is saved: the functions it calls go first.
        ...(called.length ? { dependsOn: called.map((p) => `[${parserResourceId(p)}]`) } : {}),
        properties: parserProperties(it),
      },
      {
        type: METADATA, apiVersion: apiVersion(METADATA),
        location: "[parameters('workspace-location')]",
        name: `[concat(parameters('workspace'),'/Microsoft.SecurityInsights/',concat('Parser-', last(split(${parserResourceId(it)},'/'))))]`,
        dependsOn: [id],
        properties: {
          parentId: id,
          contentId: it.contentId,
          kind: 'Parser',
          version: it.version,
          source: { kind: 'Solution', name: ctx.sol.name, sourceId: "[variables('_solutionId')]" },
          author,
          support: ctx.sol.support,
          ...(called.length ? { dependencies: parserDependencies(called) } : {}),
        },
      },
    ];
  },
  standalone(it, ctx) {
    const called = ctx.parserCalls?.get(it) ?? [];
    const description = `${trimDescription(it.description)}${called.length ? `\n\nCalls ${called.map((p) => p.parser!.functionAlias).join(', ')}: deploy ${called.length > 1 ? 'those parsers' : 'that parser'} first.` : ''}`;
    return standaloneTemplate(it, description, {}, {}, [{
      type: SAVED_SEARCHES, apiVersion: apiVersion(SAVED_SEARCHES),
      name: `[concat(parameters('workspace'),'/',${q(functionName(it))})]`,
      properties: parserProperties(it),
    }]);
  },
};

/** Metadata dependency criteria on parsers (Parser is a content kind of the metadata API's dependencies). */
export function parserDependencies(parsers: PackItem[]): Json {
  return { operator: 'AND', criteria: parsers.map((p) => ({ contentId: p.contentId, kind: 'Parser', version: p.version })) };
}
