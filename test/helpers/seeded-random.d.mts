/** A seeded generator (mulberry32): small, fast, and the same figures on every run. */
export declare function seededRandom(seed: number): () => number;
