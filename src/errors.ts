/**
 * Errors a user can act on. Each carries a stable `code` and the exit code the CLI ends with;
 * the front doors print `message` alone (never a stack) for these.
 */
export abstract class PerfGateError extends Error {
  abstract readonly code: string;
  abstract readonly exitCode: number;
  constructor(message: string) {
    super(message);
    // The subclass's own name ("InputError", …), as errors print it.
    this.name = new.target.name;
  }
}

/**
 * The base of an error that differs from the others only in its code and its exit code: each is
 * a class of its own still, for `instanceof` and for the name errors print.
 */
function kind(code: string, exitCode: number) {
  return class extends PerfGateError {
    readonly code = code;
    readonly exitCode = exitCode;
  };
}

/** Bad input: a suite file, a result file, a command-line flag. Exit 2. */
export class InputError extends kind('PG_INPUT', 2) {}

/** One problem in a suite file, located. */
export interface ConfigIssue {
  file: string;
  /** 1-based; 0 when the problem has no place in the file (e.g. the file is empty). */
  line: number;
  column: number;
  /** Dotted path of the field, e.g. `scenarios[1].load.rate`; "" for the whole document. */
  field: string;
  message: string;
}

/** The suite file is invalid. The message lists every issue as `file:line:col field: message`. */
export class ConfigError extends InputError {
  override readonly code = 'PG_CONFIG';
  constructor(readonly issues: ConfigIssue[]) {
    super(issues.map(formatIssue).join('\n'));
  }
}

export function formatIssue(issue: ConfigIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.column}` : issue.file;
  return issue.field ? `${where} ${issue.field}: ${issue.message}` : `${where}: ${issue.message}`;
}

/**
 * The run needs more connections open at once than the process may have files open (ulimit -n).
 * Exit 2, as for bad input: the suite asks for what this machine, as set up, cannot give.
 */
export class FileLimitError extends kind('PG_FILE_LIMIT', 2) {}

/** The target cannot be reached at all (refused, DNS, no connection). Exit 3. */
export class TargetUnreachableError extends kind('PG_UNREACHABLE', 3) {}

/** A setup request (a login) failed: no flow can run without its captures. Exit 3, as for an unreachable target. */
export class SetupFailedError extends kind('PG_SETUP', 3) {}

/** The service perf-gate was asked to start (service.command) ended or never answered ready. Exit 3: there is nothing to measure. */
export class ServiceStartError extends kind('PG_SERVICE', 3) {}

/**
 * GitHub could not tell the action something the verdict depends on (the pull request of a
 * deployed commit, and so the base's rules): it stops with the reason rather than judge by
 * rules it could not read. Exit 1, as the runner reports any failed step.
 */
export class GitHubReadError extends kind('PG_GITHUB_READ', 1) {}

/** The run was stopped by a signal (a cancelled job) before it could judge. Exit 130. */
export class InterruptedError extends kind('PG_INTERRUPTED', 130) {}

/** The text of anything thrown, for a one-line message. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}
