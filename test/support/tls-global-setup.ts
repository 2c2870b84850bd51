/**
 * vitest globalSetup: a self-signed certificate for 127.0.0.1, generated for this test run, trusted by every test
 * worker through NODE_EXTRA_CA_CERTS (Node reads it only at process start, so it must be set before the workers
 * fork). The fake Azure servers the tests start (test/support/fake-arm.ts) serve HTTPS with it, because the Azure
 * SDK refuses to send bearer tokens over plain http.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export default async function setup(): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'cdr-test-tls-'));
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048, notAfterDate: new Date(Date.now() + 2 * 86_400_000),
    extensions: [{ name: 'basicConstraints', cA: true }, { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] }],
  });
  writeFileSync(join(dir, 'cert.pem'), pems.cert);
  writeFileSync(join(dir, 'key.pem'), pems.private);
  process.env.NODE_EXTRA_CA_CERTS = join(dir, 'cert.pem');
  process.env.CDR_TEST_TLS_DIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
