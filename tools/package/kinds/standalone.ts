/** The envelope of every standalone template (Solution/Deploy/<kind>/<Name>.json): one item, taking `workspace`. */
import type { PackItem } from '../items.js';
import type { Json } from '../arm/template-file.js';

export const WORKSPACE_PARAMETER = {
  type: 'string', minLength: 1,
  metadata: { description: 'Name of the Log Analytics workspace where Microsoft Sentinel is enabled' },
};

/** A `location` parameter defaulting to the resource group's region (the toolkit's accepted form). */
export const LOCATION_PARAMETER = {
  type: 'string', defaultValue: '[resourceGroup().location]',
  metadata: { description: 'Region of the resources; defaults to the resource group region' },
};

export function standaloneTemplate(it: PackItem, description: string, parameters: Record<string, Json>, variables: Record<string, Json>, resources: Json[]): Json {
  return {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: `${it.version}.0`.split('.').slice(0, 4).join('.'),
    metadata: { title: it.displayName, description: description.slice(0, 2000), generator: 'cdr build' },
    parameters: { workspace: WORKSPACE_PARAMETER, ...parameters },
    variables,
    resources,
  };
}
