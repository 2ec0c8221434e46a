#!/usr/bin/env node
import { main } from './cli/main.js';
import { isEngineWorker, runEngineWorker } from './load/engine-worker.js';

/** Exit codes of a run ended by a signal: 128 + its number, as shells report them. */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

// --workers starts this same script in worker threads, each hosting one share of the load.
if (isEngineWorker()) runEngineWorker();
else await cli();

async function cli(): Promise<void> {
  // The first Ctrl-C stops the run and keeps the completed rounds; a second one leaves at once.
  // SIGTERM, what a cancelled CI job gets after SIGINT (or alone, from a process manager), does the same.
  const interrupt = new AbortController();
  let signalled: keyof typeof SIGNAL_EXIT | undefined;
  for (const signal of Object.keys(SIGNAL_EXIT) as (keyof typeof SIGNAL_EXIT)[]) {
    process.on(signal, () => {
      if (signalled !== undefined) process.exit(SIGNAL_EXIT[signal]);
      signalled = signal;
      interrupt.abort();
    });
  }

  const code = await main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrIsTty: process.stderr.isTTY === true,
    env: process.env,
    interrupt: interrupt.signal,
  });
  process.exitCode = signalled !== undefined && code === SIGNAL_EXIT.SIGINT ? SIGNAL_EXIT[signalled] : code;
}
