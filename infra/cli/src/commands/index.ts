// Every command of the CLI, one line each; the modules load only when their command runs.
import { register } from '../registry.js';

register('import', 'stream an SDMX-CSV file into a draft release of a member (--dry-run: check only)', () => import('./import.js'));
register(
  'records',
  "a member's private records: import crossings or permits, derive a draft release from them",
  () => import('./records.js'),
);
register('publish', 'publish a draft release now or at an embargo date (--at)', () => import('./publish.js'));
register('cancel', 'cancel a scheduled release before it becomes visible (it becomes a draft again)', async () =>
  (await import('./schedule.js')).command('cancel'),
);
register('reschedule', 'move the embargo of a scheduled release (--at) before it becomes visible', async () =>
  (await import('./schedule.js')).command('reschedule'),
);
register('releases', "list a member's releases, or what one release changes", () => import('./releases.js'));
register('token', 'create, list or revoke focal-point tokens of a member', () => import('./token.js'));
register('signing-key', "print one subgraph's signing key, derived from the gateway's master secret", () => import('./signing-key.js'));
register('regions', 'list the regions and their members with subgraph URLs', () => import('./regions.js'));
register('unhcr', 'import UNHCR population statistics (a folder of CSV files) as one release', () => import('./unhcr.js'));
register(
  'undesa',
  'import UN DESA International Migrant Stock (origin–destination workbook, or by destination in long form) as one release',
  () => import('./undesa.js'),
);
