/** Tree walking helpers shared by the checks. */
import type { PathSeg } from '../../content/yaml-doc.js';
import type { Json } from '../arm/template-file.js';

export function walk(v: Json, path: PathSeg[], f: (v: Json, path: PathSeg[]) => void): void {
  f(v, path);
  if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i], f));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k], f);
}

export interface ResourceAt { resource: Json; path: PathSeg[]; parents: Json[] }

/** Every resource of a template: top level, child `resources`, and those of nested templates (contentTemplates, deployments). */
export function allResources(t: Json, base: PathSeg[] = [], parents: Json[] = []): ResourceAt[] {
  const out: ResourceAt[] = [];
  const list = (rs: Json, p: PathSeg[]) => {
    const entries: [PathSeg, Json][] = Array.isArray(rs) ? rs.map((r, i) => [i, r]) : rs && typeof rs === 'object' ? Object.entries(rs) : [];
    for (const [k, r] of entries) {
      if (!r || typeof r !== 'object') continue;
      const rp = [...p, k];
      out.push({ resource: r, path: rp, parents });
      out.push(...allResources({ resources: r.resources }, rp, [...parents, r]).map((x) => x));
      const nested = r.properties?.mainTemplate ?? r.properties?.template;
      if (nested && typeof nested === 'object') out.push(...allResources(nested, [...rp, 'properties', r.properties?.mainTemplate ? 'mainTemplate' : 'template'], [...parents, r]));
    }
  };
  list(t?.resources, [...base, 'resources']);
  return out;
}
