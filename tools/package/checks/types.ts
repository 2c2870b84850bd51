/**
 * A named check on an emitted file. Checks named like the ARM template test toolkit's tests (arm-ttk
 * testcases/deploymentTemplate/*.test.ps1, testcases/CreateUIDefinition/*.test.ps1) encode that test's rule; the
 * others (ARM-*) encode documented ARM rules the toolkit does not test. docs/packaging.md lists them all.
 */
import type { EmittedFile, Finding, Json } from '../arm/template-file.js';

export type CheckTarget = 'deploymentTemplate' | 'createUiDefinition';

export interface TemplateCheckContext {
  /** mainTemplate.json / azuredeploy.json: the toolkit applies some rules only to the main template. */
  isMainTemplate: boolean;
  /** For createUiDefinition checks: the main template it drives. */
  mainTemplate?: Json;
}

export interface Check {
  name: string;
  target: CheckTarget;
  /** One line: what the check enforces (docs and `cdr build --list-checks`). */
  rule: string;
  run(file: EmittedFile, ctx: TemplateCheckContext): Finding[];
}
