/** Analytic rules: an AlertRuleTemplate in the contentTemplate; an enabled alertRules resource in the standalone template. */
import { alertRuleProperties, trimDescription } from '../arm-content.js';
import { apiVersion } from '../arm/api-versions.js';
import { outer } from '../arm/nested.js';
import { standaloneTemplate } from './standalone.js';
import type { KindPackager } from './types.js';

export const analyticRule: KindPackager = {
  kind: 'analyticRule', dataKey: 'Analytic Rules', contentKind: 'AnalyticsRule', abbr: 'ar', prefix: 'analyticRule', folder: 'analytic-rules',
  parentType: 'Microsoft.SecurityInsights/AlertRuleTemplates',
  ui: { name: 'analytics', label: 'Analytics', section: 'analytic', intro: 'This solution installs the following analytic rule templates. After installing the solution, create and enable analytic rules in the Manage solution view.', learnMore: 'https://docs.microsoft.com/azure/sentinel/tutorial-detect-threats-custom?WT.mc_id=Portal-Microsoft_Azure_CreateUIDef' },
  nested(it) {
    return {
      parameters: {}, variables: {},
      resources: [{
        type: 'Microsoft.SecurityInsights/AlertRuleTemplates', name: it.contentId, apiVersion: apiVersion('Microsoft.SecurityInsights/AlertRuleTemplates'),
        kind: it.query!.data!.kind, location: outer("[parameters('workspace-location')]"), properties: alertRuleProperties(it.query!),
      }],
    };
  },
  standalone(it) {
    const props = alertRuleProperties(it.query!);
    delete props.requiredDataConnectors;
    delete props.status;
    props.enabled = true;
    props.templateVersion = it.version;
    props.alertRuleTemplateName = it.contentId;
    return standaloneTemplate(it, trimDescription(it.description), {}, {}, [{
      type: 'Microsoft.OperationalInsights/workspaces/providers/alertRules', apiVersion: apiVersion('Microsoft.OperationalInsights/workspaces/providers/alertRules'),
      name: `[concat(parameters('workspace'),'/Microsoft.SecurityInsights/','${it.contentId}')]`, kind: it.query!.data!.kind, properties: props,
    }]);
  },
};
