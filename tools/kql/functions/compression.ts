/**
 * gzip/zlib decompression of base64 text (gzip-base64-decompress.md, zlib-base64-decompress-function.md) with
 * node:zlib; invalid input, or output that is not UTF-8, gives the empty string. The compress direction stays
 * unsupported: a compressed stream is not unique, and the reference's example (a stored, uncompressed gzip block)
 * does not say which encoder settings Kusto uses, so our text would differ from the service's.
 */
import { gunzipSync, inflateSync } from 'node:zlib';
import { registerScalar, scalar } from '../registry.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decompress(base64: string, inflate: (b: Buffer) => Buffer): string {
  try { return utf8.decode(inflate(Buffer.from(base64, 'base64'))); } catch { return ''; }
}

registerScalar(
  scalar('gzip_decompress_from_base64_string(string: string): string', function gzipDecompressFromBase64String(text: string) {
    return decompress(text, gunzipSync);
  }),
  scalar('zlib_decompress_from_base64_string(string: string): string', function zlibDecompressFromBase64String(text: string) {
    return decompress(text, inflateSync);
  }),
);
