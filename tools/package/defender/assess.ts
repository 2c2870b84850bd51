/** Custom-detection fit of every analytic rule of a content root, with the binder's view of each query's output. */
import type { Content, QueryContent } from '../../content/model.js';
import { analyzeQuery } from '../../validate/kql.js';
import { globalsFor } from '../../validate/index.js';
import { diag, type Diagnostic } from '../../util/diagnostics.js';
import { assessCustomDetection, type CustomDetectionFit } from './fit.js';

export function assessRules(content: Content): Map<QueryContent, CustomDetectionFit> {
  const globals = globalsFor(content.root, content.parsers);
  const out = new Map<QueryContent, CustomDetectionFit>();
  for (const r of content.analyticRules) {
    if (!r.data?.query) continue;
    const a = analyzeQuery(String(r.data.query), globals);
    out.set(r, assessCustomDetection(r, a.diagnostics.some((d) => d.severity === 'error') ? undefined : a.outputColumns));
  }
  return out;
}

/** `cdr validate` notes: per rule, whether it also ships as a Defender custom detection and why not. */
export function customDetectionNotes(content: Content): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [r, fit] of assessRules(content)) {
    const pos = r.yaml.locate(['queryFrequency']);
    // Rules that fit are listed in Solution/Deploy/custom-detections/README.md; only the reasons are printed here.
    if (!fit.fits) out.push(diag(r.file, pos.line, pos.column, 'XDR001', `not emitted as a Defender XDR custom detection: ${fit.reasons.join('; ')}`, 'note'));
  }
  return out;
}
