/** Encodings and hashes: base64, URL encoding, hashes, hex, XML parsing. */
import { registerScalar } from '../registry.js';
import { S, str, A, xmlToJson } from './support.js';
import { createHash } from 'node:crypto';

registerScalar(
  S('base64_encode_tostring', 1, 1, (a) => Buffer.from(a[0] as string, 'utf8').toString('base64')),
  S('base64_decode_tostring', 1, 1, (a) => { const s = a[0] as string; if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 === 1) return null; return Buffer.from(s, 'base64').toString('utf8'); }),
  S('url_decode', 1, 1, (a) => { try { return decodeURIComponent((a[0] as string).replace(/\+/g, ' ')); } catch { return null; } }),
  S('url_encode', 1, 1, (a) => encodeURIComponent(a[0] as string)),
  S('url_encode_component', 1, 1, (a) => encodeURIComponent(a[0] as string)),
  S('hash_sha256', 1, 1, (a, _c, t) => createHash('sha256').update(str(t[0]!, a[0]), 'utf8').digest('hex')),
  S('hash_sha1', 1, 1, (a, _c, t) => createHash('sha1').update(str(t[0]!, a[0]), 'utf8').digest('hex')),
  S('hash_md5', 1, 1, (a, _c, t) => createHash('md5').update(str(t[0]!, a[0]), 'utf8').digest('hex')),
  S('tohex', 1, 2, (a) => { const v = Math.trunc(a[0] as number); const h = (v < 0 ? BigInt.asUintN(64, BigInt(v)) : BigInt(v)).toString(16); return a[1] ? h.padStart(a[1] as number, '0') : h; }),
  S('parse_xml', 1, 1, (a) => { try { return xmlToJson(a[0] as string); } catch { return null; } }),
);
