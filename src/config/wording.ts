/** Phrasing shared by the suite file's error messages. */

const MAX_QUOTED = 60;
const MAX_TYPO_DISTANCE = 2;

/**
 * User text as a message echoes it: whole when short, else its start and its length, so a
 * 100 kB value is never written back in full. `quote` wraps the part shown.
 */
export function excerpt(text: string, quote: (shown: string) => string = (shown) => shown): string {
  if (text.length <= MAX_QUOTED) return quote(text);
  return `${quote(text.slice(0, MAX_QUOTED))}… (${text.length} characters)`;
}

/** `'name'`, as names are quoted in messages. */
export const quoteName = (name: string): string => excerpt(name, (shown) => `'${shown}'`);

/**
 * What the file holds at a place, for "found …". Callers must not pass header values: they may
 * hold secrets.
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return excerpt(value, JSON.stringify);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

/** `a, b, c` with each name quoted, for "expected one of …". */
export function quoteList(names: readonly string[]): string {
  return names.map(quoteName).join(', ');
}

/** `unknown key 'p59'; did you mean 'p50'?`, or the names to choose from when none is close. */
export function unknownName(kind: string, name: string, known: readonly string[]): string {
  const unknown = `unknown ${kind} ${quoteName(name)}`;
  if (known.length === 0) return unknown;
  const suggestion = closest(name, known);
  return suggestion === undefined
    ? `${unknown} (expected one of ${quoteList(known)})`
    : `${unknown}; did you mean ${quoteName(suggestion)}?`;
}

/**
 * The candidate nearest to `word`, if it is close enough to be a likely typo. Ties go to the
 * earlier candidate, so callers list the likelier names first.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = MAX_TYPO_DISTANCE + 1;
  for (const candidate of candidates) {
    // The distance is at least the difference in length: most candidates need no table.
    if (Math.abs(word.length - candidate.length) > MAX_TYPO_DISTANCE) continue;
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
