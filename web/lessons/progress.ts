/**
 * A student's progress through the lessons, kept in this browser (localStorage): per lesson,
 * whether an answer has passed, the knob settings last checked or typed (so coming back shows
 * them), and how many hints are revealed. Nothing leaves the machine. A damaged or foreign
 * value is ignored, never trusted: every field is checked when read.
 */
import type { KnobSetting } from "../../engine/index";

/** What is kept for one lesson. */
export interface LessonProgress {
  passed: boolean;
  /** Knob settings by knob path, as the lesson writes the path. */
  settings: Record<string, KnobSetting>;
  hintsShown: number;
}

/** The storage the progress lives in (localStorage in the page; a Map in tests). */
export interface ProgressStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The localStorage key (versioned: a new shape gets a new key). */
export const PROGRESS_KEY = "clustersim:lessons:v1";

/** The saved progress of one lesson, or a fresh one. */
export function emptyProgress(): LessonProgress {
  return { passed: false, settings: {}, hintsShown: 0 };
}

/** Progress of every lesson, read from and written to a storage. */
export class LessonProgressStore {
  private readonly all: Record<string, LessonProgress>;

  constructor(private readonly storage: ProgressStorage | null) {
    this.all = readAll(storage);
  }

  /** A copy of one lesson's progress (fresh when there is none). */
  get(lessonId: string): LessonProgress {
    const saved = this.all[lessonId];
    return saved ? { passed: saved.passed, settings: { ...saved.settings }, hintsShown: saved.hintsShown } : emptyProgress();
  }

  /** Changes one lesson's progress and saves everything. */
  update(lessonId: string, change: Partial<LessonProgress>): LessonProgress {
    const next = { ...this.get(lessonId), ...change };
    this.all[lessonId] = next;
    try {
      this.storage?.setItem(PROGRESS_KEY, JSON.stringify(this.all));
    } catch {
      // Storage full or disabled: progress still lives in memory for this tab.
    }
    return next;
  }

  /** Ids of the lessons passed. */
  passedIds(): string[] {
    return Object.keys(this.all).filter((id) => this.all[id]!.passed);
  }
}

/** Reads the saved progress, keeping only well-formed entries. */
function readAll(storage: ProgressStorage | null): Record<string, LessonProgress> {
  let data: unknown;
  try {
    data = JSON.parse(storage?.getItem(PROGRESS_KEY) ?? "{}");
  } catch {
    return {};
  }
  const all: Record<string, LessonProgress> = {};
  if (typeof data !== "object" || data === null || Array.isArray(data)) return all;
  for (const [id, value] of Object.entries(data as Record<string, unknown>)) {
    if (typeof value !== "object" || value === null) continue;
    const entry = value as Record<string, unknown>;
    all[id] = {
      passed: entry.passed === true,
      settings: readSettings(entry.settings),
      hintsShown: typeof entry.hintsShown === "number" && Number.isInteger(entry.hintsShown) && entry.hintsShown >= 0 ? entry.hintsShown : 0,
    };
  }
  return all;
}

function readSettings(value: unknown): Record<string, KnobSetting> {
  const settings: Record<string, KnobSetting> = {};
  if (typeof value !== "object" || value === null) return settings;
  for (const [path, setting] of Object.entries(value as Record<string, unknown>)) {
    if (typeof setting !== "object" || setting === null) continue;
    const s = setting as Record<string, unknown>;
    if (typeof s.text === "string") settings[path] = { text: s.text };
    else if (typeof s.option === "number" && Number.isInteger(s.option)) settings[path] = { option: s.option };
    else if (s.absent === true) settings[path] = { absent: true };
  }
  return settings;
}
