/**
 * Colours: the Okabe-Ito palette, distinguishable with the common colour-vision deficiencies
 * (Okabe and Ito, "Color Universal Design", 2008). Lines also differ by dash pattern, and node
 * states by a letter, so nothing relies on colour alone.
 */

/** Series colours in the order they are handed out. */
export const SERIES_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#8C6D00", "#000000"] as const;

/** Dash patterns handed out with the colours (SVG stroke-dasharray). */
export const SERIES_DASHES = ["", "6 3", "2 2", "8 3 2 3", "", "6 3", "2 2", "8 3 2 3"] as const;

/** Colour number i (cycling). */
export function seriesColour(i: number): string {
  return SERIES_COLOURS[i % SERIES_COLOURS.length]!;
}

/** Dash pattern number i (cycling). */
export function seriesDash(i: number): string {
  return SERIES_DASHES[i % SERIES_DASHES.length]!;
}

/** Node and link states drawn by the topology and the state timeline. */
export const NODE_STATES = ["up", "slow", "suspected", "down", "partitioned", "draining", "booting", "retired", "absent"] as const;
/** A node's state, as shown. */
export type NodeStateName = (typeof NODE_STATES)[number];

/** Colour, letter and description of each state. */
export const NODE_STATE_STYLE: Record<NodeStateName, { colour: string; letter: string; text: string }> = {
  up: { colour: "#009E73", letter: "", text: "up" },
  slow: { colour: "#8FD4BF", letter: "~", text: "up but slow (gray failure)" },
  suspected: { colour: "#E69F00", letter: "?", text: "suspected" },
  down: { colour: "#D55E00", letter: "✕", text: "down" },
  partitioned: { colour: "#CC79A7", letter: "/", text: "partitioned" },
  draining: { colour: "#56B4E9", letter: "↓", text: "draining" },
  booting: { colour: "#F0E442", letter: "+", text: "booting" },
  retired: { colour: "#BBBBBB", letter: "–", text: "retired" },
  absent: { colour: "#FFFFFF", letter: "", text: "not created yet" },
};

/** Load colours, pale to dark purple (ColorBrewer "Purples"): utilisation 0, 0.25, 0.5, 0.75, 1. */
export const LOAD_COLOURS = ["#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"] as const;

/** The fill of a serving node at utilisation `u` (0..1), interpolated between {@link LOAD_COLOURS}. */
export function loadColour(u: number): string {
  const x = Math.min(1, Math.max(0, u)) * (LOAD_COLOURS.length - 1);
  const i = Math.min(LOAD_COLOURS.length - 2, Math.floor(x));
  const t = x - i;
  const a = LOAD_COLOURS[i]!, b = LOAD_COLOURS[i + 1]!;
  const channel = (k: number) => Math.round(parseInt(a.slice(k, k + 2), 16) * (1 - t) + parseInt(b.slice(k, k + 2), 16) * t).toString(16).padStart(2, "0");
  return `#${channel(1)}${channel(3)}${channel(5)}`;
}

/** Pass / fail colours (with ✓ and ✗ beside them in text). */
export const PASS_COLOUR = "#009E73";
export const FAIL_COLOUR = "#D55E00";
