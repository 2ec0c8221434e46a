/** A file's text, inlined at build time (esbuild's text loader in scripts/build.mjs; Vite's ?raw in the tests). */
declare module '*?raw' {
  const text: string;
  export default text;
}
