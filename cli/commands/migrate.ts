import { openDatabase } from '../../src/db/open.js';
import { configOrExit } from '../open-app.js';

/** `paperbot migrate`: opening the database applies pending migrations. */
export async function migrateCommand(): Promise<number> {
  const config = configOrExit();
  const db = await openDatabase(config.DATABASE_URL);
  await db.close();
  process.stdout.write(`migrations applied (${db.kind})\n`);
  return 0;
}
