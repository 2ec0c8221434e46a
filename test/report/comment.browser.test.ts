import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderGateMarkdown, type GateReportInput } from '../../src/report/gate-markdown.js';
import { launchBrowser } from '../helpers/browser.js';
import { renderComment } from '../helpers/github-markdown.js';
import { demoFailInput, failInput, largeInput, passInput } from './fixtures.js';

/**
 * The PR comment as GitHub shows it (test/helpers/github-markdown.ts: a GFM renderer and GitHub's
 * comment style, in the headless browser), at 940 pixels wide as on a desktop and at 800: how
 * tall it stands with every <details> closed, as it first shows, and that nothing in it, opened,
 * is wider than the comment. Screenshots go to .tmp/screenshots/ for a person to look at.
 */
const SHOTS = fileURLToPath(new URL('../../.tmp/screenshots/', import.meta.url));

/** A passing comment is a glance; a failing one, the demo's four regressions and two undecided, a screen and a half. */
const BUDGET = { pass: 500, fail: 1_400 } as const;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
  await mkdir(SHOTS, { recursive: true });
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

describe('the PR comment, rendered as GitHub renders it', () => {
  it.each([
    ['pass', 'a passing run of 3 scenarios', () => Promise.resolve(passInput())],
    ['fail', "the demo's failing run (9 scenarios, 4 regressions, 2 undecided)", demoFailInput],
  ] as const)(
    '%s: %s stays within its height at 940 px, and nothing is cut at 940 or 800 px',
    async (name, _what, input: () => Promise<GateReportInput>) => {
      const markdown = renderGateMarkdown(await input());
      const wide = await renderComment(browser, markdown, 940, {
        closed: join(SHOTS, `comment-${name}-940.png`),
        open: join(SHOTS, `comment-${name}-940-open.png`),
      });
      const narrow = await renderComment(browser, markdown, 800, { closed: join(SHOTS, `comment-${name}-800.png`) });
      console.info(
        `comment ${name}: ${Math.round(wide.height)} px at 940, ${Math.round(narrow.height)} px at 800 (${Math.round(wide.openHeight)} px opened)`,
      );
      expect(wide.height).toBeLessThanOrEqual(BUDGET[name]);
      // Closed <details> hide most of it: opened, it is several times as tall.
      expect(wide.openHeight).toBeGreaterThan(2 * wide.height);
      expect(wide.overflowing).toEqual([]);
      expect(narrow.overflowing).toEqual([]);
    },
    60_000,
  );

  it('shows the change chart whole at 800 px, for the longest names a line holds', async () => {
    // The hostile fixture's 28-character name, and 30 scenarios' chart at its tallest.
    for (const input of [failInput(), largeInput(30, [4], [7])]) {
      const markdown = renderGateMarkdown(input);
      expect(markdown).toContain('```text');
      expect((await renderComment(browser, markdown, 800)).overflowing).toEqual([]);
    }
  }, 60_000);
});
