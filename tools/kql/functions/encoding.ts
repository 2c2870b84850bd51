/** Encodings and hashes: base64, URL encoding, hashes, hex, XML parsing. */
import { registerScalar, scalar } from '../registry.js';
import { xmlToJson } from './support.js';
import { createHash } from 'node:crypto';

const hashHex = (algorithm: string, text: string) => createHash(algorithm).update(text, 'utf8').digest('hex');

registerScalar(
  scalar('base64_encode_tostring(string: string): string', function base64EncodeTostring(text: string) { return Buffer.from(text, 'utf8').toString('base64'); }),
  scalar('base64_decode_tostring(base64_string: string): string', function base64DecodeTostring(base64: string) {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 === 1) return null;
    return Buffer.from(base64, 'base64').toString('utf8');
  }),
  scalar('url_decode(encoded_url: string): string', function urlDecode(encodedUrl: string) {
    try { return decodeURIComponent(encodedUrl.replace(/\+/g, ' ')); } catch { return null; }
  }),
  scalar('url_encode(url: string): string', function urlEncode(url: string) { return encodeURIComponent(url); }),
  scalar('url_encode_component(url: string): string', function urlEncodeComponent(url: string) { return encodeURIComponent(url); }),
  scalar('hash_sha256(source: string): string', function hashSha256(source: string) { return hashHex('sha256', source); }),
  scalar('hash_sha1(source: string): string', function hashSha1(source: string) { return hashHex('sha1', source); }),
  scalar('hash_md5(source: string): string', function hashMd5(source: string) { return hashHex('md5', source); }),
  scalar('tohex(value: integer, minLength?: integer): string', function tohex(value: number, minLength: number | undefined) {
    const v = Math.trunc(value);
    const hex = (v < 0 ? BigInt.asUintN(64, BigInt(v)) : BigInt(v)).toString(16);
    return minLength ? hex.padStart(minLength, '0') : hex;
  }),
  scalar('parse_xml(xml_text: string): dynamic', function parseXml(xmlText: string) {
    try { return xmlToJson(xmlText); } catch { return null; }
  }),
);
