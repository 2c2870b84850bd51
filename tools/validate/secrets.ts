/** The secret check of `cdr validate`: every content file and every file of the built package (see tools/secrets). */
import { contentFilesForSecrets, packageFilesForSecrets, scanContentFiles, scanPackageFiles } from '../secrets/scan.js';
import type { Diagnostic } from '../util/diagnostics.js';

export async function validateSecrets(root: string): Promise<Diagnostic[]> {
  const content = contentFilesForSecrets(root);
  return [...await scanContentFiles(content), ...await scanPackageFiles(packageFilesForSecrets(root), content)];
}
