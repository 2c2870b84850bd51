/** Encodings and hashes: base64, URL encoding, hashes, hex, XML parsing. */
import { registerScalar, scalar, type Call } from '../registry.js';
import { xmlToJson } from './support.js';
import { createHash } from 'node:crypto';

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * application/x-www-form-urlencoded as .NET's HttpUtility.UrlEncode writes it (the reference's examples): UTF-8
 * bytes as lowercase %xx, letters, digits and - _ . ! * ( ) kept, a space as `space` ('+', or '%20' for
 * url_encode_component).
 */
function formUrlEncode(text: string, space: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.!*()]/.test(ch)) out += ch;
    else if (byte === 0x20) out += space;
    else out += '%' + byte.toString(16).padStart(2, '0');
  }
  return out;
}

const hashHex = (algorithm: string, text: string) => createHash(algorithm).update(text, 'utf8').digest('hex');

registerScalar(
  scalar('base64_encode_tostring(string: string): string', function base64EncodeTostring(text: string) { return Buffer.from(text, 'utf8').toString('base64'); }),
  // Bytes that are not valid UTF-8 give the null string (empty), never replacement characters (base64-decode-tostring-function.md).
  scalar('base64_decode_tostring(base64_string: string): string', function base64DecodeTostring(base64: string) {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 === 1) return null;
    try { return STRICT_UTF8.decode(Buffer.from(base64, 'base64')); } catch { return ''; }
  }),
  scalar('url_decode(encoded_url: string): string', function urlDecode(encodedUrl: string) {
    try { return decodeURIComponent(encodedUrl.replace(/\+/g, ' ')); } catch { return null; }
  }),
  scalar('url_encode(url: string): string', function urlEncode(url: string) { return formUrlEncode(url, '+'); }),
  scalar('url_encode_component(url: string): string', function urlEncodeComponent(url: string) { return formUrlEncode(url, '%20'); }),
  scalar('hash_sha256(source: string): string', function hashSha256(source: string) { return hashHex('sha256', source); }),
  scalar('hash_sha1(source: string): string', function hashSha1(source: string) { return hashHex('sha1', source); }),
  scalar('hash_md5(source: string): string', function hashMd5(source: string) { return hashHex('md5', source); }),
  // Negative values are the two's complement of the value's own size: 32 bits for an int, 64 for a long; minLength
  // pads with zeros and is capped at 16 (tohex-function.md).
  scalar('tohex(value: integer, minLength?: integer): string', function tohex(value: number, minLength: number | undefined, call: Call) {
    const v = BigInt(Math.trunc(value));
    const bits = call.argTypes[0] === 'int' ? 32 : 64;
    const hex = (v < 0n ? BigInt.asUintN(bits, v) : v).toString(16);
    return minLength ? hex.padStart(Math.min(16, minLength), '0') : hex;
  }),
  scalar('parse_xml(xml_text: string): dynamic', function parseXml(xmlText: string) {
    try { return xmlToJson(xmlText); } catch { return null; }
  }),
);
