import * as z from 'zod';
import { RunResultSchema } from '../result/result.js';
import { readJsonFile, writeJsonAtomic } from '../files/json-file.js';

/**
 * What the unprivileged measuring job of a fork's pull request hands to the privileged
 * reporting job (workflow_run): numbers only, validated strictly there as untrusted input.
 * The reporting job judges and renders them itself; nothing the measuring job wrote is posted.
 */
export const PR_RESULTS_SCHEMA = 'perf-gate/pr-results@1';

export const PrResultsSchema = z.strictObject({
  schema: z.literal(PR_RESULTS_SCHEMA),
  pullRequest: z.number().int().positive(),
  headSha: z.string().regex(/^[0-9a-f]{40}$/),
  results: RunResultSchema,
  /** Interleaved mode: the base deployment's run. */
  base: RunResultSchema.optional(),
});

export type PrResults = z.infer<typeof PrResultsSchema>;

export function writePrResults(file: string, value: Omit<PrResults, 'schema'>): Promise<void> {
  return writeJsonAtomic(file, { schema: PR_RESULTS_SCHEMA, ...value });
}

export function readPrResults(file: string): Promise<PrResults> {
  return readJsonFile(file, PrResultsSchema, PR_RESULTS_SCHEMA, 'perf-gate pull request results file');
}
