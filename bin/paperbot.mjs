#!/usr/bin/env node
// Runs the TypeScript sources directly: no build step for users.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
