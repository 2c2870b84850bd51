/** Every named check `cdr build` runs on what it emits, and the runner. */
import type { Diagnostic } from '../../util/diagnostics.js';
import type { EmittedFile } from '../arm/template-file.js';
import { dependsOnMustResolve, referencesMustResolve, templateLimits } from './arm-rules.js';
import { apiVersionsRecent, idsFromResourceIds, locationNotHardcoded, noBlanks, noProvidersFunction, parametersReferenced, schemaIsCorrect, variablesReferenced } from './ttk-template.js';
import { controlsInOutputsExist, handlerCorrect, locationInOutputs, outputsInTemplate, parametersWithoutDefault, tooltipsPresent, uiNoBlanks, uiSchema } from './ttk-create-ui.js';
import { createUiSchema, templateSchema } from './schema.js';
import type { Check, TemplateCheckContext } from './types.js';

export const CHECKS: Check[] = [
  templateSchema, createUiSchema, referencesMustResolve, templateLimits, dependsOnMustResolve,
  schemaIsCorrect, locationNotHardcoded, parametersReferenced, variablesReferenced, noBlanks, apiVersionsRecent, idsFromResourceIds, noProvidersFunction,
  uiSchema, handlerCorrect, locationInOutputs, controlsInOutputsExist, uiNoBlanks, tooltipsPresent, outputsInTemplate, parametersWithoutDefault,
];

export interface CheckRun { diagnostics: Diagnostic[]; checksRun: number }

export function runChecks(file: EmittedFile, target: Check['target'], ctx: TemplateCheckContext, checks: Check[] = CHECKS): CheckRun {
  const applicable = checks.filter((c) => c.target === target);
  const findings = applicable.flatMap((c) => c.run(file, ctx));
  return { diagnostics: file.toDiagnostics(findings), checksRun: applicable.length };
}
export type { Check } from './types.js';
