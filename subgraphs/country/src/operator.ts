// Operations for the member's operator (the CLI with database access) and for cross-package tests.
export { createToken, listTokens, revokeToken } from './publishing/tokens.js';
export { importFile } from './publishing/import.js';
export type { ImportReport, ImportProgress } from './publishing/import.js';
export { publishRelease } from './publishing/releases.js';
export { parseTokenId, releaseNameProblem } from './publishing/names.js';
export { importRecords } from './records/import.js';
export type { RecordsImportReport } from './records/import.js';
export { deriveRelease } from './records/derive.js';
export type { DeriveReport } from './records/derive.js';
export { pseudonym } from './records/pseudonym.js';
