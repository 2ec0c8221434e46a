import * as core from '@actions/core';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { appendRun, type Baseline } from './baseline/baseline.js';
import { readBaselineFileIfExists, writeBaselineFile } from './baseline/baseline-file.js';
import type { RunResult } from './baseline/result.js';
import { writeResultFile } from './baseline/result-file.js';
import { loadSuiteFile, parseSuite } from './config/load-suite.js';
import type { Suite } from './config/suite.js';
import { redactor } from './config/redact.js';
import { normalizeTarget, targetProblem } from './config/target.js';
import { GitHubReadError, InputError, InterruptedError, PerfGateError, errorMessage } from './errors.js';
import { budgetChecks, finalVerdict, gateRun } from './gate/gate-run.js';
import { appendToBranch, branchBaselinePath, parseBaseline, readBranchBaseline, type BaselineBranch } from './github/baseline-store.js';
import { createClient, type GitHubClient } from './github/client.js';
import { fileAtCommit, pullRequestFiles } from './github/contents.js';
import { progressDisplay } from './load/progress.js';
import { checkRunTitle } from './report/check-run-title.js';
import { BUDGET_LABEL, METRIC_LABEL, formatChange, formatLevel, formatThreshold } from './report/gate-facts.js';
import { renderGateMarkdown } from './report/gate-markdown.js';
import type { GateResult } from './stats/verdict.js';
import { baselineEdits, withBasePolicy } from './action/base-policy.js';
import { isDeploymentEvent, pullRequestForCommit, readRunContext, type RunContext } from './action/event.js';
import { readInputs, type ActionInputs } from './action/inputs.js';
import { readPrResults, writePrResults } from './action/pr-results.js';
import { Reporter } from './action/reporter.js';
import { waitUntilReady } from './action/wait-ready.js';
import type { CheckAnnotation, CheckConclusion } from './github/check-run.js';

/** The action's front door: read inputs and event, run the mode, report; one catch for everything. */
export async function run(): Promise<void> {
  // A cancelled job gets SIGINT, then SIGTERM: stop measuring, keep the completed rounds, and
  // complete the check run (see completingCheck) instead of dying with it "in progress".
  const cancel = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => cancel.abort());
  try {
    const inputs = readInputs();
    const context = await readRunContext(process.env);
    if (inputs.mode === 'report') await reportMode(inputs, context);
    else await measureMode(inputs, context, cancel.signal);
  } catch (error) {
    if (error instanceof PerfGateError) {
      core.setFailed(`perf-gate: ${error.message}`);
    } else {
      core.setFailed(`perf-gate: unexpected error: ${errorMessage(error)}`);
      if (error instanceof Error && error.stack) core.debug(error.stack);
    }
  }
}

/** gate (a pull request: measure, judge, report) and record (the main branch: measure, add to the baseline). */
async function measureMode(inputs: ActionInputs, context: RunContext, signal: AbortSignal): Promise<void> {
  const ownSuite = withHeaders(maskSecrets(await loadSuiteFile(inputs.config)), inputs.headers);
  if (isDeploymentEvent(context.eventName) && context.deploymentState !== 'success' && inputs.targetUrl === undefined) {
    core.notice(`perf-gate: deployment state is "${context.deploymentState ?? 'unknown'}", not success: nothing to measure yet`);
    core.setOutput('verdict', 'skipped');
    return;
  }
  const target = resolveTarget(inputs, context, ownSuite);
  const base = inputs.baselineUrl === undefined ? undefined : url(inputs.baselineUrl, 'baseline-url');
  const client = await createClient(inputs.githubToken, context.apiUrl, core.info);
  const found =
    context.pullRequest ??
    (isDeploymentEvent(context.eventName) ? await deployedPullRequest(client, context) : undefined);
  const pullRequest = found?.number;
  const gating = inputs.mode === 'gate';
  const store: BaselineBranch | undefined = inputs.baselineBranch === undefined ? undefined : { client, repo: context.repo, branch: inputs.baselineBranch };
  const baselinePath = inputs.baselinePath ?? `baselines/${ownSuite.name}.json`;

  // A pull request is judged by the base's rules: its policy from the base commit's suite file, its
  // baseline from the storage branch or the base commit, never from the pull request's checkout.
  let suite = ownSuite;
  const policyWarnings: string[] = [];
  const baseSha = gating ? found?.baseSha : undefined;
  if (baseSha !== undefined) {
    const merged = await basePolicy(client, context, inputs, baseSha, ownSuite);
    suite = merged.suite;
    policyWarnings.push(...merged.warnings);
    if (pullRequest !== undefined) policyWarnings.push(...(await baselineEditWarnings(client, context, pullRequest, inputs.baselinePath)));
  }
  const reporter = new Reporter(client, context.repo, context.headSha, inputs.checkName, context.runUrl);
  if (gating) await reporter.start();
  // Whatever ends the run from here on, a started check run is completed with the reason: a required check must not hang.
  await completingCheck(reporter, redactor(suite.secrets), async () => {
    const expectSha = /^[0-9a-f]{7,40}$/i.test(context.headSha) && (inputs.shaHeader !== undefined || inputs.shaPath !== undefined)
      ? { sha: context.headSha, ...(inputs.shaHeader === undefined ? {} : { header: inputs.shaHeader }), ...(inputs.shaPath === undefined ? {} : { path: inputs.shaPath }) }
      : undefined;
    await waitUntilReady(target, inputs.headers, inputs.waitTimeoutMs, core.info, expectSha);
    if (base !== undefined) await waitUntilReady(base, inputs.headers, inputs.waitTimeoutMs, core.info);
    // The stored baseline: the reference in the stored mode; in the A/B mode what it learnt of the deployment noise.
    let baseline: Baseline | undefined;
    let baselineSource = baselinePath;
    if (gating) {
      if (store !== undefined) {
        baseline = (await readBranchBaseline(store, suite.name)).baseline;
        baselineSource = `${branchBaselinePath(suite.name)} on branch ${store.branch}`;
      } else if (baseSha !== undefined) {
        const text = await fileAtCommit(client, context.repo, repoPath(context, baselinePath), baseSha);
        baseline = text === undefined ? undefined : parseBaseline(text, `${baselinePath} at the base commit ${baseSha.slice(0, 7)}`);
        baselineSource = `${baselinePath} at ${baseSha.slice(0, 7)}`;
      } else {
        baseline = await readBaselineFileIfExists(baselinePath);
      }
    }
    const run = await gateRun({
      suite,
      target,
      ...(base === undefined ? {} : { base }),
      ...(baseline === undefined ? {} : { baseline }),
      judge: gating,
      maxDurationMs: suite.gate.maxDurationMs,
      sha: /^[0-9a-f]{40}$/.test(context.headSha) ? context.headSha : null,
      env: process.env,
      onEvent: progressDisplay('plain', (text) => process.stdout.write(text)),
      signal,
    });

    const out = await outputDir();
    const resultsPath = join(out, 'results.json');
    await writeResultFile(resultsPath, run.current);
    if (run.baseRun !== undefined) await writeResultFile(join(out, 'results.base.json'), run.baseRun);
    if (pullRequest !== undefined && /^[0-9a-f]{40}$/.test(context.headSha)) {
      await writePrResults(join(out, 'pr-results.json'), {
        pullRequest,
        headSha: context.headSha,
        results: run.current,
        ...(run.baseRun === undefined ? {} : { base: run.baseRun }),
      });
    }
    core.setOutput('results-path', resultsPath);
    if (run.interrupted) {
      const rounds = run.current.scenarios.reduce((sum, s) => sum + s.rounds.length, 0);
      throw new InterruptedError(`the job was cancelled after ${rounds} completed round(s); they are in ${resultsPath}, and nothing was judged or recorded`);
    }

    if (!gating) {
      if (store !== undefined) {
        const { baseline: updated, dropped, attempts, commit } = await appendToBranch(store, run.current, { log: core.info, ...(run.baseRun === undefined ? {} : { base: run.baseRun }) });
        core.info(
          `perf-gate: recorded the run in ${branchBaselinePath(suite.name)} on branch ${store.branch} (commit ${commit.slice(0, 7)}${attempts > 1 ? `, after ${attempts} attempts` : ''}): ${updated.runs.length} runs kept, ${dropped} dropped`,
        );
      } else {
        const { baseline: updated, dropped } = appendRun(await readBaselineFileIfExists(baselinePath), run.current, undefined, run.baseRun);
        await writeBaselineFile(baselinePath, updated);
        core.info(`perf-gate: recorded the run in ${baselinePath}: ${updated.runs.length} runs kept, ${dropped} dropped`);
      }
      const failed = run.budgets.filter((b) => !b.passed).length;
      core.setOutput('verdict', failed > 0 ? 'fail' : 'pass');
      core.setOutput('regressions', '0');
      if (failed > 0) core.setFailed(`perf-gate: ${failed} budget(s) exceeded`);
      return;
    }
    const gate = { ...run.gate!, warnings: [...run.gate!.warnings, ...policyWarnings] };
    const reference = run.baseRun !== undefined ? [run.baseRun] : (baseline?.runs ?? []);
    await report({ inputs, suite, gate, current: run.current, reference, baselinePath: baselineSource, reporter, pullRequest, out });
  });
}

/** The base commit's suite file, read through the API, gives the policy and the definitions of the scenarios it has; without one the pull request's own apply, with a warning. */
async function basePolicy(client: GitHubClient, context: RunContext, inputs: ActionInputs, baseSha: string, own: Suite): Promise<{ suite: Suite; warnings: string[] }> {
  const { config } = inputs;
  const path = repoPath(context, config);
  const text = await fileAtCommit(client, context.repo, path, baseSha);
  if (text === undefined) {
    return { suite: own, warnings: [`the base commit ${baseSha.slice(0, 7)} has no ${path}: judged under the pull request's own policy`] };
  }
  // The headers input goes to the base's scenarios too: it is how the deployment lets perf-gate in.
  const baseSuite = withHeaders(maskSecrets(parseSuite(text, `${path} at the base commit ${baseSha.slice(0, 7)}`, process.env)), inputs.headers);
  return withBasePolicy(own, baseSuite);
}

async function baselineEditWarnings(client: GitHubClient, context: RunContext, pullRequest: number, baselinePath: string | undefined): Promise<string[]> {
  try {
    const edits = baselineEdits(await pullRequestFiles(client, context.repo, pullRequest), baselinePath === undefined ? undefined : repoPath(context, baselinePath));
    if (edits.length === 0) return [];
    const shown = edits.slice(0, 5).join(', ') + (edits.length > 5 ? ` and ${edits.length - 5} more` : '');
    return [`the pull request modifies ${shown}: baselines are never taken from a pull request; it is judged against the base's baseline`];
  } catch (error) {
    return [`could not list the pull request's files to check for baseline edits: ${errorMessage(error)}`];
  }
}

/** A workspace path as the repository names it (the contents API's path). */
function repoPath(context: RunContext, path: string): string {
  return relative(context.workspace, resolve(path)).split(sep).join('/');
}

/** The privileged half of the fork-safe pattern: judge the measuring job's numbers, then report. */
async function reportMode(inputs: ActionInputs, context: RunContext): Promise<void> {
  if (inputs.resultsFile === undefined) throw new InputError('input results-file: required in mode report (the pr-results.json the measuring job uploaded)');
  const uploaded = await readPrResults(inputs.resultsFile);
  const suite = maskSecrets(await loadSuiteFile(inputs.config));
  if (uploaded.results.suite !== suite.name) {
    throw new InputError(`${inputs.resultsFile} is suite "${uploaded.results.suite}", but ${inputs.config} is suite "${suite.name}"`);
  }
  const client = await createClient(inputs.githubToken, context.apiUrl, core.info);
  const reporter = new Reporter(client, context.repo, uploaded.headSha, inputs.checkName, context.runUrl);
  await reporter.start();
  await completingCheck(reporter, redactor(suite.secrets), async () => {
    const store = inputs.baselineBranch === undefined ? undefined : { client, repo: context.repo, branch: inputs.baselineBranch };
    const baselinePath = store === undefined ? (inputs.baselinePath ?? `baselines/${suite.name}.json`) : `${branchBaselinePath(suite.name)} on branch ${store.branch}`;
    const stored = store === undefined ? await readBaselineFileIfExists(baselinePath) : (await readBranchBaseline(store, suite.name)).baseline;
    const reference = uploaded.base !== undefined ? [uploaded.base] : (stored?.runs ?? []);
    const budgets = budgetChecks(suite, uploaded.results);
    const gate = finalVerdict({ suite, current: uploaded.results, reference, records: stored, budgets, mode: uploaded.base === undefined ? 'stored-baseline' : 'interleaved' });
    core.setOutput('results-path', inputs.resultsFile);
    await report({
      inputs,
      suite,
      gate,
      current: uploaded.results,
      reference,
      baselinePath,
      reporter,
      pullRequest: uploaded.pullRequest,
      out: await outputDir(),
    });
  });
}

interface Verdict {
  inputs: ActionInputs;
  suite: Suite;
  gate: GateResult;
  current: RunResult;
  /** The stored baseline's runs, or the base deployment's run. */
  reference: RunResult[];
  baselinePath: string;
  reporter: Reporter;
  pullRequest: number | undefined;
  /** Where the report file goes. */
  out: string;
}

/** Summary, report file, check, comment, outputs, exit code: every way the verdict is told. */
async function report({ inputs, suite, gate, current, reference, baselinePath, reporter, pullRequest, out }: Verdict): Promise<void> {
  const markdown = renderGateMarkdown({
    suite: suite.name,
    gate,
    current,
    baseline: reference,
    baselineFile: baselinePath,
    ...(pullRequest === undefined ? {} : { context: `PR #${pullRequest}` }),
  });
  const reportPath = join(out, 'report.md');
  await writeFile(reportPath, markdown);
  // The job summary always carries the report, whatever GitHub lets the token do.
  await core.summary.addRaw(markdown).write();

  const title = checkRunTitle(gate);
  await reporter.finish({ conclusion: conclusionOf(gate), title, summary: markdown, annotations: annotations(inputs.config, suite, gate) });
  let commentUrl: string | undefined;
  const worthSaying = gate.verdict === 'fail' || gate.verdict === 'inconclusive';
  if (pullRequest !== undefined && inputs.comment !== 'never') {
    commentUrl = await reporter.comment(pullRequest, suite.name, markdown, inputs.comment === 'on-regression' && !worthSaying);
  }

  core.setOutput('verdict', gate.verdict);
  core.setOutput('regressions', String(gate.counts.regressions));
  core.setOutput('report-path', reportPath);
  core.setOutput('comment-url', commentUrl ?? '');
  core.info(`perf-gate: ${gate.verdict}: ${title}`);
  const fails = gate.verdict === 'fail' ? inputs.failOn !== 'never' : gate.verdict === 'inconclusive' && inputs.failOn === 'inconclusive';
  if (fails) core.setFailed(`perf-gate: ${title}`);
}

function conclusionOf(gate: GateResult): CheckConclusion {
  if (gate.verdict === 'fail') return 'failure';
  return gate.verdict === 'pass' ? 'success' : 'neutral';
}

/** One annotation per scenario that regressed or broke a budget, on its line of the suite file. */
function annotations(configPath: string, suite: Suite, gate: GateResult): CheckAnnotation[] {
  const found: CheckAnnotation[] = [];
  for (const scenario of suite.scenarios) {
    const comparison = gate.scenarios.find((s) => s.name === scenario.name);
    const regressed = comparison?.metrics.filter((m) => m.blocking && m.verdict === 'regression') ?? [];
    const broken = gate.budgets.filter((b) => b.scenario === scenario.name && !b.passed);
    if (regressed.length === 0 && broken.length === 0) continue;
    const what = [
      ...regressed.map((m) => `${METRIC_LABEL[m.metric]} ${formatChange(m)} (threshold ${formatThreshold(m)})`),
      ...broken.map((b) => `${BUDGET_LABEL[b.metric]} ${formatLevel(b.metric, b.actual)}, budget ${formatLevel(b.metric, b.limit)}`),
    ];
    found.push({ path: configPath, line: scenario.line, level: 'failure', title: `perf-gate: ${scenario.name} regressed`, message: what.join('; ') });
  }
  return found;
}

function resolveTarget(inputs: ActionInputs, context: RunContext, suite: Suite): URL {
  if (inputs.targetUrl !== undefined) return url(inputs.targetUrl, 'target-url');
  if (context.deploymentUrl !== undefined) {
    return url(context.deploymentUrl, context.eventName === 'repository_dispatch' ? 'the repository_dispatch client_payload.url' : 'the deployment_status environment_url');
  }
  if (suite.target !== undefined) return new URL(suite.target);
  throw new InputError('no target to measure: set the target-url input, run on deployment_status or Vercel repository_dispatch events, or set target: in the suite file');
}

function url(text: string, source: string): URL {
  const problem = targetProblem(text);
  if (problem !== undefined) throw new InputError(`${source}: ${problem}`);
  return new URL(normalizeTarget(text));
}

/** Secret headers from the `headers` input go with every request of every scenario, to the target only. */
function withHeaders(suite: Suite, headers: Record<string, string>): Suite {
  if (Object.keys(headers).length === 0) return suite;
  return {
    ...suite,
    scenarios: suite.scenarios.map((s) => ({ ...s, request: { ...s.request, headers: { ...s.request.headers, ...headers } } })),
  };
}

async function outputDir(): Promise<string> {
  const dir = join(process.env.RUNNER_TEMP ?? tmpdir(), 'perf-gate');
  await mkdir(dir, { recursive: true });
  return dir;
}

/** Values the suite took from the environment are masked in the job's log (the runner replaces them with ***); results and reports already name the variable instead. */
function maskSecrets(suite: Suite): Suite {
  for (const { value } of suite.secrets) core.setSecret(value);
  return suite;
}

/**
 * The pull request a deployment belongs to. A failed look-up is never taken for "no pull request":
 * that would judge the deployment by its own checkout's suite file and baseline.
 */
async function deployedPullRequest(client: GitHubClient, context: RunContext): Promise<{ number: number; baseSha: string } | undefined> {
  try {
    return await pullRequestForCommit(client, context.repo, context.headSha);
  } catch (error) {
    throw new GitHubReadError(
      `could not look up the pull request of the deployed commit ${context.headSha.slice(0, 7)} (${errorMessage(error)}): ` +
        "perf-gate will not judge it by the deployment's own suite file and baseline; give the token pull-requests: read (or contents: read), then re-run",
    );
  }
}

/** Runs the rest of a mode; on any error, completes the check run it started (failure, with the reason), then lets the error end the step. */
async function completingCheck(reporter: Reporter, redact: (text: string) => string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    await reporter.abandon(redact(errorMessage(error)));
    throw error;
  }
}
