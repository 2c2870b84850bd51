/** createUiDefinition.json (Content Hub install blades): workspace picker, one step per content kind, outputs = mainTemplate parameters. */
import { trimDescription } from './arm-content.js';
import { apiVersionTable } from './arm/api-versions.js';
import type { Json } from './arm/template-file.js';
import type { PackItem } from './items.js';
import { kindOf, UI_ORDER, type PackContext } from './kinds/index.js';
import { countsLine } from './main-template.js';

export function buildCreateUiDefinition(items: PackItem[], ctx: PackContext, mainParameters: Record<string, Json>): Json {
  const { sol } = ctx;
  const workspacesApi = apiVersionTable().calls['Microsoft.OperationalInsights/workspaces (list, get)']!.apiVersion;
  const basicsDescription = `${sol.logo}\n\n**Note:** Please refer to the following before installing the solution:\n\n• Review the solution [Release Notes](${sol.releaseNotesUrl})\n\n${sol.description}\n\n${countsLine(items, ctx.customDetections?.size ?? 0).markdown}\n\n[Learn more about Microsoft Sentinel](https://aka.ms/azuresentinel) | [Learn more about Solutions](https://aka.ms/azuresentinelsolutionsdoc)`;
  const steps = UI_ORDER.filter((kind) => items.some((i) => i.kind === kind) && kindOf(kind).ui).map((kind) => {
    const ui = kindOf(kind).ui!;
    return {
      name: ui.name, label: ui.label,
      subLabel: { preValidation: `Configure the ${ui.label.toLowerCase()}`, postValidation: 'Done' },
      bladeTitle: ui.label,
      elements: [
        { name: `${ui.name}-text`, type: 'Microsoft.Common.TextBlock', options: { text: ui.intro } },
        { name: `${ui.name}-link`, type: 'Microsoft.Common.TextBlock', options: { link: { label: 'Learn more', uri: ui.learnMore } } },
        ...items.filter((i) => i.kind === kind).map((i) => ({
          name: `${ui.section}${i.n}`, type: 'Microsoft.Common.Section', label: i.displayName,
          elements: [{ name: `${ui.section}${i.n}-text`, type: 'Microsoft.Common.TextBlock', options: { text: trimDescription(i.description).slice(0, 1000) || i.displayName } }],
        })),
      ],
    };
  });
  const outputs: Record<string, string> = {
    'workspace-location': "[first(map(filter(basics('getLAWorkspace').value, (filter) => and(contains(toLower(filter.id), toLower(resourceGroup().name)),equals(filter.name,basics('workspace')))), (item) => item.location))]",
    location: '[location()]',
    workspace: "[basics('workspace')]",
  };
  if (ctx.customDetections?.size) {
    steps.push({
      name: 'contentSelection', label: 'Content selection',
      subLabel: { preValidation: 'Choose what to install', postValidation: 'Done' }, bladeTitle: 'Content selection',
      elements: [
        { name: 'contentSelection-text', type: 'Microsoft.Common.TextBlock', options: { text: `${ctx.customDetections.size} analytic rules of this solution also fit as Microsoft Defender XDR custom detections. Choose which forms to install; custom detections are installed disabled.` } },
        { name: 'DeployAnalyticsRule', type: 'Microsoft.Common.CheckBox', label: 'Install the Microsoft Sentinel analytic rule templates', defaultValue: true, toolTip: 'Analytic rule templates in Microsoft Sentinel (create rules from them in the Manage solution view).' },
        { name: 'DeployCustomDetection', type: 'Microsoft.Common.CheckBox', label: 'Install the Defender XDR custom detections', defaultValue: false, toolTip: 'Custom detection rules in Microsoft Defender XDR, created disabled.' },
      ],
    } as (typeof steps)[number]);
    outputs.DeployAnalyticsRule = "[steps('contentSelection').DeployAnalyticsRule]";
    outputs.DeployCustomDetection = "[steps('contentSelection').DeployCustomDetection]";
  }
  for (const p of Object.keys(mainParameters)) if (!(p in outputs) && mainParameters[p]?.defaultValue === undefined) throw new Error(`mainTemplate parameter ${p} has no default and no createUiDefinition output`);
  return {
    $schema: 'https://schema.management.azure.com/schemas/0.1.2-preview/CreateUIDefinition.MultiVm.json#',
    handler: 'Microsoft.Azure.CreateUIDef',
    version: '0.1.2-preview',
    parameters: {
      config: {
        isWizard: false,
        basics: {
          description: basicsDescription,
          subscription: { resourceProviders: ['Microsoft.OperationsManagement/solutions', 'Microsoft.OperationalInsights/workspaces/providers/alertRules', 'Microsoft.Insights/workbooks', 'Microsoft.Logic/workflows'] },
          location: { metadata: { hidden: 'Hiding location, we get it from the log analytics workspace' }, visible: false },
          resourceGroup: { allowExisting: true },
        },
      },
      basics: [
        {
          name: 'getLAWorkspace', type: 'Microsoft.Solutions.ArmApiControl', toolTip: 'This filters by workspaces that exist in the Resource Group selected',
          condition: '[greater(length(resourceGroup().name),0)]',
          request: { method: 'GET', path: `[concat(subscription().id,'/providers/Microsoft.OperationalInsights/workspaces?api-version=${workspacesApi}')]` },
        },
        {
          name: 'workspace', type: 'Microsoft.Common.DropDown', label: 'Workspace', placeholder: 'Select a workspace',
          toolTip: 'This dropdown will list only workspace that exists in the Resource Group selected',
          constraints: {
            allowedValues: "[map(filter(basics('getLAWorkspace').value, (filter) => contains(toLower(filter.id), toLower(resourceGroup().name))), (item) => parse(concat('{\"label\":\"', item.name, '\",\"value\":\"', item.name, '\"}')))]",
            required: true,
          },
          visible: true,
        },
      ],
      steps,
      outputs,
    },
  };
}
