// `npm run migfed -- <command> …`: one entry point, one module per command (loaded on demand so
// that `migfed token` does not pay for the importers' dependencies).
import './commands/index.js';
import { UsageError } from './member.js';
import { commands } from './registry.js';

function usage(): string {
  const width = Math.max(...[...commands.keys()].map((n) => n.length));
  const lines = [...commands].map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `usage: npm run migfed -- <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun a command with --help for its options.`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = commands.get(name);
  if (!command) {
    console.error(`migfed: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  return (await command.load()).run(rest);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  console.error(`migfed: ${(err as Error).message}`);
  process.exitCode = err instanceof UsageError ? 2 : 1;
}
