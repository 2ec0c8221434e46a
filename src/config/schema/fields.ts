/** The suite file's field types: durations, rates, percentages, whole numbers, each with a message that says what was expected. */
import * as z from 'zod';
import { isRecord } from '../is-record.js';
import { DURATION_PATTERN, PERCENTAGE_PATTERN, RATE_PATTERN, parseDuration, parsePercentage, parseRate } from '../units.js';
import { describeValue } from '../wording.js';

export const DURATION_HINT = 'expected a duration such as 500ms, 2s or 1m';
export const RATE_HINT = 'expected a rate above 0 in requests per second, such as 200, "200/s" or "12000/m"';
export const PERCENTAGE_HINT = 'expected a fraction from 0 to 1 such as 0.01, or a percentage such as "1%"';
// Cross-field checks also run when a sibling field is wrong, so all issues are reported at once;
// they still need a mapping to look into.
export const evenWithOtherIssues = { when: (payload: { value: unknown }) => isRecord(payload.value) };

// `continue: true` makes a union report this message rather than its own generic one.
export function fail(ctx: z.RefinementCtx, message: string): never {
  ctx.addIssue({ code: 'custom', message, continue: true });
  return z.NEVER;
}

export function duration(description: string, minimum: 'zero' | 'positive') {
  return z
    .string({ error: DURATION_HINT })
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === undefined) return fail(ctx, `${DURATION_HINT}, found ${describeValue(text)}`);
      if (ms === 0 && minimum === 'positive') return fail(ctx, `expected a duration above 0, found ${describeValue(text)}`);
      return ms;
    })
    .meta({ description, pattern: DURATION_PATTERN });
}

export const latency = (description: string) => duration(description, 'positive');

export function rate(description: string) {
  return z
    .union(
      [
        z.number({ error: RATE_HINT }).positive({ error: RATE_HINT }),
        z
          .string({ error: RATE_HINT })
          .transform((text, ctx) => parseRate(text) ?? fail(ctx, `${RATE_HINT}, found ${describeValue(text)}`))
          .meta({ pattern: RATE_PATTERN }),
      ],
      { error: RATE_HINT },
    )
    .meta({ description });
}

export const percentage = z
  .union(
    [
      z.number({ error: PERCENTAGE_HINT }).min(0).max(1),
      z
        .string({ error: PERCENTAGE_HINT })
        .transform(
          (text, ctx) =>
            parsePercentage(text) ?? fail(ctx, `expected a percentage from 0% to 100% such as "1%", found ${describeValue(text)}`),
        )
        .meta({ pattern: PERCENTAGE_PATTERN }),
    ],
    { error: PERCENTAGE_HINT },
  )
  .meta({ description: 'Maximum share of requests that fail: 0.01 or "1%".' });

export function integer(min: number, max: number, what: string) {
  return z
    .int({ error: `expected ${what}: a whole number from ${min} to ${max}` })
    .min(min)
    .max(max);
}
