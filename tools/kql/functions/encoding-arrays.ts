/**
 * Text and bytes as arrays of numbers: unicode_codepoints_from/to_string, base64_decode_toarray,
 * base64_encode_fromarray; and GUIDs as base64 of their 16 bytes in .NET's layout (Guid.ToByteArray: the first
 * three groups little-endian), which reproduces base64_encode_fromguid's reference example.
 */
import { registerScalar, scalar } from '../registry.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** .NET Guid byte order: groups 1-3 reversed (little-endian), groups 4-5 as written. */
function guidBytes(guid: string): Buffer | null {
  const hex = guid.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) return null;
  const b = Buffer.from(hex, 'hex');
  return Buffer.concat([b.subarray(0, 4).reverse(), b.subarray(4, 6).reverse(), b.subarray(6, 8).reverse(), b.subarray(8)]);
}

function guidOfBytes(b: Buffer): string {
  const h = Buffer.concat([Buffer.from(b.subarray(0, 4)).reverse(), Buffer.from(b.subarray(4, 6)).reverse(), Buffer.from(b.subarray(6, 8)).reverse(), b.subarray(8)]).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

registerScalar(
  scalar('unicode_codepoints_from_string(value: string): dynamic', function unicodeCodepointsFromString(value: string) {
    return [...value].map((ch) => ch.codePointAt(0)!);
  }),
  // Numbers and arrays of numbers, flattened; any value that is not a valid code point makes the result null.
  scalar('unicode_codepoints_to_string(value: dynamic...): string', function unicodeCodepointsToString(value: unknown[]) {
    const points = value.flatMap((v) => (Array.isArray(v) ? v : [v]));
    const valid = (p: unknown): p is number => typeof p === 'number' && Number.isInteger(p) && p >= 0 && p <= 0x10ffff && !(p >= 0xd800 && p <= 0xdfff);
    return points.every(valid) ? String.fromCodePoint(...points) : null;
  }, { nulls: 'handled' }),
  scalar('base64_decode_toarray(base64_string: string): dynamic', function base64DecodeToarray(base64String: string) {
    // Padding is required: the reference's base64_encode_fromarray example decodes an unpadded text to nothing.
    if (!BASE64.test(base64String) || base64String.length % 4 !== 0) return null;
    return [...Buffer.from(base64String, 'base64')];
  }),
  scalar('base64_encode_fromarray(base64_string_decoded_as_array: dynamic): string', function base64EncodeFromarray(bytes: unknown) {
    if (!Array.isArray(bytes) || !bytes.every((b) => typeof b === 'number' && Number.isInteger(b) && b >= 0 && b <= 255)) return null;
    return Buffer.from(bytes as number[]).toString('base64');
  }),
  scalar('base64_encode_fromguid(guid: guid): string', function base64EncodeFromguid(guid: string) {
    return guidBytes(guid)?.toString('base64') ?? null;
  }),
  scalar('base64_decode_toguid(base64_string: string): guid', function base64DecodeToguid(base64String: string) {
    if (!BASE64.test(base64String) || base64String.length % 4 !== 0) return null;
    const b = Buffer.from(base64String, 'base64');
    return b.length === 16 ? guidOfBytes(b) : null;
  }),
);
