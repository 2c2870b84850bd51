/**
 * Documented ARM rules the toolkit does not test: every reference resolves in its scope (outer and nested), the
 * template limits (https://learn.microsoft.com/azure/azure-resource-manager/templates/best-practices#template-limits),
 * and dependsOn targets exist.
 */
import { checkReferences, REFERENCE_CHECK } from '../arm/references.js';
import { isExpression } from '../arm/expression.js';
import type { Finding, Json } from '../arm/template-file.js';
import type { Check } from './types.js';
import { allResources, walk } from './walk.js';

/** ARM's documented template limits. */
export const ARM_LIMITS = { parameters: 256, variables: 256, resources: 800, outputs: 64, templateBytes: 4 * 1024 * 1024, expressionChars: 24_576 };

export const referencesMustResolve: Check = {
  name: REFERENCE_CHECK, target: 'deploymentTemplate',
  rule: 'every parameters()/variables() reference is declared in the template scope that evaluates it (outer template, and each nested template after the outer evaluation)',
  run: (f) => checkReferences(f.json),
};

function countResources(t: Json): number {
  const rs = t?.resources;
  const list: Json[] = Array.isArray(rs) ? rs : rs && typeof rs === 'object' ? Object.values(rs) : [];
  return list.reduce((n, r) => n + (typeof r?.copy?.count === 'number' ? r.copy.count : 1) + countResources({ resources: r?.resources }), 0);
}

/** The limits apply to each template that ARM deploys: the file itself and every nested (stored) template. */
function templatesIn(t: Json): { template: Json; path: (string | number)[] }[] {
  return [{ template: t, path: [] }, ...allResources(t).flatMap(({ resource, path }) => {
    const nt = resource.properties?.mainTemplate ?? resource.properties?.template;
    return nt && typeof nt === 'object' ? [{ template: nt, path: [...path, 'properties', resource.properties?.mainTemplate ? 'mainTemplate' : 'template'] }] : [];
  })];
}

export const templateLimits: Check = {
  name: 'ARM-Template-Limits', target: 'deploymentTemplate',
  rule: `at most ${ARM_LIMITS.parameters} parameters, ${ARM_LIMITS.variables} variables, ${ARM_LIMITS.resources} resources (copies counted), ${ARM_LIMITS.outputs} outputs per template, ${ARM_LIMITS.templateBytes} bytes per file, ${ARM_LIMITS.expressionChars} characters per expression`,
  run: (f) => {
    const out: Finding[] = [];
    const bytes = Buffer.byteLength(f.text, 'utf8');
    if (bytes > ARM_LIMITS.templateBytes) out.push({ check: 'ARM-Template-Limits', path: [], message: `template is ${bytes} bytes; ARM accepts at most ${ARM_LIMITS.templateBytes}` });
    for (const { template, path } of templatesIn(f.json)) {
      const count = (k: string) => Object.keys(template?.[k] ?? {}).filter((x) => x !== 'copy').length;
      const where = path.length ? ' in the nested template' : '';
      for (const [k, limit] of [['parameters', ARM_LIMITS.parameters], ['variables', ARM_LIMITS.variables], ['outputs', ARM_LIMITS.outputs]] as const) {
        if (count(k) > limit) out.push({ check: 'ARM-Template-Limits', path: [...path, k], message: `${count(k)} ${k}${where}; ARM accepts at most ${limit}` });
      }
      const n = countResources(template);
      if (n > ARM_LIMITS.resources) out.push({ check: 'ARM-Template-Limits', path: [...path, 'resources'], message: `${n} resources${where}; ARM accepts at most ${ARM_LIMITS.resources}` });
    }
    walk(f.json, [], (v, p) => {
      if (isExpression(v) && v.length > ARM_LIMITS.expressionChars) out.push({ check: 'ARM-Template-Limits', path: p, message: `expression of ${v.length} characters; ARM accepts at most ${ARM_LIMITS.expressionChars}` });
    });
    return out;
  },
};

export const dependsOnMustResolve: Check = {
  name: 'ARM-DependsOn-Must-Resolve', target: 'deploymentTemplate',
  rule: 'each dependsOn entry names a resource type the template deploys',
  run: (f) => {
    const out: Finding[] = [];
    const all = allResources(f.json);
    for (const { resource, path } of all) {
      (Array.isArray(resource.dependsOn) ? resource.dependsOn : []).forEach((d: unknown, i: number) => {
        const types = [...String(d).matchAll(/'(Microsoft\.[A-Za-z]+(?:\/[A-Za-z]+)+)'/g)].map((x) => x[1]!);
        const target = types[types.length - 1]?.split('/').pop()?.toLowerCase();
        if (target && !all.some((x) => String(x.resource.type).toLowerCase().endsWith(target))) {
          out.push({ check: 'ARM-DependsOn-Must-Resolve', path: [...path, 'dependsOn', i], message: `dependsOn '${String(d)}' names a resource the template does not deploy` });
        }
      });
    }
    return out;
  },
};
