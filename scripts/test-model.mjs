#!/usr/bin/env node
// Runs the domain's model-based test deeply: `npm run test:model -- --runs 10000 [--seed N]`.
// The test reads MODEL_RUNS (and MODEL_SEED to replay a failure); plain `npm test` runs 200.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

function option(name) {
  const args = process.argv.slice(2);
  const index = args.indexOf(`--${name}`);
  if (index >= 0) return args[index + 1];
  const inline = args.find((arg) => arg.startsWith(`--${name}=`));
  return inline?.slice(name.length + 3);
}

const runs = option('runs') ?? '10000';
const seed = option('seed');
if (!/^[1-9]\d*$/.test(runs) || (seed !== undefined && !/^-?\d+$/.test(seed))) {
  console.error('usage: npm run test:model -- [--runs N] [--seed N]');
  process.exit(2);
}

const require = createRequire(import.meta.url);
const vitest = path.join(path.dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
const result = spawnSync(process.execPath, [vitest, 'run', 'src/domain/model.test.ts'], {
  stdio: 'inherit',
  env: { ...process.env, MODEL_RUNS: runs, ...(seed === undefined ? {} : { MODEL_SEED: seed }) },
});
process.exit(result.status ?? 1);
