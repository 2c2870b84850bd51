/** Text and bytes as arrays of numbers: unicode_codepoints_from/to_string, base64_decode_toarray, base64_encode_fromarray. */
import { registerScalar, scalar } from '../registry.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

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
);
