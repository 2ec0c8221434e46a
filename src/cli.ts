#!/usr/bin/env node
import { main } from './cli/main.js';
import { isEngineWorker, runEngineWorker } from './load/engine-worker.js';

// --workers starts this same script in worker threads, each hosting one share of the load.
if (isEngineWorker()) runEngineWorker();
else await cli();

async function cli(): Promise<void> {
  // The first Ctrl-C stops the run and keeps the completed rounds; a second one leaves at once.
  const interrupt = new AbortController();
  process.once('SIGINT', () => {
    interrupt.abort();
    process.once('SIGINT', () => process.exit(130));
  });

  process.exitCode = await main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrIsTty: process.stderr.isTTY === true,
    env: process.env,
    interrupt: interrupt.signal,
  });
}
