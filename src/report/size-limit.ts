/**
 * Where a report goes decides how long it may be, and in which unit GitHub counts it: a
 * comment's body in characters, a check run's summary and the job summary in UTF-8 bytes. A
 * report is rendered to its destination's limit (gate-markdown.ts sheds detail to fit), so
 * nothing downstream ever cuts it blindly.
 */
export interface SizeLimit {
  max: number;
  /** `characters` counts UTF-16 code units: never fewer than the code points GitHub counts, so a report that fits, fits. */
  unit: 'characters' | 'bytes';
}

/** An issue or pull request comment's body (a 422 "Body is too long" beyond it). */
export const COMMENT_LIMIT: SizeLimit = { max: 65_536, unit: 'characters' };
/** A check run's output.summary. */
export const CHECK_SUMMARY_LIMIT: SizeLimit = { max: 65_535, unit: 'bytes' };
/** GITHUB_STEP_SUMMARY, per step: beyond it the runner drops the summary. */
export const STEP_SUMMARY_LIMIT: SizeLimit = { max: 1_048_576, unit: 'bytes' };

const utf8 = new TextEncoder();

export function sizeOf(text: string, unit: SizeLimit['unit']): number {
  return unit === 'bytes' ? utf8.encode(text).length : text.length;
}

/** The limit less what goes before the report in the same field (a comment's marker line). */
export function less(limit: SizeLimit, prefix: string): SizeLimit {
  return { ...limit, max: limit.max - sizeOf(prefix, limit.unit) };
}

/** The longest run of whole lines from the start of `text` that takes at most `room`. */
export function wholeLinesWithin(text: string, room: number, unit: SizeLimit['unit']): string {
  let used = 0;
  let end = 0;
  for (const line of text.split('\n')) {
    const next = used + (end === 0 ? 0 : 1) + sizeOf(line, unit);
    if (next > room) break;
    used = next;
    end += (end === 0 ? 0 : 1) + line.length;
  }
  return text.slice(0, end);
}
