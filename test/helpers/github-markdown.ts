/// <reference lib="dom" />
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import type { Browser } from 'puppeteer-core';

/**
 * Markdown as GitHub shows it in a pull request comment, to measure and look at in the headless
 * browser. micromark with its GFM extension: pure JavaScript, and it follows the CommonMark and
 * GFM specifications that GitHub's cmark-gfm implements (tables, the tag filter, raw HTML blocks
 * such as <details>), where marked, already in node_modules through Mermaid, departs from them
 * (an HTML block's end, lists, emphasis). cmark-gfm's own npm bindings build native code. GitHub
 * keeps the <details> and <summary> tags a comment holds (its sanitizer allows them), so raw HTML
 * is let through here.
 */
export function githubHtml(markdown: string): string {
  return micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
}

/**
 * The style of a comment's body, after github-markdown-css (light theme): the sizes, margins,
 * line heights and paddings that make a comment's height. GitHub's system fonts are not on this
 * machine: DejaVu Sans stands in, a little wider than Segoe UI or Helvetica, so text wraps a
 * little sooner here than there and a height measured here errs on the tall side.
 */
const CSS = `
body { margin: 0; background: #fff; }
.comment { box-sizing: border-box; padding: 16px; border: 1px solid #d1d9e0; border-radius: 6px; }
.markdown-body { font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, "DejaVu Sans", sans-serif;
  font-size: 14px; line-height: 1.5; color: #1f2328; word-wrap: break-word; }
.markdown-body > *:first-child { margin-top: 0 !important; }
.markdown-body > *:last-child { margin-bottom: 0 !important; }
.markdown-body p, .markdown-body ul, .markdown-body ol, .markdown-body table, .markdown-body pre, .markdown-body details, .markdown-body blockquote { margin-top: 0; margin-bottom: 16px; }
.markdown-body h3, .markdown-body h4 { margin-top: 24px; margin-bottom: 16px; font-weight: 600; line-height: 1.25; }
.markdown-body h3 { font-size: 1.25em; }
.markdown-body h4 { font-size: 1em; }
.markdown-body ul, .markdown-body ol { padding-left: 2em; }
.markdown-body li + li { margin-top: 0.25em; }
.markdown-body table { display: block; width: max-content; max-width: 100%; overflow: auto; border-spacing: 0; border-collapse: collapse; font-variant: tabular-nums; }
.markdown-body table th { font-weight: 600; }
.markdown-body table th, .markdown-body table td { padding: 6px 13px; border: 1px solid #d1d9e0; }
.markdown-body table tr { background-color: #fff; border-top: 1px solid #d1d9e0b3; }
.markdown-body table tr:nth-child(2n) { background-color: #f6f8fa; }
.markdown-body code, .markdown-body pre { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace; font-size: 85%; }
.markdown-body pre { padding: 16px; overflow: auto; line-height: 1.45; color: #1f2328; background-color: #f6f8fa; border-radius: 6px; }
.markdown-body pre code { font-size: 100%; padding: 0; background: transparent; white-space: pre; }
.markdown-body code { padding: 0.2em 0.4em; margin: 0; white-space: break-spaces; background-color: #818b981f; border-radius: 6px; }
.markdown-body details summary { cursor: pointer; display: list-item; }
.markdown-body em { font-style: italic; }
`;

export interface Rendered {
  /** The comment's height with every <details> closed, as GitHub first shows it, its border included, in CSS pixels. */
  height: number;
  /** Its height with every <details> open. */
  openHeight: number;
  /** Code blocks (but Mermaid's) and tables wider than the comment, every <details> open: they scroll sideways, what they hold is cut. */
  overflowing: string[];
}

/**
 * Renders `markdown` in a comment `width` pixels wide (the comment's box, its border and 16 px
 * padding included, as GitHub draws a comment), measures it closed and open, and takes
 * screenshots of both when given paths.
 */
export async function renderComment(
  browser: Browser,
  markdown: string,
  width: number,
  screenshots: { closed?: string; open?: string } = {},
): Promise<Rendered> {
  const page = await browser.newPage();
  try {
    // A short viewport: a full-page screenshot is then as tall as the comment, not the window.
    await page.setViewport({ width, height: 100 });
    await page.setContent(
      `<!doctype html><html><head><meta charset="utf-8"><style>${CSS}</style></head><body><div class="comment"><div class="markdown-body">${githubHtml(markdown)}</div></div></body></html>`,
    );
    const height = await page.evaluate(() => document.querySelector('.comment')!.getBoundingClientRect().height);
    if (screenshots.closed !== undefined) await page.screenshot({ path: screenshots.closed, fullPage: true });
    const open = await page.evaluate(() => {
      document.querySelectorAll('details').forEach((d) => (d.open = true));
      const comment = document.querySelector('.comment')!;
      // GitHub draws a mermaid block as its diagram, not as source, so its lines' width is not the comment's.
      const blocks = [...comment.querySelectorAll<HTMLElement>('pre, table')].filter(
        (el) => el.querySelector('code.language-mermaid') === null,
      );
      return {
        openHeight: comment.getBoundingClientRect().height,
        overflowing: blocks.filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => (el.textContent ?? '').trim().slice(0, 80)),
      };
    });
    if (screenshots.open !== undefined) await page.screenshot({ path: screenshots.open, fullPage: true });
    return { height, ...open };
  } finally {
    await page.close();
  }
}
