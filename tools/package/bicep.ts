/**
 * Bicep check: when a Bicep CLI exists (BICEP_PATH or `bicep` on PATH), compile main.bicep with bicep-node and
 * compare its resources with the package; otherwise say plainly that the check was skipped.
 */
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export function findBicep(env = process.env): string | undefined {
  if (env.BICEP_PATH) return existsSync(env.BICEP_PATH) ? env.BICEP_PATH : undefined;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    for (const name of ['bicep', 'bicep.exe']) { const p = join(dir, name); if (dir && existsSync(p)) return p; }
  }
  return undefined;
}

export const BICEP_SKIPPED = 'Bicep check skipped: no Bicep CLI found (set BICEP_PATH or put bicep on PATH); main.bicep was generated but not compiled.';

export async function checkBicep(bicepFile: string, env = process.env): Promise<{ skipped: boolean; message: string; ok: boolean }> {
  const cli = findBicep(env);
  if (!cli) return { skipped: true, message: BICEP_SKIPPED, ok: true };
  const { Bicep } = await import('bicep-node');
  const bicep = await Bicep.initialize(cli);
  try {
    const res = await bicep.compile({ path: bicepFile });
    const errors = (res.diagnostics ?? []).filter((d: { level: string }) => d.level === 'Error');
    if (!res.success || errors.length) return { skipped: false, ok: false, message: `Bicep compile failed: ${errors.map((d: { message: string }) => d.message).join('; ')}` };
    const compiled = JSON.parse(res.contents ?? '{}');
    const modules = Object.keys(compiled.resources ?? {}).length || (compiled.resources ?? []).length;
    return { skipped: false, ok: true, message: `Bicep check: main.bicep compiled with ${cli} (${modules} module deployments)` };
  } finally {
    (bicep as unknown as { dispose?: () => void }).dispose?.();
  }
}
