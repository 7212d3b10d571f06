import { createHmac } from 'node:crypto';

/** The shortest RECORDS_KEY accepted: a shorter secret could be guessed from the pseudonyms. */
export const RECORDS_KEY_MIN = 32;

/** `p-g 123 45` → `PG12345`: how a document number is written must not split one person in two. */
export function normaliseDocumentNumber(number: string): string {
  return number.toUpperCase().replace(/[\s\-<./]/g, '');
}

/**
 * A person's pseudonym from their travel document: HMAC-SHA256 with the member's secret over the
 * normalised issuing country and number. The same document gives the same pseudonym in every file
 * (crossings and permits link up); without the secret it cannot be turned back into the number
 * nor recomputed from a list of numbers. A renewed passport has a new number, so a new pseudonym.
 */
export function pseudonym(key: string, documentCountry: string, documentNumber: string): string {
  const mac = createHmac('sha256', key);
  mac.update(`${documentCountry.trim().toUpperCase()}\u001f${normaliseDocumentNumber(documentNumber)}`);
  return `d:${mac.digest('base64url')}`;
}
