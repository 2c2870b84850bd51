/**
 * Summary rules (`Summary Rules/<Name>.yaml`, Azure Monitor summary rules): a workspaces/summaryLogs resource,
 * property set as the official packager's summary-rule generation (ruleType User, ruleDefinition query, binSize,
 * optional binDelay, destinationTable).
 */
import { trimDescription } from '../arm-content.js';
import { apiVersion } from '../arm/api-versions.js';
import { outer } from '../arm/nested.js';
import type { Json } from '../arm/template-file.js';
import type { PackItem } from '../items.js';
import { standaloneTemplate } from './standalone.js';
import type { KindPackager } from './types.js';

const TYPE = 'Microsoft.OperationalInsights/workspaces/summaryLogs';

function properties(it: PackItem): Json {
  const d = it.summary!.data!;
  const ruleDefinition: Json = { query: d.query, binSize: d.binSize, destinationTable: d.destinationTable };
  if (d.binDelay !== undefined) ruleDefinition.binDelay = d.binDelay;
  return { ruleType: 'User', displayName: it.displayName, description: trimDescription(d.description), ruleDefinition };
}

export const summaryRule: KindPackager = {
  kind: 'summaryRule', dataKey: 'Summary Rules', contentKind: 'SummaryRule', abbr: 'sr', prefix: 'summaryRule', folder: 'summary-rules',
  parentType: TYPE,
  parentId: (it) => `resourceId('${TYPE}', parameters('workspace'), '${it.baseName}')`,
  ui: { name: 'summaryrules', label: 'Summary Rules', section: 'summaryrule', intro: 'This solution installs the following summary rules. They aggregate raw logs into a smaller table on a schedule.', learnMore: 'https://learn.microsoft.com/azure/azure-monitor/logs/summary-rules' },
  nested(it) {
    const types = [...new Set(((it.summary!.data!.requiredDataConnectors ?? []) as { dataTypes?: string[] }[]).flatMap((c) => c.dataTypes ?? []))];
    return {
      parameters: {}, variables: {},
      resources: [{ type: TYPE, apiVersion: apiVersion(TYPE), name: outer(`[concat(parameters('workspace'),'/','${it.baseName}')]`), properties: properties(it) }],
      dependencies: types.length ? { operator: 'AND', criteria: types.map((t) => ({ contentId: t, kind: 'DataType' })) } : undefined,
    };
  },
  standalone(it) {
    return standaloneTemplate(it, trimDescription(it.description), {}, {}, [{ type: TYPE, apiVersion: apiVersion(TYPE), name: `[concat(parameters('workspace'),'/','${it.baseName}')]`, properties: properties(it) }]);
  },
};
