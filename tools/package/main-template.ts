/**
 * mainTemplate.json (Content Hub, contentSchemaVersion 3.0.0) built as objects: per item one object variable
 * (`<prefix>Object<n>`: version, content id, parent resource id, template spec name, content product id, the way
 * official packages group them so the variable count does not grow with the items), one contentTemplate holding the
 * item's own template after the escaping step plus its metadata resource, and the contentPackages resource.
 */
import { trimDescription } from './arm-content.js';
import { apiVersion } from './arm/api-versions.js';
import { escapeNested, outer } from './arm/nested.js';
import type { Json } from './arm/template-file.js';
import type { PackItem } from './items.js';
import { kindOf, type PackContext } from './kinds/index.js';
import { customDetectionId, detectionRuleTemplate } from './defender/emit.js';
import { customDetectionConstraints } from './defender/fit.js';
import { parserDependencies } from './kinds/parser.js';

const CONTENT_TEMPLATES = 'Microsoft.OperationalInsights/workspaces/providers/contentTemplates';
const CONTENT_PACKAGES = 'Microsoft.OperationalInsights/workspaces/providers/contentPackages';
const METADATA = 'Microsoft.OperationalInsights/workspaces/providers/metadata';
const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

/** `[variables('analyticRuleObject1').version]`-style reference to a field of an item's object variable. */
export const objectVariable = (it: PackItem) => `${kindOf(it.kind).prefix}Object${it.n}`;
const field = (it: PackItem, f: string) => `variables('${objectVariable(it)}').${f}`;
const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

function itemVariables(it: PackItem): Record<string, string> {
  const k = kindOf(it.kind);
  return {
    version: it.version,
    contentId: it.contentId,
    id: `[${k.parentId ? k.parentId(it) : `resourceId(${q(k.parentType)}, ${q(it.contentId)})`}]`,
    templateSpecName: `[concat(parameters('workspace'),'/Microsoft.SecurityInsights/',concat(parameters('workspace'),'-${k.abbr}-',uniquestring(${q(it.contentId)})))]`,
    contentProductId: `[concat(take(variables('_solutionId'),50),'-','${k.abbr}','-', uniqueString(concat(variables('_solutionId'),'-','${k.contentKind}','-',${q(it.contentId)},'-', ${q(it.version)})))]`,
  };
}

function metadataResource(it: PackItem, ctx: PackContext, dependencies: Json): Json {
  const k = kindOf(it.kind);
  const author: Json = { name: ctx.sol.authorName };
  if (ctx.sol.email) author.email = "[variables('_email')]";
  return {
    type: METADATA, apiVersion: apiVersion(METADATA),
    name: outer(`[concat(parameters('workspace'),'/Microsoft.SecurityInsights/',concat('${k.contentKind}-', last(split(${field(it, 'id')},'/'))))]`),
    properties: {
      description: trimDescription(it.description).slice(0, 1000) || it.displayName,
      parentId: outer(`[${field(it, 'id')}]`),
      contentId: outer(`[${field(it, 'contentId')}]`),
      kind: k.contentKind,
      version: outer(`[${field(it, 'version')}]`),
      source: { kind: 'Solution', name: ctx.sol.name, sourceId: outer("[variables('_solutionId')]") },
      author: escapeOuter(author),
      support: ctx.sol.support,
      ...(dependencies ? { dependencies } : {}),
    },
  };
}

/** Values of the outer template placed in nested content: expressions become outer() bindings. */
function escapeOuter(v: Json): Json {
  if (typeof v === 'string') return v.startsWith('[') && !v.startsWith('[[') ? outer(v) : v;
  if (Array.isArray(v)) return v.map(escapeOuter);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([key, x]) => [key, escapeOuter(x)]));
  return v;
}

/** An item's own dependencies plus the parsers its queries call (the function must be installed for them to work). */
function withParserDependencies(own: Json, called: PackItem[]): Json {
  if (!called.length) return own;
  const parsers = parserDependencies(called);
  if (!own) return parsers;
  return { ...own, operator: own.operator ?? 'AND', criteria: [...(own.criteria ?? []), ...parsers.criteria] };
}

function contentTemplate(it: PackItem, ctx: PackContext): Json {
  const k = kindOf(it.kind);
  const nested = k.nested(it, ctx);
  nested.dependencies = withParserDependencies(nested.dependencies, ctx.parserCalls?.get(it) ?? []);
  const mainTemplate: Json = {
    $schema: SCHEMA,
    // A literal 4-part version: the stored template must match the deploymentTemplate schema's contentVersion pattern.
    contentVersion: [...it.version.split('.'), '0', '0', '0'].slice(0, 4).join('.'),
    parameters: nested.parameters,
    variables: nested.variables,
    resources: [...nested.resources, metadataResource(it, ctx, nested.dependencies)],
  };
  if (nested.metadata) mainTemplate.metadata = nested.metadata;
  return {
    type: CONTENT_TEMPLATES, apiVersion: apiVersion(CONTENT_TEMPLATES),
    ...(it.kind === 'analyticRule' && ctx.customDetections?.size ? { condition: "[parameters('DeployAnalyticsRule')]" } : {}),
    name: `[${field(it, 'templateSpecName')}]`,
    location: "[parameters('workspace-location')]",
    dependsOn: ["[extensionResourceId(resourceId('Microsoft.OperationalInsights/workspaces', parameters('workspace')), 'Microsoft.SecurityInsights/contentPackages', variables('_solutionId'))]"],
    properties: {
      description: `${it.baseName} ${k.descriptionKind ?? k.contentKind} with template version ${ctx.sol.version}`,
      // The one escaping step: everything of the item's own template is left for the stored template to evaluate.
      mainTemplate: escapeNested(mainTemplate),
      packageKind: 'Solution',
      packageVersion: "[variables('_solutionVersion')]",
      packageName: "[variables('_solutionName')]",
      packageId: "[variables('_solutionId')]",
      contentSchemaVersion: '3.0.0',
      contentId: `[${field(it, 'contentId')}]`,
      contentKind: k.contentKind,
      displayName: it.displayName,
      contentProductId: `[${field(it, 'contentProductId')}]`,
      id: `[${field(it, 'contentProductId')}]`,
      version: `[${field(it, 'version')}]`,
    },
  };
}

const DEPLOYMENTS = 'Microsoft.Resources/deployments';
const cdVariable = (it: PackItem) => `customDetectionObject${it.n}`;
const cdVariables = (it: PackItem) => ({
  contentProductId: `[concat(take(variables('_solutionId'),50),'-','cd','-', uniqueString(concat(variables('_solutionId'),'-','CustomDetection','-',${q(customDetectionId(it))},'-', ${q(it.version)})))]`,
});
const XDR_VERSION = (it: PackItem) => it.version;

/**
 * A rule that fits ships also as a Defender XDR custom detection, the way the official V3.1 packager ships it:
 * an install deployment (language version 2.0 template, MicrosoftSecurity extension) and a Content Hub
 * registration (contentTemplate of kind CustomDetection), both under DeployCustomDetection (default false);
 * the Sentinel rule templates are under DeployAnalyticsRule (default true). Both may be chosen.
 */
function customDetectionResources(items: PackItem[], ctx: PackContext): Json[] {
  const out: Json[] = [];
  for (const it of items.filter((i) => i.kind === 'analyticRule' && ctx.customDetections?.has(i.contentId))) {
    const fit = ctx.customDetections!.get(it.contentId)!;
    const id = customDetectionId(it);
    const install = `${ctx.sol.name.replace(/[^A-Za-z0-9-]/g, '')}-CD-${id}`.slice(0, 64);
    out.push({
      type: DEPLOYMENTS, apiVersion: apiVersion(DEPLOYMENTS), name: install, condition: "[parameters('DeployCustomDetection')]",
      properties: { mode: 'Incremental', expressionEvaluationOptions: { scope: 'Inner' }, template: detectionRuleTemplate(it, fit) },
    });
    out.push({
      type: CONTENT_TEMPLATES, apiVersion: apiVersion(CONTENT_TEMPLATES), condition: "[parameters('DeployCustomDetection')]",
      name: `[concat(parameters('workspace'),'/Microsoft.SecurityInsights/',concat(parameters('workspace'),'-cd-',uniquestring(${q(id)})))]`,
      location: "[parameters('workspace-location')]",
      dependsOn: [`[resourceId('${DEPLOYMENTS}', ${q(install)})]`, "[extensionResourceId(resourceId('Microsoft.OperationalInsights/workspaces', parameters('workspace')), 'Microsoft.SecurityInsights/contentPackages', variables('_solutionId'))]"],
      properties: {
        description: `${it.baseName} CustomDetection with template version ${ctx.sol.version}`,
        mainTemplate: escapeNested(detectionRuleTemplate(it, fit)),
        packageKind: 'Solution', packageVersion: "[variables('_solutionVersion')]", packageName: "[variables('_solutionName')]", packageId: "[variables('_solutionId')]",
        contentSchemaVersion: '3.0.0', contentId: id, contentKind: 'CustomDetection', displayName: it.displayName,
        contentProductId: `[variables('${cdVariable(it)}').contentProductId]`,
        id: `[variables('${cdVariable(it)}').contentProductId]`,
        version: XDR_VERSION(it),
      },
    });
  }
  return out;
}

export function buildMainTemplate(items: PackItem[], ctx: PackContext): Json {
  const { sol } = ctx;
  const parameters: Json = {
    location: {
      type: 'string', minLength: 1, defaultValue: '[resourceGroup().location]',
      metadata: { description: 'Not used, but needed to pass arm-ttk test `Location-Should-Not-Be-Hardcoded`.  We instead use the `workspace-location` which is derived from the LA workspace' },
    },
    'workspace-location': {
      type: 'string', defaultValue: '',
      metadata: { description: "[concat('Region to deploy solution resources -- separate from location selection',parameters('location'))]" },
    },
    workspace: { defaultValue: '', type: 'string', metadata: { description: 'Workspace name for Log Analytics where Microsoft Sentinel is setup' } },
  };
  for (const it of items) Object.assign(parameters, kindOf(it.kind).outerParameters?.(it) ?? {});
  if (ctx.customDetections?.size) {
    parameters.DeployAnalyticsRule = { type: 'bool', defaultValue: true, metadata: { description: 'Install the Microsoft Sentinel analytic rule templates of this solution.' } };
    parameters.DeployCustomDetection = { type: 'bool', defaultValue: false, metadata: { description: `Install the ${ctx.customDetections.size} rules that fit as Microsoft Defender XDR custom detections (disabled; ${customDetectionConstraints().apiVersion}) and register them in Content Hub.` } };
  }
  const variables: Json = {
    ...(sol.email ? { email: sol.email, _email: "[variables('email')]" } : {}),
    _solutionName: sol.name,
    _solutionVersion: sol.version,
    solutionId: sol.id,
    _solutionId: "[variables('solutionId')]",
    workspaceResourceId: "[resourceId('microsoft.OperationalInsights/Workspaces', parameters('workspace'))]",
    _solutioncontentProductId: "[concat(take(variables('_solutionId'),50),'-','sl','-', uniqueString(concat(variables('_solutionId'),'-','Solution','-',variables('_solutionId'),'-', variables('_solutionVersion'))))]",
  };
  for (const it of items) variables[objectVariable(it)] = itemVariables(it);
  for (const it of items) if (it.kind === 'analyticRule' && ctx.customDetections?.has(it.contentId)) variables[cdVariable(it)] = cdVariables(it);
  const counts = countsLine(items, ctx.customDetections?.size ?? 0);
  const author: Json = { name: sol.authorName };
  if (sol.email) author.email = "[variables('_email')]";
  const contentPackage = {
    type: CONTENT_PACKAGES, apiVersion: apiVersion(CONTENT_PACKAGES),
    location: "[parameters('workspace-location')]",
    properties: {
      version: sol.version, kind: 'Solution', contentSchemaVersion: '3.0.0', displayName: sol.name,
      publisherDisplayName: sol.publisherDisplayName, descriptionHtml: `${sol.descriptionHtml}<p>${counts.html}</p>`,
      contentKind: 'Solution', contentProductId: "[variables('_solutioncontentProductId')]", id: "[variables('_solutioncontentProductId')]",
      icon: sol.logo, contentId: "[variables('_solutionId')]", parentId: "[variables('_solutionId')]",
      source: { kind: 'Solution', name: sol.name, sourceId: "[variables('_solutionId')]" },
      author, support: sol.support,
      dependencies: { operator: 'AND', criteria: [
        ...items.map((it) => ({ kind: kindOf(it.kind).contentKind, contentId: `[${field(it, 'contentId')}]`, version: `[${field(it, 'version')}]` })),
        ...items.filter((i) => i.kind === 'analyticRule' && ctx.customDetections?.has(i.contentId)).map((it) => ({ kind: 'CustomDetection', contentId: customDetectionId(it), version: XDR_VERSION(it) })),
      ] },
      firstPublishDate: sol.firstPublishDate,
      ...(sol.lastPublishDate ? { lastPublishDate: sol.lastPublishDate } : {}),
      providers: sol.providers,
      categories: sol.categories,
    },
    name: "[concat(parameters('workspace'),'/Microsoft.SecurityInsights/', variables('_solutionId'))]",
  };
  // Each item's contentTemplate, then what the install deploys for it at once (parsers' functions, after the
  // functions they call), the custom detections, and the package.
  const resources = [...items.flatMap((it) => [contentTemplate(it, ctx), ...(kindOf(it.kind).installed?.(it, ctx) ?? [])]), ...customDetectionResources(items, ctx), contentPackage];
  // Only workbooks and playbooks use it: a solution without them must not declare it (Variables-Must-Be-Referenced).
  if (!JSON.stringify(resources).includes("variables('workspaceResourceId')")) delete variables.workspaceResourceId;
  return {
    $schema: SCHEMA,
    contentVersion: '1.0.0.0',
    metadata: { author: sol.author, comments: `Solution template for ${sol.name}` },
    parameters,
    variables,
    resources,
    outputs: {},
  };
}

const COUNT_LABELS: [PackItem['kind'], string][] = [['parser', 'Parsers'], ['workbook', 'Workbooks'], ['analyticRule', 'Analytic Rules'], ['huntingQuery', 'Hunting Queries'], ['playbook', 'Playbooks'], ['summaryRule', 'Summary Rules']];

/** `**Analytic Rules:** 30, ...` for createUiDefinition and the package description. */
export function countsLine(items: PackItem[], customDetections = 0): { markdown: string; html: string } {
  const parts = COUNT_LABELS.map(([k, l]) => [l, items.filter((i) => i.kind === k).length] as const).filter(([, n]) => n);
  if (customDetections) parts.splice(parts.findIndex(([l]) => l === 'Analytic Rules') + 1, 0, ['XDR Detections', customDetections]);
  return { markdown: parts.map(([l, n]) => `**${l}:** ${n}`).join(', '), html: parts.map(([l, n]) => `<b>${l}:</b> ${n}`).join(', ') };
}
