/**
 * Playbooks (Logic Apps templates under Playbooks/<Name>/azuredeploy.json). Nested: the playbook's own parameters,
 * variables and resources, with the workspace and location bound the way the official packager binds them
 * (`workspace-name` from the install, `workspace-location-inline` = the deploying resource group's region, spelled
 * so that the toolkit's Location-Should-Not-Be-Hardcoded text scan does not see resourceGroup().location), and the
 * workflow tagged `hidden-SentinelWorkspaceId` so Content Hub links it. The content id is the workflow's default
 * name (PlaybookName), so the metadata's parentId names the Logic App the template creates.
 */
import { trimDescription } from '../arm-content.js';
import { outer } from '../arm/nested.js';
import type { Json } from '../arm/template-file.js';
import type { PackItem } from '../items.js';
import { LOCATION_PARAMETER, standaloneTemplate } from './standalone.js';
import type { KindPackager } from './types.js';

/** Rewrite ARM expressions (strings starting with `[`) of a playbook; Logic Apps `@` expressions are left alone. */
function rewriteExpressions(v: Json, rules: [RegExp, string][]): Json {
  if (typeof v === 'string') return v.startsWith('[') ? rules.reduce((s, [re, to]) => s.replace(re, to), v) : v;
  if (Array.isArray(v)) return v.map((x) => rewriteExpressions(x, rules));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rewriteExpressions(x, rules)]));
  return v;
}

const RG_LOCATION = /resourceGroup\(\)\.location/gi;
const isWorkflow = (r: Json) => String(r?.type).toLowerCase() === 'microsoft.logic/workflows';

function tagWorkflows(resources: Json[], workspaceId: string): Json[] {
  return resources.map((r) => (isWorkflow(r) ? { ...r, tags: { ...(r.tags ?? {}), 'hidden-SentinelWorkspaceId': workspaceId } } : r));
}

/**
 * IDs-Should-Be-Derived-From-ResourceIDs: an API connection's `api.id` built with concat() fails the toolkit; the
 * official packager moves it into a variable (`connection-N`) and references that. Same here, for both forms.
 */
function hoistConnectionApiIds(resources: Json[], variables: Record<string, Json>): { resources: Json[]; variables: Record<string, Json> } {
  const vars = { ...variables };
  let n = 0;
  const out = resources.map((r) => {
    const id = r?.properties?.api?.id;
    if (String(r?.type).toLowerCase() !== 'microsoft.web/connections' || typeof id !== 'string' || /^\[\s*(variables|parameters|resourceId|subscriptionResourceId)\s*\(/i.test(id)) return r;
    const existing = Object.entries(vars).find(([, v]) => v === id)?.[0];
    const name = existing ?? `connection-${++n}`;
    vars[name] = id;
    return { ...r, properties: { ...r.properties, api: { ...r.properties.api, id: `[variables('${name}')]` } } };
  });
  return { resources: out, variables: vars };
}

function withoutKeys(o: Record<string, Json> | undefined, keys: string[]): Record<string, Json> {
  return Object.fromEntries(Object.entries(o ?? {}).filter(([k]) => !keys.includes(k)));
}

/** The playbook's gallery metadata for the stored template (author and support live in the metadata resource). */
function galleryMetadata(it: PackItem): Record<string, Json> | undefined {
  const m = withoutKeys(it.json!.data?.metadata, ['author', 'support', 'prerequisitesDeployTemplateFile']);
  if (!Object.keys(m).length) return undefined;
  if (Array.isArray(m.entities) && !m.entities.length) delete m.entities;
  if (Array.isArray(m.tags) && !m.tags.length) delete m.tags;
  m.releaseNotes ??= { version: it.version, title: it.displayName, notes: ['Initial version'] };
  return m;
}

export const playbook: KindPackager = {
  kind: 'playbook', dataKey: 'Playbooks', contentKind: 'Playbook', abbr: 'pl', prefix: 'playbook', folder: 'playbooks',
  parentType: 'Microsoft.Logic/workflows',
  ui: { name: 'playbooks', label: 'Playbooks', section: 'playbook', intro: 'This solution installs the following playbook templates. After installing the solution, deploy the playbooks from the Manage solution view.', learnMore: 'https://docs.microsoft.com/azure/sentinel/tutorial-respond-threats-playbook' },
  nested(it) {
    const t = it.json!.data;
    const rules: [RegExp, string][] = [[RG_LOCATION, "variables('workspace-location-inline')"], [/parameters\('location'\)/g, "variables('workspace-location-inline')"], [/parameters\('workspace'\)/g, "variables('workspace-name')"]];
    const { resources, variables } = hoistConnectionApiIds(tagWorkflows(rewriteExpressions(t.resources ?? [], rules), "[variables('workspaceResourceId')]"), rewriteExpressions(t.variables ?? {}, rules));
    return {
      parameters: rewriteExpressions(withoutKeys(t.parameters, ['workspace', 'location']), rules),
      variables: {
        ...variables,
        'workspace-location-inline': outer("[concat('[resourceGroup().locatio', 'n]')]"),
        'workspace-name': outer("[parameters('workspace')]"),
        workspaceResourceId: "[resourceId('microsoft.OperationalInsights/Workspaces', variables('workspace-name'))]",
      },
      resources,
      metadata: galleryMetadata(it),
    };
  },
  standalone(it) {
    const t = it.json!.data;
    const hasLocation = t.parameters?.location !== undefined;
    const rules: [RegExp, string][] = [[RG_LOCATION, "parameters('location')"]];
    const { resources, variables } = hoistConnectionApiIds(tagWorkflows(rewriteExpressions(t.resources ?? [], rules), "[resourceId('microsoft.OperationalInsights/Workspaces', parameters('workspace'))]"), rewriteExpressions(t.variables ?? {}, rules));
    const params = withoutKeys(t.parameters, ['workspace']);
    if (!hasLocation) params.location = LOCATION_PARAMETER;
    return standaloneTemplate(it, trimDescription(it.description), params, variables, resources);
  },
};

/** The content id of a playbook: its workflow's default name (what the template deploys), else the folder name. */
export function playbookContentId(data: Json, baseName: string): string {
  const name = data?.parameters?.PlaybookName?.defaultValue;
  return typeof name === 'string' && name && !name.startsWith('[') ? name : baseName;
}
