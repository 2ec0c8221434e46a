import type { GateResult } from '../result/verdict.js';
import { plainText } from './escape.js';
import { attentionRows } from './gate-attention.js';
import { verdictLine, type VerdictStyle } from './gate-verdict.js';

/** How the terminal report marks what matters: ANSI colour on a terminal that shows it, nothing otherwise. */
export interface TerminalStyle {
  /** What failed: an exceeded budget, the Fail verdict. */
  bad: (text: string) => string;
  good: (text: string) => string;
  warn: (text: string) => string;
  /** Notes that qualify a figure without making it wrong. */
  dim: (text: string) => string;
  bold: (text: string) => string;
}

const sgr = (on: number, off: number) => (text: string) => `\u001b[${on}m${text}\u001b[${off}m`;

export function terminalStyle(color: boolean): TerminalStyle {
  if (!color) {
    const same = (text: string) => text;
    return { bad: same, good: same, warn: same, dim: same, bold: same };
  }
  return { bad: sgr(31, 39), good: sgr(32, 39), warn: sgr(33, 39), dim: sgr(2, 22), bold: sgr(1, 22) };
}

/**
 * The verdict as the PR comment says it, in plain text: its line, then the rows that need
 * attention (gate-attention.ts), one aligned line each. Nothing is judged here.
 */
export function verdictSection(gate: GateResult, baselineFile: string, style: TerminalStyle): string {
  const strong = (word: string) => style.bold(word === 'Fail' ? style.bad(word) : word === 'Neutral' ? word : style.good(word));
  const terminal: VerdictStyle = { escape: plainText, strong, code: (text) => text };
  const rows = attentionRows(gate).map((row) => [
    `${row.symbol} ${plainText(row.scenario)}`,
    row.metric,
    row.levels,
    row.change,
    row.catches === '' ? '' : `could catch ${row.catches}`,
  ]);
  return [verdictLine(gate, terminal, baselineFile), ...aligned(rows).map((line) => `  ${line}`)].join('\n');
}

/** Columns padded to their widest cell, two spaces apart; trailing blanks dropped. */
function aligned(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => width(row[i]!)))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, i) => cell + ' '.repeat(widths[i]! - width(cell)))
      .join('  ')
      .trimEnd(),
  );
}

/** Columns a cell takes in a terminal: an emoji two. */
function width(text: string): number {
  return [...text].reduce(
    (n, char) => n + (/\p{Extended_Pictographic}/u.test(char) ? 2 : char === '\u200b' || char === '\ufe0f' ? 0 : 1),
    0,
  );
}
