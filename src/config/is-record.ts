/** Whether a parsed value (plain JSON-like, of unknown shape before validation) is an object with named fields. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
