/** The CLI's manual: every command, every flag, every exit code. */

export const EXIT_CODES = `Exit codes:
  0    ok: no regression, every budget met (also: a scenario not judged, with a warning; no baseline yet)
  1    a regression beyond the threshold, or a budget (threshold) exceeded
  2    bad input: the suite file, a flag, a results or baseline file (the message names the file and field);
       or more connections than the open-file limit (ulimit -n) lets the process hold
  3    a target is unreachable (refused, DNS, no connection)
  4    a scenario could not be judged, with --fail-on-inconclusive or gate.fail_on: inconclusive
  70   perf-gate itself failed: a bug, please report it
  130  interrupted (Ctrl-C): the rounds that completed are still written and reported
  143  terminated (SIGTERM, a cancelled CI job): the same as a first Ctrl-C`;

export const MAIN_HELP = `perf-gate: HTTP load suites with a performance gate

Usage:
  perf-gate run [--config FILE] [--target URL] [--baseline FILE] [--baseline-url URL] [options]
  perf-gate compare <baseline.json> <results.json> [options]
  perf-gate record --results FILE --baseline FILE [--keep N] [--base-results FILE]
  perf-gate seed --baseline FILE [--runs N] [--config FILE] [--target URL] [options]
  perf-gate merge --out FILE <shard results...>
  perf-gate report --html FILE <results.json> [<baseline.json>]
  perf-gate schema
  perf-gate help [COMMAND]
  perf-gate --version

Commands:
  run      Run the suite against the target, report, judge budgets, and with a baseline the gate.
  compare  Judge a results file against a baseline file (or an earlier results file).
  record   Add a run to a baseline file (on the main branch).
  seed     Measure the suite N times (default 10) and record each run: a baseline starts at K = N.
  merge    Merge the shards of a sharded run (run --shard i/n) into one run.
  report   Write a run (judged, with a baseline) as a self-contained HTML page with charts.
  schema   Print the JSON Schema of the suite file, for editor completion.
  help     Show help for a command.

${EXIT_CODES}

Docs: README.md (suite file reference, result and baseline formats, the statistics).`;

export const RUN_HELP = `Usage: perf-gate run [options]

Runs every scenario of the suite against the target: a warm-up, then the rounds,
interleaved scenario by scenario (A1 B1 A2 B2 ...). Progress goes to stderr, the report
to stdout. Absolute budgets ("thresholds:" in the suite file) are always judged.

With --baseline FILE the run is also judged against the stored baseline (the last runs
of the main branch); with --baseline-url URL, against a base deployment measured in the
same run, round for round in alternating order (interleaved A/B: the most precise mode);
with both, the baseline file lends the A/B mode the deployment noise its A/A records
measured. When a blocking metric is still undecided after the configured rounds, the
undecided scenarios get as many more rounds as narrow its interval (up to 4x, 16x in
A/B mode) within --max-duration, then a final look; none when more rounds cannot help.

Options:
  -c, --config FILE          suite file, YAML or JSON                  default: perf-gate.yml
  -t, --target URL           base URL to test (http or https, may carry a base path);
                             overrides "target:" in the suite file
  -b, --baseline FILE        judge against this baseline (perf-gate/baseline@1); a missing
                             file gives a neutral verdict and says how to record one
      --baseline-url URL     judge against this base deployment, measured alongside;
                             with --baseline, the file's A/A records set the deployment noise
      --max-duration TIME    time budget of the whole measurement   default: the suite's, else 3m
  -o, --out FILE             write the results (perf-gate/result@1) to FILE; in A/B mode
                             the base's go to FILE with ".base.json"
      --json                 print the verdict as JSON (no table, no progress)
      --markdown FILE        also write the Markdown report to FILE
      --html FILE            also write the run's HTML page (its charts, and the verdict just given) to FILE
      --fail-on-inconclusive exit 4 when a scenario could not be judged (over the suite's gate.fail_on)
      --progress MODE        live | plain | none      default: live on a terminal, else plain
      --workers N            spread the load over N worker threads (each its own event loop and
                             connections, rounds merged exactly); for machines with spare cores
      --shard I/N            run 1/N of every scenario's load (shard I of N machines); merge
                             the shards with "perf-gate merge", then compare the merged run
      --service-pid PID      read the service's CPU time and memory from this local process
                             (and its children) before and after every round (Linux /proc)
      --baseline-service-pid PID, --baseline-metrics URL
                             A/B mode: the base deployment's process, or its Prometheus endpoint
      --sha SHA              git commit recorded in the results
                             default: $GITHUB_SHA, else "git rev-parse HEAD", else none
  -h, --help                 show this help

${EXIT_CODES}`;

export const SCHEMA_HELP = `Usage: perf-gate schema

Prints the JSON Schema of the suite file to stdout. Point your editor at it, e.g. with
the YAML language server: # yaml-language-server: $schema=./perf-gate.schema.json`;
