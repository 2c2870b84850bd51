/** Hunting queries: a savedSearch in the contentTemplate (official embedded form) and a workspace savedSearch standalone. */
import { huntingTags, trimDescription } from '../arm-content.js';
import { apiVersion } from '../arm/api-versions.js';
import { outer } from '../arm/nested.js';
import { standaloneTemplate } from './standalone.js';
import type { KindPackager } from './types.js';

const tags = (t: ReturnType<typeof huntingTags>) => [{ name: 'description', value: t.description }, { name: 'tactics', value: t.tactics }, { name: 'techniques', value: t.techniques }]
  .filter((x) => x.value !== '');

export const huntingQuery: KindPackager = {
  kind: 'huntingQuery', dataKey: 'Hunting Queries', contentKind: 'HuntingQuery', abbr: 'hq', prefix: 'huntingQuery', folder: 'hunting-queries',
  parentType: 'Microsoft.OperationalInsights/savedSearches',
  ui: { name: 'huntingqueries', label: 'Hunting Queries', section: 'huntingquery', intro: 'This solution installs the following hunting queries. After installing the solution, run these hunting queries to hunt for threats in the Manage solution view.', learnMore: 'https://docs.microsoft.com/azure/sentinel/hunting' },
  nested(it, { sol }) {
    return {
      parameters: {}, variables: {},
      resources: [{
        type: 'Microsoft.OperationalInsights/savedSearches', apiVersion: apiVersion('Microsoft.OperationalInsights/savedSearches'),
        name: `${sol.name.replace(/ /g, '_')}_Hunting_Query_${it.n}`, location: outer("[parameters('workspace-location')]"),
        properties: { eTag: '*', displayName: it.displayName, category: 'Hunting Queries', query: it.query!.data!.query, version: 2, tags: tags(huntingTags(it.query!)) },
      }],
    };
  },
  standalone(it) {
    return standaloneTemplate(it, trimDescription(it.description), {}, {}, [{
      type: 'Microsoft.OperationalInsights/workspaces/savedSearches', apiVersion: apiVersion('Microsoft.OperationalInsights/workspaces/savedSearches'),
      name: `[concat(parameters('workspace'),'/','${it.contentId}')]`,
      properties: { etag: '*', displayName: it.displayName, category: 'Hunting Queries', query: it.query!.data!.query, version: 2, tags: tags(huntingTags(it.query!)) },
    }]);
  },
};
