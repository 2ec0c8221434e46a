/** The CLI's manual: every command, every flag, every exit code. */

export const EXIT_CODES = `Exit codes:
  0    ok: every budget met
  1    a budget (threshold) was exceeded
  2    bad input: the suite file, a flag, a result file (the message names the file and field)
  3    the target is unreachable (refused, DNS, no connection)
  70   perf-gate itself failed: a bug, please report it
  130  interrupted (Ctrl-C): the rounds that completed are still written and reported`;

export const MAIN_HELP = `perf-gate: HTTP load suites with a performance gate

Usage:
  perf-gate run [--config FILE] [--target URL] [--out FILE] [options]
  perf-gate schema
  perf-gate help [COMMAND]
  perf-gate --version

Commands:
  run      Run the suite against the target, print the report, judge the budgets.
  schema   Print the JSON Schema of the suite file, for editor completion.
  help     Show help for a command.

${EXIT_CODES}

Docs: README.md (suite file reference, result file format).`;

export const RUN_HELP = `Usage: perf-gate run [options]

Runs every scenario of the suite against the target: a warm-up, then the rounds,
interleaved scenario by scenario (A1 B1 A2 B2 ...). Progress goes to stderr, the report
to stdout. Absolute budgets ("thresholds:" in the suite file) decide the exit code.

Options:
  -c, --config FILE     suite file, YAML or JSON                   default: perf-gate.yml
  -t, --target URL      base URL to test (http or https, may carry a base path);
                        overrides "target:" in the suite file
  -o, --out FILE        write the results (perf-gate/result@1 JSON) to FILE
      --progress MODE   live | plain | none     default: live on a terminal, else plain
      --sha SHA         git commit recorded in the results
                        default: $GITHUB_SHA, else "git rev-parse HEAD", else none
  -h, --help            show this help

${EXIT_CODES}`;

export const SCHEMA_HELP = `Usage: perf-gate schema

Prints the JSON Schema of the suite file to stdout. Point your editor at it, e.g. with
the YAML language server: # yaml-language-server: $schema=./perf-gate.schema.json`;
