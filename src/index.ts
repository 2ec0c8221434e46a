// The action's entry. A debug run of the workflow (the runner sets RUNNER_DEBUG=1) logs the stack of
// an unexpected error: the bundle's source maps are turned on first, so that it names the source
// files. The rest is imported only then (each mode is a chunk of the bundle: see scripts/build.mjs).
if (process.env.RUNNER_DEBUG === '1') process.setSourceMapsEnabled(true);
const { run } = await import('./action/run.js');
await run();
