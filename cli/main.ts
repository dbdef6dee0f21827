import { chatCommand } from './commands/chat.js';
import { importCommand } from './commands/import.js';
import { ingestCommand } from './commands/ingest.js';
import { migrateCommand } from './commands/migrate.js';
import { searchCommand, similarCommand } from './commands/search.js';
import { startCommand } from './commands/start.js';
import { UsageError } from './open-app.js';
import { DatabaseUrlError } from '../src/db/open.js';

const USAGE = `paperbot: ML papers for research teams on Slack and Discord

  paperbot [start]                 the bot (console chat when no platform is configured)
  paperbot worker                  job workers only
  paperbot chat                    the console chat
  paperbot import FILE|-           JSON lines {title, abstract, id?, ...} into the library
  paperbot ingest [--source arxiv|hf] [--date YYYY-MM-DD] [--json]
  paperbot search QUERY [--limit N] [--json]
  paperbot similar ID [--limit N] [--json]   papers like this one
  paperbot doctor                  what this deployment can do (semantic search on or off, and why)
  paperbot learn-vectors           learn the search's word vectors from the library now
  paperbot tldr                    JSON lines {title, abstract} on stdin -> {tldr} lines
  paperbot digest CHANNEL [--dry-run]
  paperbot jobs                    queue counts, schedules, failures
  paperbot migrate                 apply database migrations
`;

type Command = (args: string[]) => Promise<number>;

export const COMMANDS: Record<string, Command> = {
  start: startCommand,
  chat: chatCommand,
  import: importCommand,
  search: searchCommand,
  similar: similarCommand,
  doctor: async () => (await import('./commands/doctor.js')).doctorCommand(),
  'learn-vectors': async () => (await import('./commands/learn-vectors.js')).learnVectorsCommand(),
  migrate: migrateCommand,
  // Loaded on use: BullMQ and ioredis stay out of every other command's start-up.
  worker: async () => (await import('./commands/worker.js')).workerCommand(),
  jobs: async (args) => (await import('./commands/jobs.js')).jobsCommand(args),
  ingest: ingestCommand,
  tldr: async (args) => (await import('./commands/tldr.js')).tldrCommand(args),
  digest: async (args) => (await import('./commands/digest.js')).digestCommand(args),
};

export async function main(argv: string[]): Promise<number> {
  const [name = 'start', ...args] = argv;
  if (name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(USAGE);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  try {
    return await command(args);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    if (e instanceof DatabaseUrlError) {
      process.stderr.write(`paperbot: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
