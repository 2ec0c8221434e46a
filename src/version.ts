import pkg from '../package.json' with { type: 'json' };

export const VERSION: string = pkg.version;

/** A page of the docs on the web (`docs/PAGE`, with its #anchor), in the repository package.json names, on its default branch. */
export function docsUrl(page: string): string {
  return `${pkg.homepage.replace(/#readme$/, '')}/blob/main/docs/${page}`;
}
