export interface Command {
  run(args: string[]): Promise<number>;
}

export interface CommandEntry {
  summary: string;
  load: () => Promise<Command>;
}

/** Every command of the CLI by name, filled by commands/index.ts. */
export const commands = new Map<string, CommandEntry>();

export function register(name: string, summary: string, load: () => Promise<Command>): void {
  commands.set(name, { summary, load });
}
