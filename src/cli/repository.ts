import { execFile } from 'node:child_process';
import { InputError } from '../errors.js';

/** A host, an owner and a repository name as GitHub (and GitLab, Gitea) spell them. */
const HOST = /^[A-Za-z0-9.-]+(:\d+)?$/;
const NAME = /^[A-Za-z0-9_.-]+$/;

/**
 * The forms a repository is named in: "owner/name" (github.com), a web or https remote URL, an ssh remote, scp-like "git@host:owner/name".
 */
const FORMS = [
  /^(?<owner>[^/:@\s]+)\/(?<name>[^/:@\s]+)$/,
  /^https?:\/\/(?:[^@/]*@)?(?<host>[^/@]+)\/(?<owner>[^/]+)\/(?<name>[^/]+?)(?:\.git)?\/?$/,
  /^ssh:\/\/(?:[^@/]*@)?(?<host>[^/:@]+)(?::\d+)?\/(?<owner>[^/]+)\/(?<name>[^/]+?)(?:\.git)?\/?$/,
  /^(?:[^@/:]+@)?(?<host>[^/:@]+):(?<owner>[^/]+)\/(?<name>[^/]+?)(?:\.git)?$/,
];

/**
 * The web address of a repository ("https://github.com/octo-org/shop"), from how a user or a git
 * remote names it; undefined for anything else (a local path, a nested group). Credentials in a
 * remote URL are dropped, and an ssh remote's port (ssh's, not the web's).
 */
export function repositoryUrl(text: string): string | undefined {
  for (const form of FORMS) {
    const { host = 'github.com', owner = '', name = '' } = form.exec(text.trim())?.groups ?? {};
    if (HOST.test(host) && NAME.test(owner) && NAME.test(name) && name !== '.' && name !== '..') return `https://${host}/${owner}/${name}`;
  }
  return undefined;
}

/** --repo: the repository whose commits the dashboard links to. */
export function parseRepoFlag(value: string): string {
  const url = repositoryUrl(value);
  if (url === undefined)
    throw new InputError(`--repo: expected OWNER/NAME or the repository's URL (https://host/OWNER/NAME), found "${value.slice(0, 80)}"`);
  return url;
}

/** The repository of the checkout at `cwd`, by its remote "origin"; undefined without git, a checkout or such a remote. */
export function originRepository(cwd: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['remote', 'get-url', 'origin'], { cwd, timeout: 2_000 }, (error, stdout) =>
      resolve(error === null ? repositoryUrl(stdout) : undefined),
    );
  });
}
