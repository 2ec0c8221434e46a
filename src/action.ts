import * as core from '@actions/core';

/**
 * The action's front door. The measuring instrument (the CLI) comes first; the action that
 * comments, checks and blocks builds on it. Until then it fails clearly rather than passing.
 */
export async function run(): Promise<void> {
  core.setFailed(
    'perf-gate: the GitHub Action is not implemented yet. Run the CLI instead: node dist/cli.js run --config perf-gate.yml',
  );
}
