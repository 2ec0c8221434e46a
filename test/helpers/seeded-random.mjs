// Plain JavaScript so that both the tests (through random.ts) and the bench scripts, which node runs
// as they are, draw from the one generator.

/** A seeded generator (mulberry32): small, fast, and the same figures on every run. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
