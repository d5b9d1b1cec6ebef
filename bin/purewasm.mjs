#!/usr/bin/env node
// Runs the TypeScript sources through tsx (a development dependency) until bundles ship.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = main(process.argv.slice(2));
