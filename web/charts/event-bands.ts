/**
 * Event bands: the timeline's many marks grouped into a few labelled stretches, so a chart
 * shows "app scale-up ×17, 2 → 22 nodes" once instead of seventeen unlabelled lines.
 *
 * Rules: marks of the same category, kind and subject less than `gapMs` apart are one band
 * (a scaling burst); a fault followed by a recovery of the same subject is one shaded span
 * from the fault to the recovery (an unrecovered fault runs to the end of the run); scenario
 * marks (traffic spikes) and fork points stay single marks. Pure: unit-tested without a page.
 */

/** A labelled stretch of the run (a single mark when `fromMs === toMs`). */
export interface EventBand {
  fromMs: number;
  toMs: number;
  /** Styling category: "scale", "fault", "recovery", "info", "fork". */
  category: string;
  label: string;
  /** How many timeline marks the band stands for. */
  count: number;
}

/** What each category means, for the legend. */
export const BAND_CATEGORY_TEXT: Record<string, string> = {
  fault: "fault (shaded until it recovers)",
  scale: "scaling burst",
  recovery: "recovery",
  info: "scenario event",
  fork: "fork point",
};

/** A mark on the time axes (an annotation), with kind, subject and detail when it came from the timeline. */
export interface TimelineMark {
  atMs: number;
  label: string;
  category: string;
  kind?: string;
  subject?: string;
  detail?: string;
}

/** "2 → 3 nodes" → [2, 3]. */
function nodeChange(detail: string | undefined): [number, number] | null {
  const match = /^(\d+) → (\d+) nodes?/.exec(detail ?? "");
  return match ? [Number(match[1]), Number(match[2])] : null;
}

/** Groups marks into bands (see the file comment), in time order. */
export function eventBands(marks: TimelineMark[], options: { gapMs: number; durationMs: number }): EventBand[] {
  const sorted = marks.slice().sort((a, b) => a.atMs - b.atMs);
  const bands: EventBand[] = [];
  const used = new Set<number>();
  sorted.forEach((mark, index) => {
    if (used.has(index)) return;
    used.add(index);
    if (mark.category === "fault" && mark.kind) {
      const recovery = sorted.findIndex((m, j) => j > index && !used.has(j) && m.category === "recovery" && m.subject === mark.subject);
      if (recovery >= 0) used.add(recovery);
      const toMs = recovery >= 0 ? sorted[recovery]!.atMs : options.durationMs;
      bands.push({ fromMs: mark.atMs, toMs, category: "fault", label: `${mark.kind} ${mark.subject}${recovery >= 0 ? ` until ${sorted[recovery]!.kind}` : ", not recovered"}`, count: recovery >= 0 ? 2 : 1 });
      return;
    }
    if (!mark.kind) {
      bands.push({ fromMs: mark.atMs, toMs: mark.atMs, category: mark.category, label: mark.label, count: 1 });
      return;
    }
    const members = [mark];
    for (let j = index + 1; j < sorted.length; j++) {
      const next = sorted[j]!;
      if (next.atMs - members[members.length - 1]!.atMs >= options.gapMs) break;
      if (used.has(j) || next.kind !== mark.kind || next.subject !== mark.subject || next.category !== mark.category) continue;
      used.add(j);
      members.push(next);
    }
    const first = nodeChange(members[0]!.detail), last = nodeChange(members[members.length - 1]!.detail);
    const change = first && last ? `, ${first[0]} → ${last[1]} nodes` : "";
    const label = members.length === 1 ? mark.label : `${mark.subject} ${mark.kind} ×${members.length}${change}`;
    bands.push({ fromMs: mark.atMs, toMs: members[members.length - 1]!.atMs, category: mark.category, label, count: members.length });
  });
  return bands.sort((a, b) => a.fromMs - b.fromMs);
}
