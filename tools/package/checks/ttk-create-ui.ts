/**
 * The toolkit's CreateUIDefinition tests that apply to the Content Hub install UI, each encoded with its name
 * (Azure/arm-ttk arm-ttk/testcases/CreateUIDefinition/<Name>.test.ps1).
 */
import type { Finding, Json } from '../arm/template-file.js';
import type { PathSeg } from '../../content/yaml-doc.js';
import type { Check } from './types.js';
import { walk } from './walk.js';

const finding = (check: string, path: PathSeg[], message: string): Finding => ({ check, path, message });
export const CREATE_UI_SCHEMA = 'https://schema.management.azure.com/schemas/0.1.2-preview/CreateUIDefinition.MultiVm.json#';

export const uiSchema: Check = {
  name: 'CreateUIDefinition-Should-Have-Schema', target: 'createUiDefinition',
  rule: `$schema is ${CREATE_UI_SCHEMA} and version matches the schema version`,
  run: (f) => {
    const out: Finding[] = [];
    const c = 'CreateUIDefinition-Should-Have-Schema';
    if (!f.json.$schema) out.push(finding(c, [], 'createUiDefinition has no $schema'));
    else if (f.json.$schema !== CREATE_UI_SCHEMA) out.push(finding(c, ['$schema'], `$schema must be ${CREATE_UI_SCHEMA}`));
    const schemaVersion = String(f.json.$schema ?? '').split('/').find((p) => /^\d+\.\d+/.test(p));
    if (!f.json.version) out.push(finding(c, [], 'createUiDefinition has no version'));
    else if (f.json.version !== schemaVersion) out.push(finding(c, ['version'], `version ${f.json.version} differs from the schema version ${schemaVersion}`));
    return out;
  },
};

export const handlerCorrect: Check = {
  name: 'Handler-Must-Be-Correct', target: 'createUiDefinition',
  rule: "handler is 'Microsoft.Azure.CreateUIDef' or 'Microsoft.Compute.MultiVm'",
  run: (f) => (['Microsoft.Azure.CreateUIDef', 'Microsoft.Compute.MultiVm'].includes(f.json.handler) ? []
    : [finding('Handler-Must-Be-Correct', f.json.handler ? ['handler'] : [], `handler must be Microsoft.Azure.CreateUIDef or Microsoft.Compute.MultiVm, not ${f.json.handler ?? '(missing)'}`)]),
};

export const locationInOutputs: Check = {
  name: 'Location-Should-Be-In-Outputs', target: 'createUiDefinition',
  rule: 'outputs.location is [location()]',
  run: (f) => {
    const o = f.json.parameters?.outputs;
    if (!o) return [finding('Location-Should-Be-In-Outputs', ['parameters'], 'createUiDefinition has no outputs')];
    if (!o.location) return [finding('Location-Should-Be-In-Outputs', ['parameters', 'outputs'], 'outputs has no location')];
    return String(o.location).trim() === '[location()]' ? [] : [finding('Location-Should-Be-In-Outputs', ['parameters', 'outputs', 'location'], 'outputs.location must be [location()]')];
  },
};

const BASICS_OR_STEPS = /\s*\[\s*(?:basics\(\s*'(?<control>[^']+)'|steps\(\s*'(?<step>[^']+)'\s*\)(?:\.(?<element>\w+))?)/gi;

function controlNames(elements: Json): Set<string> {
  const names = new Set<string>();
  walk(elements, [], (v) => { if (v && typeof v === 'object' && !Array.isArray(v) && typeof v.name === 'string') names.add(v.name.toLowerCase()); });
  return names;
}

export const controlsInOutputsExist: Check = {
  name: 'Controls-In-Outputs-Must-Exist', target: 'createUiDefinition',
  rule: "every basics('control') and steps('step').element an output uses exists",
  run: (f) => {
    const out: Finding[] = [];
    const p = f.json.parameters ?? {};
    const basics = controlNames(p.basics ?? []);
    for (const [name, expr] of Object.entries<Json>(p.outputs ?? {})) {
      const values: string[] = typeof expr === 'string' ? [expr] : Object.values(expr ?? {}).filter((x): x is string => typeof x === 'string');
      for (const s of values) for (const m of s.matchAll(BASICS_OR_STEPS)) {
        const g = m.groups ?? {};
        if (g.control && !basics.has(g.control.toLowerCase())) out.push(finding('Controls-In-Outputs-Must-Exist', ['parameters', 'outputs', name], `output ${name} uses basics('${g.control}'), which is not a basics control`));
        if (g.step) {
          const step = (p.steps ?? []).find((st: Json) => String(st?.name).toLowerCase() === g.step!.toLowerCase());
          if (!step) out.push(finding('Controls-In-Outputs-Must-Exist', ['parameters', 'outputs', name], `output ${name} uses steps('${g.step}'), which does not exist`));
          else if (g.element && !controlNames(step.elements ?? []).has(g.element.toLowerCase())) out.push(finding('Controls-In-Outputs-Must-Exist', ['parameters', 'outputs', name], `output ${name} uses steps('${g.step}').${g.element}, which does not exist`));
        }
      }
    }
    return out;
  },
};

export const uiNoBlanks: Check = {
  name: 'CreateUIDefinition-Must-Not-Have-Blanks', target: 'createUiDefinition',
  rule: 'no empty string, object, array (or array of one empty value) or null property, except basics, defaultValue and steps',
  run: (f) => {
    const out: Finding[] = [];
    walk(f.json, [], (v, p) => {
      const key = p[p.length - 1];
      if (typeof key !== 'string' || ['basics', 'defaultValue', 'steps'].includes(key)) return;
      const emptyScalar = (x: Json) => x === null || (typeof x === 'string' && !x.trim()) || (x && typeof x === 'object' && !Array.isArray(x) && !Object.keys(x).length);
      if (emptyScalar(v) || (Array.isArray(v) && (!v.length || (v.length === 1 && emptyScalar(v[0]))))) out.push(finding('CreateUIDefinition-Must-Not-Have-Blanks', p, `empty property: ${key}`));
    });
    return out;
  },
};

const NO_TOOLTIP = ['Microsoft.Common.InfoBox', 'Microsoft.Common.Section', 'Microsoft.Common.TextBlock', 'Microsoft.Solutions.ArmApiControl', 'Microsoft.Solutions.GraphApiControl', 'Microsoft.Common.EditableGrid', 'Microsoft.Solutions.JitConfigurator'];

export const tooltipsPresent: Check = {
  name: 'Tooltips-Should-Be-Present', target: 'createUiDefinition',
  rule: 'every control that supports a tooltip has one',
  run: (f) => {
    const out: Finding[] = [];
    walk(f.json, [], (v, p) => {
      if (!v || typeof v !== 'object' || Array.isArray(v) || typeof v.type !== 'string' || !/^Microsoft\..+\..+/i.test(v.type) || NO_TOOLTIP.includes(v.type)) return;
      const tip = Object.entries(v).find(([k]) => k.toLowerCase() === 'tooltip')?.[1];
      if (!String(tip ?? '').trim()) out.push(finding('Tooltips-Should-Be-Present', p, `element ${v.name ?? '?'} (${v.type}) has no tooltip`));
    });
    return out;
  },
};

const MANAGED_APP_OUTPUTS = ['applicationresourcename', 'jitaccesspolicy', 'managedidentity', 'managedresourcegroupid'];

export const outputsInTemplate: Check = {
  name: 'Outputs-Must-Be-Present-In-Template-Parameters', target: 'createUiDefinition',
  rule: 'every createUiDefinition output is a mainTemplate parameter',
  run: (f, ctx) => {
    const o = f.json.parameters?.outputs;
    if (!o) return [finding('Outputs-Must-Be-Present-In-Template-Parameters', ['parameters'], 'createUiDefinition has no outputs')];
    return Object.keys(o).filter((n) => !MANAGED_APP_OUTPUTS.includes(n.toLowerCase()) && !(n in (ctx.mainTemplate?.parameters ?? {})))
      .map((n) => finding('Outputs-Must-Be-Present-In-Template-Parameters', ['parameters', 'outputs', n], `output ${n} is not a parameter of mainTemplate.json`));
  },
};

export const parametersWithoutDefault: Check = {
  name: 'Parameters-Without-Default-Must-Exist-In-CreateUIDefinition', target: 'createUiDefinition',
  rule: 'every mainTemplate parameter without a defaultValue is a createUiDefinition output',
  run: (f, ctx) => Object.entries<Json>(ctx.mainTemplate?.parameters ?? {})
    .filter(([n, def]) => (def?.defaultValue === undefined || def?.defaultValue === null) && (f.json.parameters?.outputs?.[n] === undefined || f.json.parameters?.outputs?.[n] === null))
    .map(([n]) => finding('Parameters-Without-Default-Must-Exist-In-CreateUIDefinition', ['parameters', 'outputs'], `mainTemplate parameter ${n} has no default and is not a createUiDefinition output`)),
};
