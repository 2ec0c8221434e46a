import type { Secret } from './interpolate.js';

/**
 * Replaces every value that came from the environment with the expression that named it
 * (`${{ env.TOKEN }}`), so a token in a target URL or a header never reaches a results file, a
 * report or a log. Longest values first, so one secret that contains another is replaced whole.
 * Values shorter than MIN_SECRET_LENGTH are left alone: replacing every "1" would garble the
 * output and such a value protects nothing.
 */
export const MIN_SECRET_LENGTH = 3;

export function redactor(secrets: readonly Secret[]): (text: string) => string {
  const kept = [...secrets].filter((s) => s.value.length >= MIN_SECRET_LENGTH).sort((a, b) => b.value.length - a.value.length);
  if (kept.length === 0) return (text) => text;
  return (text) => kept.reduce((out, { name, value }) => out.split(value).join(`\${{ env.${name} }}`), text);
}
