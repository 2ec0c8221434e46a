#!/usr/bin/env node
import { isMainThread } from 'node:worker_threads';

/** Exit codes of a run ended by a signal: 128 + its number, as shells report them. */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

// The entry does nothing else, and imports what it runs only when it runs it: main() answers
// --version and --help itself and loads a command's code when the command runs (each a chunk of
// the bundle: see scripts/build.mjs). With PERF_GATE_DEBUG, which shows the stack of an unexpected
// error, the bundle's source maps are turned on first, so that the stack names the source files.
// --workers starts this same script in worker threads, each hosting one share of the load.
if (process.env.PERF_GATE_DEBUG) process.setSourceMapsEnabled(true);
if (isMainThread) await cli();
else await engineWorkerOrCli();

async function engineWorkerOrCli(): Promise<void> {
  const { isEngineWorker, runEngineWorker } = await import('./load/engine-worker.js');
  if (isEngineWorker()) runEngineWorker();
  else await cli();
}

async function cli(): Promise<void> {
  const { main } = await import('./cli/main.js');
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
    stdoutIsTty: process.stdout.isTTY === true,
    env: process.env,
    interrupt: interrupt.signal,
    script: new URL(import.meta.url),
  });
  process.exitCode = signalled !== undefined && code === SIGNAL_EXIT.SIGINT ? SIGNAL_EXIT[signalled] : code;
}
