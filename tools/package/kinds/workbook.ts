/** Workbooks: a shared workbook bound to the workspace, nested (name = workbook key, as the official packager) and standalone. */
import { trimDescription } from '../arm-content.js';
import { apiVersion } from '../arm/api-versions.js';
import { outer } from '../arm/nested.js';
import { uuidV5 } from '../items.js';
import { LOCATION_PARAMETER, standaloneTemplate } from './standalone.js';
import type { KindPackager } from './types.js';

export const workbook: KindPackager = {
  kind: 'workbook', dataKey: 'Workbooks', contentKind: 'Workbook', abbr: 'wb', prefix: 'workbook', folder: 'workbooks',
  parentType: 'Microsoft.Insights/workbooks',
  ui: { name: 'workbooks', label: 'Workbooks', section: 'workbook', intro: 'This solution installs workbook(s) to help you gain insights into the telemetry collected in Microsoft Sentinel.', learnMore: 'https://docs.microsoft.com/azure/sentinel/tutorial-monitor-your-data' },
  outerParameters(it) {
    return { [`workbook${it.n}-name`]: { type: 'string', defaultValue: it.displayName, minLength: 1, metadata: { description: 'Name for the workbook' } } };
  },
  nested(it) {
    const m = it.workbookMeta ?? {};
    const criteria = [
      ...(m.dataTypesDependencies ?? []).map((x: string) => ({ contentId: x, kind: 'DataType' })),
      ...(m.dataConnectorsDependencies ?? []).map((x: string) => ({ contentId: x, kind: 'DataConnector' })),
    ];
    return {
      parameters: {}, variables: {},
      resources: [{
        type: 'Microsoft.Insights/workbooks', name: it.contentId, location: outer("[parameters('workspace-location')]"), kind: 'shared',
        apiVersion: apiVersion('Microsoft.Insights/workbooks'), metadata: { description: m.description ?? it.description },
        properties: {
          displayName: outer(`[parameters('workbook${it.n}-name')]`), serializedData: JSON.stringify(it.json!.data ?? {}), version: '1.0',
          sourceId: outer("[variables('workspaceResourceId')]"), category: 'sentinel',
        },
      }],
      dependencies: criteria.length ? { operator: 'AND', criteria } : undefined,
    };
  },
  standalone(it) {
    return standaloneTemplate(it, trimDescription(it.description), { location: LOCATION_PARAMETER }, {}, [{
      type: 'Microsoft.Insights/workbooks', apiVersion: apiVersion('Microsoft.Insights/workbooks'), name: uuidV5(`workbook:${it.contentId}`),
      location: "[parameters('location')]", kind: 'shared',
      properties: {
        displayName: it.displayName, serializedData: JSON.stringify(it.json!.data ?? {}), version: '1.0',
        sourceId: "[resourceId('Microsoft.OperationalInsights/workspaces', parameters('workspace'))]", category: 'sentinel',
      },
    }]);
  },
};
