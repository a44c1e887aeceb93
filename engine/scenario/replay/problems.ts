/**
 * What the replay parsers report instead of throwing: a capped list of problems, each with a
 * path and (for CSV) a line, and the result shape the two rate parsers share.
 *
 * A recorded file can be wrong on every one of a million rows; the list keeps the first
 * {@link REPLAY_PROBLEMS_MAX} and ends with a count of the rest.
 */
import type { RatePoint } from "../../model/rate-profile";

/** One thing wrong with a replay file; structurally a scenario `Problem`. */
export interface ReplayProblem {
  path: string;
  message: string;
  /** 1-based line in the source text, when known. */
  line?: number;
}

/** Problems beyond this many are summarised in one last problem ("... and 312 more"). */
export const REPLAY_PROBLEMS_MAX = 20;

/** The result of {@link parseRateCsv} and {@link parsePrometheusMatrix}. */
export type RatePointsResult =
  | {
      ok: true;
      /** Breakpoints in ms from the replay's time 0, rates per second (see each parser for their meaning). */
      points: RatePoint[];
      /** The source time taken as 0, in ms (epoch ms for ISO-8601 times and Prometheus samples). */
      originMs: number;
      /** Prometheus only: the labels of the series used. */
      labels?: Record<string, string>;
      notes: string[];
    }
  | { ok: false; problems: ReplayProblem[] };

/** Recorded rates of several request classes, one series or column each, on one time axis. */
export type ClassRatesResult =
  | {
      ok: true;
      /** Per class, in the order asked: step points in ms from the replay's time 0 (each rate holds until the next point). */
      classes: Array<{ name: string; points: RatePoint[] }>;
      /** The source time taken as 0, in ms (epoch ms for absolute times). */
      originMs: number;
      notes: string[];
    }
  | { ok: false; problems: ReplayProblem[] };

/** Collects problems, keeping the first {@link REPLAY_PROBLEMS_MAX} and counting the rest. */
export class ProblemList {
  readonly items: ReplayProblem[] = [];
  private dropped = 0;
  add(path: string, message: string, line?: number): void {
    if (this.items.length >= REPLAY_PROBLEMS_MAX) this.dropped += 1;
    else this.items.push(line === undefined ? { path, message } : { path, message, line });
  }
  get empty(): boolean {
    return this.items.length === 0;
  }
  /** The problems, with a summary of those left out. */
  list(): ReplayProblem[] {
    if (this.dropped === 0) return this.items;
    return [...this.items, { path: "", message: `... and ${this.dropped} more problems of the same kinds` }];
  }
}
