/**
 * The official JSON Schemas with the documented overlay (tools/package/arm/official-schemas.ts): every emitted
 * template, its nested templates in the form ARM stores them, and createUiDefinition.
 */
import { validateCreateUiDefinition, validateTemplate } from '../arm/official-schemas.js';
import { deployedForm } from '../arm/references.js';
import type { Check } from './types.js';

export const templateSchema: Check = {
  name: 'ARM-Template-Schema', target: 'deploymentTemplate',
  rule: 'validates against the official deploymentTemplate 2019-04-01 schema and the provider schema (or overlay entry) of each resource type and apiVersion; nested templates in their stored form',
  run: (f) => validateTemplate(f.json, [], (nested, resource) => (/\/contentTemplates$/i.test(String(resource.type)) || String(resource.properties?.expressionEvaluationOptions?.scope).toLowerCase() !== 'inner' ? deployedForm(nested) : nested))
    .map((p) => ({ check: 'ARM-Template-Schema', path: p.path, message: `schema: ${p.message}` })),
};

export const createUiSchema: Check = {
  name: 'CreateUIDefinition-Schema', target: 'createUiDefinition',
  rule: 'validates against the official CreateUIDefinition 0.1.2-preview schema with the overlay',
  run: (f) => validateCreateUiDefinition(f.json).map((p) => ({ check: 'CreateUIDefinition-Schema', path: p.path, message: `schema: ${p.message}` })),
};
