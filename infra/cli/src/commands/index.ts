// Every command of the CLI, one line each; the modules load only when their command runs.
import { register } from '../registry.js';

register('regions', 'list the regions and their members with subgraph URLs', () => import('./regions.js'));
