import { appendRun, type AppendOutcome, type Baseline } from '../result/baseline.js';
import { parseBaseline } from '../files/baseline-file.js';
import { historyEntry, MAX_HISTORY, type HistoryEntry } from '../result/history.js';
import { RunResultSchema, type RunResult } from '../result/result.js';
import { InputError } from '../errors.js';
import type { GitHubClient, Repo } from './client.js';

/**
 * The baseline kept on a dedicated branch (default `perf-gate-baselines`) that holds nothing but
 * baseline data: `baselines/<suite>.json` and a copy of every recorded run in
 * `history/<suite>/<startedAt>-<sha7>.json`. Written through the git data API, never by a push
 * from the workspace, with optimistic concurrency: the new commit's parent is the head that was
 * read, the ref moves only as a fast-forward (`force: false`), and a writer that lost the race
 * re-reads the branch, appends its run to the fresh baseline and tries again. No run is lost.
 */
export interface BaselineBranch {
  client: GitHubClient;
  repo: Repo;
  branch: string;
}

export function branchBaselinePath(suite: string): string {
  return `baselines/${suite}.json`;
}

export function historyPath(run: RunResult): string {
  const stamp = run.startedAt.replace(/:/g, '-');
  return `history/${run.suite}/${stamp}-${(run.git.sha ?? 'unknown').slice(0, 7)}.json`;
}

/** The branch's head and the baseline at it; `head` undefined when the branch does not exist yet. */
export interface StoredBaseline {
  head: { commit: string; tree: string } | undefined;
  baseline: Baseline | undefined;
  /** The branch's files, when it exists. */
  tree?: TreeEntry[];
}

type TreeEntry = { path?: string; type?: string; sha?: string };

/**
 * Reads the suite's baseline from the branch. A file that does not parse is an error naming
 * branch and path. `signal` ends a read in flight (a cancelled job, whose check run waits).
 */
export async function readBranchBaseline(store: BaselineBranch, suite: string, signal?: AbortSignal): Promise<StoredBaseline> {
  const { client, repo, branch } = store;
  const request = signal === undefined ? {} : { request: { signal } };
  const head = await branchHead(store, request);
  if (head === undefined) return { head, baseline: undefined };
  const path = branchBaselinePath(suite);
  const { data: tree } = await client.rest.git.getTree({ ...repo, tree_sha: head.tree, recursive: '1', ...request });
  if (tree.truncated) throw new InputError(`branch ${branch}: its tree is too large to list; prune history/ on it`);
  const entry = tree.tree.find((e) => e.path === path && e.type === 'blob');
  if (entry?.sha === undefined) return { head, baseline: undefined, tree: tree.tree };
  return { head, baseline: parseBaseline(await blobText(store, entry.sha, request), `branch ${branch}, ${path}`), tree: tree.tree };
}

/** Octokit's per-request options: an abort signal, where a read may be cancelled. */
type RequestOptions = { request?: { signal: AbortSignal } };

async function blobText(store: BaselineBranch, sha: string, request: RequestOptions = {}): Promise<string> {
  const { data: blob } = await store.client.rest.git.getBlob({ ...store.repo, file_sha: sha, ...request });
  return Buffer.from(blob.content, blob.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
}

/**
 * The history entries of the newest MAX_HISTORY run copies under `history/<suite>/` (their names
 * start with the run's start time, so they sort by it). A copy that does not parse as a run of
 * this suite is skipped: it is only evidence of the noise, never a run to compare with.
 */
async function historyFromCopies(store: BaselineBranch, tree: TreeEntry[], suite: string): Promise<HistoryEntry[]> {
  const copies = tree
    .filter((e) => e.type === 'blob' && e.sha !== undefined && e.path?.startsWith(`history/${suite}/`) && e.path.endsWith('.json'))
    .sort((a, b) => (a.path! < b.path! ? -1 : 1))
    .slice(-MAX_HISTORY);
  const entries: HistoryEntry[] = [];
  for (const copy of copies) {
    const run = RunResultSchema.safeParse(parseJson(await blobText(store, copy.sha!)));
    if (run.success && run.data.suite === suite && !run.data.interrupted) entries.push(historyEntry(run.data));
  }
  return entries;
}

/** The other suites' baselines on the branch; one that does not parse is left out of the pages, and said. */
async function otherBaselines(
  store: BaselineBranch,
  tree: TreeEntry[],
  own: string,
  log: ((message: string) => void) | undefined,
): Promise<Baseline[]> {
  const paths = tree.filter(
    (e) => e.type === 'blob' && e.sha !== undefined && /^baselines\/[^/]+\.json$/.test(e.path ?? '') && e.path !== own,
  );
  const baselines: Baseline[] = [];
  for (const entry of paths) {
    try {
      baselines.push(parseBaseline(await blobText(store, entry.sha!), `branch ${store.branch}, ${entry.path}`));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      log?.(`perf-gate: ${error.message}; left out of the dashboard`);
    }
  }
  return baselines;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export interface AppendToBranchOptions {
  /** Attempts in all (the first write and the retries after losing a race). Default 8. */
  attempts?: number;
  /** The backoff before retry n is about base·2^(n-1) ms, jittered ×0.5…1.5. Default 250. */
  backoffMs?: number;
  log?: (message: string) => void;
  /** The run's base deployment serving the same code (a record with baseline-url): stored as an A/A record. */
  base?: RunResult;
  /** Files to write in the same commit, made from every suite's baseline on the branch (this suite's new one first), e.g. a dashboard. */
  pages?: (baselines: Baseline[]) => { path: string; content: string }[];
}

export interface AppendedToBranch extends AppendOutcome {
  commit: string;
  /** How many writes it took (1 without contention). */
  attempts: number;
}

/** Appends `run` to the suite's baseline on the branch (created as an orphan when missing), retrying lost races. */
export async function appendToBranch(
  store: BaselineBranch,
  run: RunResult,
  options: AppendToBranchOptions = {},
): Promise<AppendedToBranch> {
  const { client, repo, branch } = store;
  const attempts = options.attempts ?? 8;
  const backoff = options.backoffMs ?? 250;
  const path = branchBaselinePath(run.suite);
  for (let attempt = 1; ; attempt++) {
    const stored = await readBranchBaseline(store, run.suite);
    const { head } = stored;
    // A baseline written before it kept a history: the branch's copies of every recorded run have one (read once, then kept in the file).
    const copies =
      stored.baseline !== undefined && stored.baseline.history === undefined
        ? await historyFromCopies(store, stored.tree ?? [], run.suite)
        : [];
    const baseline = copies.length > 0 ? { ...stored.baseline!, history: copies } : stored.baseline;
    const outcome = appendRun(baseline, run, undefined, options.base);
    const pages =
      options.pages === undefined
        ? []
        : options.pages([outcome.baseline, ...(await otherBaselines(store, stored.tree ?? [], path, options.log))]);
    const files = [{ path, content: json(outcome.baseline) }, { path: historyPath(run), content: json(run) }, ...pages];
    const blobs = await Promise.all(
      files.map(
        async ({ content }) =>
          (await client.rest.git.createBlob({ ...repo, content: Buffer.from(content).toString('base64'), encoding: 'base64' })).data.sha,
      ),
    );
    const { data: tree } = await client.rest.git.createTree({
      ...repo,
      ...(head === undefined ? {} : { base_tree: head.tree }),
      tree: files.map((file, i) => ({ path: file.path, mode: '100644' as const, type: 'blob' as const, sha: blobs[i]! })),
    });
    const { data: commit } = await client.rest.git.createCommit({
      ...repo,
      message: `perf-gate: record ${run.suite} at ${(run.git.sha ?? 'unknown').slice(0, 7)} (${run.startedAt})`,
      tree: tree.sha,
      parents: head === undefined ? [] : [head.commit],
    });
    const lost = await moveBranch(store, head, commit.sha);
    if (!lost) return { ...outcome, commit: commit.sha, attempts: attempt };
    if (attempt >= attempts) {
      throw new InputError(
        `branch ${branch}: could not record the run after ${attempts} attempts: other writers kept moving the branch (${lost}); re-run the job`,
      );
    }
    const wait = Math.round(backoff * 2 ** (attempt - 1) * (0.5 + Math.random()));
    options.log?.(`perf-gate: branch ${branch} moved while recording (${lost}); re-reading and retrying in ${wait} ms`);
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** Creates the branch or fast-forwards it; returns why another writer won, or undefined when it moved. */
async function moveBranch(store: BaselineBranch, head: StoredBaseline['head'], sha: string): Promise<string | undefined> {
  const { client, repo, branch } = store;
  try {
    if (head === undefined) await client.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha });
    else await client.rest.git.updateRef({ ...repo, ref: `heads/${branch}`, sha, force: false });
    return undefined;
  } catch (error) {
    // 422: "Update is not a fast forward" (someone else committed) or "Reference already exists" (someone else created it).
    if ((error as { status?: unknown }).status === 422) return (error as Error).message.split(' - ')[0];
    throw error;
  }
}

async function branchHead(store: BaselineBranch, request: RequestOptions = {}): Promise<StoredBaseline['head']> {
  const { client, repo } = store;
  let commitSha: string;
  try {
    commitSha = (await client.rest.git.getRef({ ...repo, ref: `heads/${store.branch}`, ...request })).data.object.sha;
  } catch (error) {
    if ((error as { status?: unknown }).status === 404) return undefined;
    throw error;
  }
  const { data: commit } = await client.rest.git.getCommit({ ...repo, commit_sha: commitSha, ...request });
  return { commit: commitSha, tree: commit.tree.sha };
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
