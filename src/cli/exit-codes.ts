/**
 * The CLI's exit codes (documented in the commands' manuals, src/cli/manual/); bad input (2) and an unreachable target (3) travel on the
 * errors themselves.
 */
export const EXIT = {
  ok: 0,
  /** A regression or an exceeded budget. */
  budgetFailed: 1,
  usage: 2,
  /** Inconclusive, with --fail-on-inconclusive. */
  inconclusive: 4,
  internal: 70,
  interrupted: 130,
} as const;
