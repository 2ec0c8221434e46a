/**
 * Preloaded into Artillery by bench/artillery.mjs (node --import). Artillery 2 sends a usage
 * event to its telemetry service on every run, ARTILLERY_DISABLE_TELEMETRY only anonymises it,
 * and without a network its retries hold the process some 12 s after the test. This replaces
 * the telemetry client with one that sends nothing, so a bench run stays on this machine.
 */
import Module from 'node:module';

const load = Module._load;
Module._load = function (request, ...rest) {
  if (request !== 'posthog-node') return load.call(this, request, ...rest);
  return {
    PostHog: class {
      capture() {}
      async shutdownAsync() {}
    },
  };
};
