import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { ImportError } from './problems.js';

const LABEL = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** A release label as given, checked: letters, digits, `.`, `_`, `-` (e.g. `2025.12.1`). */
export function checkLabel(label: string): string {
  if (!LABEL.test(label)) {
    throw new ImportError(`Release label "${label}" must be 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit`);
  }
  return label;
}

/** The release label of a UNHCR folder when none is given: the folder's name (`…/2025.12.1` → `2025.12.1`). */
export function labelFromFolder(folder: string): string {
  return checkLabel(basename(folder.replace(/[\\/]+$/, '')));
}

/**
 * When the release was published, when the label says: `2025.12.1` or `2025-12` → 2025-12-01.
 * Otherwise null (an import may give `--published`); never guessed from a bare year.
 */
export function publishedOnFromLabel(label: string): string | null {
  const m = /^(\d{4})[.-](\d{2})(?:[.-]|$)/.exec(label);
  if (!m) return null;
  const month = Number(m[2]);
  return month >= 1 && month <= 12 ? `${m[1]}-${m[2]}-01` : null;
}

/** Checks `--published YYYY-MM-DD`. */
export function checkPublishedOn(value: string): string {
  const date = new Date(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new ImportError(`--published must be a date YYYY-MM-DD, got "${value}"`);
  }
  return value;
}

/** sha256 over the names and bytes of the files, in the order given: equal checksums, equal imports. */
export async function checksumOf(files: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${basename(file)}\0`);
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
    hash.update('\0');
  }
  return hash.digest('hex');
}
