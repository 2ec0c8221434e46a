/**
 * The colours every chart draws with, in the HTML pages and in the comment's Mermaid blocks:
 * Okabe and Ito's palette, whose colours stay apart under the common colour-vision deficiencies
 * (protanopia, deuteranopia, tritanopia). Colour is never the only cue: each line also has a
 * dash pattern, a mark or a label of its own.
 */
export const COLOUR = {
  vermilion: '#D55E00',
  blue: '#0072B2',
  bluishGreen: '#009E73',
  reddishPurple: '#CC79A7',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  black: '#000000',
} as const;

export type ColourName = keyof typeof COLOUR;

/** The dash patterns that tell lines apart without colour (px on, px off). */
export const DASH = {
  solid: [],
  dashed: [7, 4],
  dotted: [2, 3],
  dashDot: [9, 3, 2, 3],
} as const satisfies Record<string, readonly number[]>;

export type DashName = keyof typeof DASH;
