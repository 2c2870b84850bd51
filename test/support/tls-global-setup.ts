/**
 * vitest globalSetup: a self-signed certificate for 127.0.0.1, generated for this test run, trusted by every test
 * worker through NODE_EXTRA_CA_CERTS (Node reads it only at process start, so it must be set before the workers
 * fork). The fake Azure servers the tests start (test/support/fake-arm.ts) serve HTTPS with it, because the Azure
 * SDK refuses to send bearer tokens over plain http.
 */
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

const PREFIX = 'cdr-test-tls-';

export default async function setup(): Promise<() => void> {
  // Worker processes may still start after teardown with the variable set, so a run's folder is kept and the
  // folders of earlier runs (older than an hour) are removed here instead.
  for (const name of readdirSync(tmpdir()).filter((n) => n.startsWith(PREFIX))) {
    const p = join(tmpdir(), name);
    try { if (Date.now() - statSync(p).mtimeMs > 3_600_000) rmSync(p, { recursive: true, force: true }); } catch { /* another run's */ }
  }
  const dir = mkdtempSync(join(tmpdir(), PREFIX));
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048, notAfterDate: new Date(Date.now() + 2 * 86_400_000),
    extensions: [{ name: 'basicConstraints', cA: true }, { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] }],
  });
  writeFileSync(join(dir, 'cert.pem'), pems.cert);
  writeFileSync(join(dir, 'key.pem'), pems.private);
  process.env.NODE_EXTRA_CA_CERTS = join(dir, 'cert.pem');
  process.env.CDR_TEST_TLS_DIR = dir;
  return () => {
    delete process.env.NODE_EXTRA_CA_CERTS;
    delete process.env.CDR_TEST_TLS_DIR;
  };
}
