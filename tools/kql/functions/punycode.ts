/**
 * Punycode (RFC 3492) for strings and internationalized domain names: punycode_from_string / punycode_to_string
 * (a bare label) and punycode_domain_to_string / punycode_domain_from_string (per label, `xn--` prefixed; the
 * label separators are '.' and the ideographic full stops, as the reference's examples use). Encoding is the
 * `punycode` package's; case and other characters are kept as written (the reference keeps 'Gáe', spaces). A
 * failure gives the empty string.
 */
import { createRequire } from 'node:module';
import { registerScalar, scalar } from '../registry.js';

const punycode = createRequire(import.meta.url)('punycode/punycode.js') as { encode(s: string): string; decode(s: string): string };

const LABEL_SEPARATORS = /[.\u3002\uff0e\uff61]/;
// eslint-disable-next-line no-control-regex
const ascii = (s: string) => /^[\x00-\x7f]*$/.test(s);

function orEmpty(f: () => string): string {
  try { return f(); } catch { return ''; }
}

registerScalar(
  scalar('punycode_from_string(string: string): string', function punycodeFromString(inputString: string) {
    return orEmpty(() => punycode.encode(inputString));
  }),
  scalar('punycode_to_string(string: string): string', function punycodeToString(inputString: string) {
    return orEmpty(() => punycode.decode(inputString));
  }),
  scalar('punycode_domain_to_string(string: string): string', function punycodeDomainToString(domain: string) {
    return orEmpty(() => domain.split(LABEL_SEPARATORS).map((l) => (ascii(l) ? l : `xn--${punycode.encode(l)}`)).join('.'));
  }),
  scalar('punycode_domain_from_string(string: string): string', function punycodeDomainFromString(encodedString: string) {
    return orEmpty(() => encodedString.split(LABEL_SEPARATORS).map((l) => (/^xn--/i.test(l) ? punycode.decode(l.slice(4)) : l)).join('.'));
  }),
);
