/**
 * The ARM template test toolkit's deploymentTemplate tests that apply to what `cdr build` emits, each encoded as
 * a check with the toolkit's name and rule (Azure/arm-ttk arm-ttk/testcases/deploymentTemplate/<Name>.test.ps1).
 */
import { isExpression, parseExpression, functionsCalled } from '../arm/expression.js';
import { apiVersionTable, publishedVersions } from '../arm/api-versions.js';
import type { Finding, Json } from '../arm/template-file.js';
import type { PathSeg } from '../../content/yaml-doc.js';
import type { Check } from './types.js';
import { allResources, walk } from './walk.js';

const finding = (check: string, path: PathSeg[], message: string): Finding => ({ check, path, message });
const isDeployment = (r: Json) => String(r?.type).toLowerCase() === 'microsoft.resources/deployments';

export const VALID_TEMPLATE_SCHEMAS = [
  'https://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json#',
  'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#',
  'https://schema.management.azure.com/schemas/2019-08-01/tenantDeploymentTemplate.json#',
  'https://schema.management.azure.com/schemas/2019-08-01/managementGroupDeploymentTemplate.json#',
];

export const schemaIsCorrect: Check = {
  name: 'DeploymentTemplate-Schema-Is-Correct', target: 'deploymentTemplate',
  rule: '$schema is one of the deployment template schemas',
  run: (f) => (!f.json.$schema ? [finding('DeploymentTemplate-Schema-Is-Correct', [], 'the template has no $schema')]
    : VALID_TEMPLATE_SCHEMAS.includes(f.json.$schema) ? [] : [finding('DeploymentTemplate-Schema-Is-Correct', ['$schema'], `unexpected $schema ${f.json.$schema}`)]),
};

const LOCATION_TEXT = /(resourceGroup|deployment)\(\)\.location/i;

export const locationNotHardcoded: Check = {
  name: 'Location-Should-Not-Be-Hardcoded', target: 'deploymentTemplate',
  rule: 'resourceGroup().location / deployment().location only as a parameter default; a location parameter is a string whose default (main template) is [resourceGroup().location], [deployment().location] or global, (other templates) absent or one of those; resource locations are expressions or global',
  run: (f, ctx) => {
    const out: Finding[] = [];
    const check = 'Location-Should-Not-Be-Hardcoded';
    const loc = f.json.parameters?.location;
    if (loc && loc.type !== 'string') out.push(finding(check, ['parameters', 'location', 'type'], `the location parameter must be of type string, not ${loc.type}`));
    const def = loc?.defaultValue;
    if (ctx.isMainTemplate) {
      if (def && !['[resourceGroup().location]', 'global', '[deployment().location]'].includes(String(def).trim())) out.push(finding(check, ['parameters', 'location', 'defaultValue'], `the main template's location default must be [resourceGroup().location], [deployment().location] or global, not '${def}'`));
    } else if (def !== undefined && def !== null && !LOCATION_TEXT.test(String(def))) {
      out.push(finding(check, ['parameters', 'location', 'defaultValue'], `the location parameter of a template that is not the main template must not have a default ('${def}')`));
    }
    const deployments = new Set(allResources(f.json).filter((r) => isDeployment(r.resource)).map((r) => r.resource));
    const scan = (v: Json, p: PathSeg[]): void => {
      if (deployments.has(v)) return;
      if (typeof v === 'string') { if (LOCATION_TEXT.test(v)) out.push(finding(check, p, `uses ${LOCATION_TEXT.exec(v)![0]} outside the parameters section; use the location parameter`)); return; }
      if (Array.isArray(v)) v.forEach((x, i) => scan(x, [...p, i]));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { if (LOCATION_TEXT.test(k)) out.push(finding(check, [...p, k], `key uses ${k}`)); scan(x, [...p, k]); }
    };
    for (const [k, v] of Object.entries(f.json)) if (k !== 'parameters') scan(v, [k]);
    for (const { resource, path } of allResources(f.json)) {
      const l = resource.location;
      if (l !== undefined && l !== 'global' && !(typeof l === 'string' && /^\s*\[/.test(l))) out.push(finding(check, [...path, 'location'], `location '${JSON.stringify(l)}' of ${resource.type} must be an expression or 'global'`));
    }
    return out;
  },
};

/** Strings of the whole template (like the toolkit's text search), with paths. */
function strings(t: Json): { s: string; path: PathSeg[] }[] {
  const out: { s: string; path: PathSeg[] }[] = [];
  walk(t, [], (v, p) => { if (typeof v === 'string') out.push({ s: v, path: p }); });
  return out;
}

function referenceCheck(name: string, section: 'parameters' | 'variables'): Check {
  return {
    name, target: 'deploymentTemplate',
    rule: `every declared ${section.slice(0, -1)} is referenced with ${section}('name') inside an expression`,
    run: (f) => {
      const out: Finding[] = [];
      const all = strings(f.json);
      const names = Object.keys(f.json[section] ?? {}).filter((n) => n !== 'copy' && !n.startsWith('__'));
      const copies = section === 'variables' && Array.isArray(f.json.variables?.copy) ? f.json.variables.copy.map((c: Json) => c?.name).filter(Boolean) : [];
      for (const n of [...names, ...copies]) {
        const re = new RegExp(`${section}\\s*\\(\\s*'${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}'\\s*\\)`, 'i');
        const hits = all.filter((x) => re.test(x.s));
        if (!hits.length) { out.push(finding(name, [section, n], `unreferenced ${section.slice(0, -1)}: ${n}`)); continue; }
        for (const h of hits) if (!h.s.slice(0, re.exec(h.s)!.index).includes('[')) out.push(finding(name, h.path, `${section.slice(0, -1)} reference to ${n} is not inside an expression`));
      }
      return out;
    },
  };
}
export const parametersReferenced = referenceCheck('Parameters-Must-Be-Referenced', 'parameters');
export const variablesReferenced = referenceCheck('Variables-Must-Be-Referenced', 'variables');

const PROPERTIES_THAT_CAN_BE_EMPTY = ['resources', 'outputs', 'variables', 'parameters', 'functions', 'properties', 'template', 'defaultValue', 'accessPolicies', 'value', 'promotionCode', 'inputs', 'notEquals', 'clientId', 'allowedCallerIpAddresses', 'workerPools', 'AzureMonitor', 'requiredDataConnectors', 'UserTokenPrepend'];
const RESOURCE_PROPERTIES_THAT_CAN_BE_EMPTY: Record<string, string> = { 'microsoft.web/sites/config': 'properties', 'microsoft.insights/workbooks': 'properties.serializedData' };

export const noBlanks: Check = {
  name: 'Template-Should-Not-Contain-Blanks', target: 'deploymentTemplate',
  rule: 'no empty string, object, array or null property values, except the properties the toolkit allows',
  run: (f) => {
    const out: Finding[] = [];
    const exemptKey = new RegExp(`(?:${PROPERTIES_THAT_CAN_BE_EMPTY.join('|')})`, 'i');
    const canBeEmpty = new Set(PROPERTIES_THAT_CAN_BE_EMPTY.map((x) => x.toLowerCase()));
    // The toolkit also skips an empty property when some object that has an exempt key has a property of that name.
    const siblings = new Set<string>();
    walk(f.json, [], (v) => { if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).some((k) => exemptKey.test(k))) for (const k of Object.keys(v)) siblings.add(k.toLowerCase()); });
    const allowedPaths = allResources(f.json).flatMap(({ resource, path }) => {
      const sub = RESOURCE_PROPERTIES_THAT_CAN_BE_EMPTY[String(resource.type).toLowerCase()];
      return sub ? [[...path, ...sub.split('.')].join('.')] : [];
    });
    walk(f.json, [], (v, p) => {
      const key = p[p.length - 1];
      if (typeof key !== 'string') return;
      const blank = v === '' || v === null || (Array.isArray(v) && !v.length) || (v && typeof v === 'object' && !Array.isArray(v) && !Object.keys(v).length) || (typeof v === 'string' && !v.trim());
      if (!blank) return;
      const ks = key.toLowerCase();
      if (canBeEmpty.has(ks) || siblings.has(ks) || /^\s*\[/.test(key) || /\/subscriptions\//.test(key)) return;
      if (allowedPaths.some((a) => p.join('.').startsWith(a))) return;
      out.push(finding('Template-Should-Not-Contain-Blanks', p, `empty property: ${key}`));
    });
    return out;
  },
};

/** Full resource type: child resources (short types) are prefixed with their parent's type. */
function fullType(resource: Json, parents: Json[]): string {
  const own = String(resource.type);
  if (own.includes('/')) return own;
  const parent = parents[parents.length - 1];
  return parent ? `${fullType(parent, parents.slice(0, -1))}/${own}` : own;
}

const dateOf = (v: string) => { const m = /(\d{4})-(\d{2})-(\d{2})/.exec(v); return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : undefined; };

export const apiVersionsRecent: Check = {
  name: 'apiVersions-Should-Be-Recent', target: 'deploymentTemplate',
  rule: 'apiVersions are date strings; a preview is not used when a newer version exists; a version older than 730 days (from the pin table\'s asOf date) must be the latest',
  run: (f) => {
    const out: Finding[] = [];
    const asOf = dateOf(apiVersionTable().asOf)!;
    for (const { resource, path, parents } of allResources(f.json)) {
      const av = resource.apiVersion;
      if (av === undefined) continue;
      const check = 'apiVersions-Should-Be-Recent';
      if (typeof av !== 'string') { out.push(finding(check, [...path, 'apiVersion'], 'apiVersions must be strings')); continue; }
      const date = dateOf(av);
      if (date === undefined) { out.push(finding(check, [...path, 'apiVersion'], `apiVersion ${av} of ${resource.type} is not a fixed date`)); continue; }
      const published = (publishedVersions(fullType(resource, parents)) ?? publishedVersions(String(resource.type)))?.map((v) => v.toLowerCase()).sort().reverse();
      if (!published?.length) continue;
      const idx = published.indexOf(av.toLowerCase());
      const latestStable = published.find((v) => !v.includes('preview'));
      if (/-preview$/i.test(av) && idx !== 0 && published.slice(0, Math.max(idx, 0)).some((v) => !v.includes('-preview')) ) out.push(finding(check, [...path, 'apiVersion'], `${resource.type} uses preview ${av} while newer versions exist (latest stable ${latestStable})`));
      else if (/-preview$/i.test(av) && published.includes(av.toLowerCase().replace(/-preview$/, ''))) out.push(finding(check, [...path, 'apiVersion'], `${resource.type} uses preview ${av}; the same version is available without preview`));
      else if ((asOf - date) / 86_400_000 > 730 && idx !== 0 && av.toLowerCase() !== latestStable) out.push(finding(check, [...path, 'apiVersion'], `apiVersion ${av} of ${resource.type} is ${Math.floor((asOf - date) / 86_400_000)} days old and not the latest (${latestStable})`));
    }
    return out;
  },
};

const ID_EXCEPTIONS = ['appId', 'clientId', 'DataTypeId', 'defaultMenuItemId', 'firstPartyId', 'keyVaultSecretId', 'keyVaultId', 'keyId', 'objectId', 'menuId', 'nodeAgentSkuId', 'policyDefinitionReferenceId', 'servicePrincipalClientId', 'StartingDeviceID', 'subscriptionId', 'SyntheticMonitorId', 'targetProtectionContainerId', 'targetWorkerSizeId', 'tenantId', 'timezoneId', 'vlanId', 'workerSizeId', 'metricId', 'requestedServiceObjectiveId', 'groupId', 'sid', 'ruleId', 'deploymentSpecId', 'detector.id', 'contentId', 'definitionId', 'connectorId', 'parentId', 'IllusiveIncidentId', 'UniqueFindingId', 'schemaId', 'detection_id', 'environmentId', 'open_id', 'TeamsChannelID', 'SAPAuditLogMessageID', 'roleDefinitionId', 'principalId', 'XDRCustomerID', 'userAssignedIdentityResourceId', 'channelId', 'extendedAceItemObjectId', 'operationId-ANCEndpointGetById', 'operationId-DeleteDomainById', 'operationId-GetOrganizationId', 'operationId-ProcessMetadataSearchByProcessGUID', 'operationId-SearchForProcessEventsByProcessGUID', 'ApplicationId', 'policyDefinitionGuid', 'IndicatorId', 'contentProductId', 'aws_iam_functionapp_id', 'dataCollectionEndpointId', 'dataCollectionRuleImmutableId', 'stepId'];
const ID_EXCEPTION_RE = new RegExp(`(?:${ID_EXCEPTIONS.map((e) => e.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')).join('|')})$`, 'i');
const ID_EXPRESSION = /\s*\[\s*(extensionResourceId|resourceId|subscriptionResourceId|tenantResourceId|if|parameters|reference|variables|subscription|guid)\s*\(\s*/i;
const SKIPPED_ID_PARENTS = [/^microsoft\.logic\/workflows$/i, /^microsoft\.ApiManagement\/service\/backends$/i, /^Microsoft\.Portal\/dashboards$/i, /config/i];

export { ID_EXCEPTIONS };

export const idsFromResourceIds: Check = {
  name: 'IDs-Should-Be-Derived-From-ResourceIDs', target: 'deploymentTemplate',
  rule: 'properties named *id under resources are built with resourceId()/extensionResourceId()/parameters()/variables()/... (the toolkit\'s exception list of property names applies)',
  run: (f) => {
    const out: Finding[] = [];
    const visit = (v: Json, p: PathSeg[], ancestors: Json[]): void => {
      if (Array.isArray(v)) { v.forEach((x, i) => visit(x, [...p, i], ancestors)); return; }
      if (!v || typeof v !== 'object') return;
      const here = typeof v.type === 'string' ? [...ancestors, v] : ancestors;
      for (const [k, x] of Object.entries(v)) {
        const kp = [...p, k];
        if (/id$/i.test(k) && !(x && typeof x === 'object')) {
          const pathText = kp.join('.');
          const skip = ID_EXCEPTION_RE.test(pathText) || /\.metadata\./.test(`.${pathText}.`) || /\.tags\./i.test(`.${pathText}`)
            || here.some((a) => SKIPPED_ID_PARENTS.some((re) => re.test(String(a.type))));
          if (!skip) {
            if (x === '' || x === null || x === undefined) out.push(finding('IDs-Should-Be-Derived-From-ResourceIDs', kp, `blank id property ${k}`));
            else if (typeof x === 'string' && !ID_EXPRESSION.test(x)) out.push(finding('IDs-Should-Be-Derived-From-ResourceIDs', kp, `property ${k} ('${x.length > 60 ? x.slice(0, 60) + '…' : x}') must be built with resourceId(), extensionResourceId(), parameters(), variables(), reference(), guid() or if()`));
          }
        }
        visit(x, kp, here);
      }
    };
    visit(f.json.resources, ['resources'], []);
    return out;
  },
};

export const noProvidersFunction: Check = {
  name: 'providers_apiVersions-Is-Not-Permitted', target: 'deploymentTemplate',
  rule: 'expressions do not call providers() to look up api-versions',
  run: (f) => {
    const out: Finding[] = [];
    walk(f.json, [], (v, p) => {
      if (!isExpression(v)) return;
      try { if (functionsCalled(parseExpression(v)).includes('providers')) out.push(finding('providers_apiVersions-Is-Not-Permitted', p, 'providers() must not be used; pin the apiVersion')); } catch { /* reported by the reference check */ }
    });
    return out;
  },
};
