export { startStack } from './stack.js';
export type { Stack, StackOptions } from './stack.js';
export { seedDemo } from './seed-demo.js';
export { seedDemoProviders } from './seed-providers.js';
export { DEMO_RECORDS_RELEASE, seedMemberRecords } from './seed-records.js';
export { demoCrossings } from './generate/records.js';
