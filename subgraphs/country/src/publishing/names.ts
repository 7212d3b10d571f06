// The rules for names and numbers a focal point gives, in one place: the file upload, the admin
// GraphQL (setObservation), the CLI and token management all check them here, so no write path
// accepts what another refuses.

/** A release name a person can read back: letters, digits, spaces and a little punctuation. */
const RELEASE_NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._,:()/-]{0,99}$/u;

/** Why `name` cannot be a release name, or undefined when it can. */
export function releaseNameProblem(name: string): string | undefined {
  if (RELEASE_NAME.test(name)) return undefined;
  // Shown back to the person: cut, and with control and bidi characters made visible.
  const shown = [...name.slice(0, 60)].map((c) => (/[\p{Cc}\p{Cf}]/u.test(c) ? `\\u{${c.codePointAt(0)!.toString(16)}}` : c)).join('');
  const more = name.length > 60 ? `… (${name.length} characters)` : '';
  return `release name "${shown}${more}" must start with a letter or digit and use at most 100 letters, digits, spaces and . _ , : ( ) / -`;
}

/**
 * A token number as written by a person: digits only, no sign, exponent, fraction or leading
 * zero (`1e0`, `01`, `+1` and ` 1` are not token 1). Undefined when it is not one.
 */
export function parseTokenId(text: string): number | undefined {
  if (!/^[1-9]\d{0,9}$/.test(text)) return undefined;
  const id = Number(text);
  return id <= 2_147_483_647 ? id : undefined;
}
