/**
 * hash(source [, mod]): Kusto's xxHash64 (seed 0) of the value's bytes, as the reference's examples show
 * (hash("World") = 1846988464401551951 over the UTF-8 bytes; hash(datetime(2015-01-01)) = 1380966698541616202
 * over the 8 little-endian bytes of its ticks). Only those two source types are supported: the bytes Kusto hashes
 * for the others are not documented, so they are refused rather than guessed.
 * Without mod the hash is a full 64-bit long, which this engine's long (exact to 2^53) cannot always hold:
 * such a value is a runtime error rather than a rounded one. With mod: the unsigned hash modulo mod.
 */
import xxhash from 'xxhash-wasm';
import { registerScalar, renamed, scalar, type Call } from '../registry.js';
import { KqlRuntimeError, KqlUnsupportedError } from '../errors.js';
import { exactLong } from '../ticks.js';

const { h64Raw } = await xxhash();

function bytesOf(value: unknown, type: string): Uint8Array {
  switch (type) {
    case 'string': return new TextEncoder().encode(value as string);
    case 'datetime': {
      const b = new Uint8Array(8);
      new DataView(b.buffer).setBigInt64(0, value as bigint, true);
      return b;
    }
  }
  throw new KqlUnsupportedError(`hash() of a ${type} value`, undefined, 'the byte layout Kusto hashes is documented for string and datetime only');
}

const hashDecl = scalar('hash(source: scalar, mod?: integer): long', function hash(source: unknown, mod: number | undefined, call: Call) {
  const h = h64Raw(bytesOf(source, call.argTypes[0]!), 0n);
  if (mod === undefined) return exactLong(BigInt.asIntN(64, h), 'hash()');
  if (!(mod > 0)) throw new KqlRuntimeError(`hash(): mod must be positive, got ${mod}`);
  return Number(h % BigInt(Math.trunc(mod)));
});

// hash_xxhash64 is the same function under its algorithm's name (hash-xxhash64-function.md has the same examples).
registerScalar(hashDecl, renamed(hashDecl, 'hash_xxhash64'));
