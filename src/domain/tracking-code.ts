import { randomInt } from 'node:crypto';

/**
 * Tracking codes are read aloud over the phone and typed on phones, so they use digits and
 * capital letters that cannot be mistaken for one another (0 O 1 I L 2 Z 5 S 8 B U V are left
 * out). Ten random characters from 23 give about 4e13 codes: with a million reports a blind
 * guess hits one time in ~4e7, and the per-IP limit on look-ups (TRACKING_RATE_LIMIT_MAX)
 * keeps guessing slow.
 */
export const TRACKING_ALPHABET = '34679ACDEFGHJKMNPQRTWXY';
const LENGTH = 10;
const PATTERN = new RegExp(`^[${TRACKING_ALPHABET}]{5}-[${TRACKING_ALPHABET}]{5}$`);

/** A new random code shown as two groups of five, e.g. `7KQ4M-XR9TE`. */
export function generateTrackingCode(): string {
  let code = '';
  for (let i = 0; i < LENGTH; i += 1) code += TRACKING_ALPHABET[randomInt(TRACKING_ALPHABET.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/**
 * Accepts what people actually type — lower case, spaces, full-width characters, no dash — and
 * returns the canonical form, or undefined when it cannot be a tracking code.
 */
export function normaliseTrackingCode(input: string): string | undefined {
  const compact = input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-_–—·.]/g, '');
  if (compact.length !== LENGTH) return undefined;
  const code = `${compact.slice(0, 5)}-${compact.slice(5)}`;
  return PATTERN.test(code) ? code : undefined;
}
