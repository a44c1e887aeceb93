/**
 * The lessons screen (`#/lessons/<id>`): the list of lessons with the student's progress, and
 * one lesson: its goal, the idea in plain words, the knobs to turn, a Check button that runs
 * the lesson's simulations in the worker pool and shows the verdict, condition by condition,
 * the chart the lesson's question is about (lesson-chart.ts, redrawn after each check) and the
 * "why" page with the numbers just produced; hints revealed one at a time; and, apart from all
 * of that, a solution behind a deliberate reveal. Knob settings and passed lessons are kept in
 * localStorage (progress.ts), so a student can leave and come back.
 */
import { referenceAnswer, type Knob, type KnobSetting, type Lesson } from "../../engine/index";
import { runDraft } from "../app/actions";
import { h, replaceChildren } from "../app/dom";
import type { AppContext } from "../app/runner";
import type { SeriesColumns } from "../worker/run-protocol";
import { builtinLessons, lessonScenarioTexts, loadedLessons } from "./lesson-catalog";
import { checkSettings, ResultCache, startingSettings } from "./lesson-check";
import { renderProblems, renderVerdict, renderWhy } from "./lesson-verdict";
import { addPoint, renderLessonChart, type ChartPoint } from "./lesson-chart";
import { LessonProgressStore } from "./progress";
import "./lessons.css";

/** Results shared by every visit to the screen in this tab (runs are deterministic). */
const cache = new ResultCache();
/** Each lesson's chart points, kept for the tab (every visit adds to the same picture). */
const chartPoints = new Map<string, ChartPoint[]>();

export function mountLessonsView(container: HTMLElement, context: AppContext): () => void {
  const progress = new LessonProgressStore(storage());
  const lessons = loadedLessons();
  const requested = location.hash.replace(/^#\/?lessons\/?/, "").split(/[?/]/)[0] ?? "";
  const lesson = lessons.find((l) => l.id === requested) ?? lessons.find((l) => !progress.get(l.id).passed) ?? lessons[0];
  const broken = builtinLessons.flatMap((entry) => (entry.ok ? [] : [entry]));
  const list = lessonList(lessons, lesson?.id ?? null, progress);
  const view = h("div", { class: "lessons-view" }, list);
  container.append(view);
  if (broken.length > 0) view.append(h("div", { class: "error-box", role: "alert" }, h("p", {}, "Some lesson files could not be loaded:"), broken.map((b) => h("p", { class: "mono" }, `${b.file}: ${b.problems.map((p) => `${p.line ?? "?"}: ${p.path}: ${p.message}`).join("; ")}`))));
  if (!lesson) {
    view.append(h("p", { class: "placeholder" }, "No lessons are bundled with this build."));
    return () => {};
  }
  let active = true;
  view.append(lessonPage(lesson, { context, progress, isActive: () => active, onPassed: () => replaceChildren(list, ...lessonList(lessons, lesson.id, progress).childNodes) }));
  return () => { active = false; };
}

/** localStorage, or null where it is unavailable (then progress lasts for the tab). */
function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** The list of lessons with a tick for each one passed. */
function lessonList(lessons: readonly Lesson[], currentId: string | null, progress: LessonProgressStore): HTMLElement {
  const passed = lessons.filter((l) => progress.get(l.id).passed).length;
  return h("nav", { class: "lesson-list", "aria-label": "Lessons" },
    h("h2", {}, "Lessons"),
    h("ol", {}, lessons.map((l) => {
      const done = progress.get(l.id).passed;
      return h("li", { "data-lesson": l.id, "data-passed": String(done) },
        h("a", { href: `#/lessons/${l.id}`, "aria-current": l.id === currentId ? "page" : null },
          h("span", { class: "lesson-number" }, `${l.order}.`), " ", l.title,
          done ? h("span", { class: "lesson-tick", "aria-label": "passed" }, " ✓") : null));
    })),
    h("p", { class: "muted", "data-testid": "lessons-passed" }, `${passed} of ${lessons.length} passed`));
}

interface PageOptions {
  context: AppContext;
  progress: LessonProgressStore;
  isActive: () => boolean;
  onPassed: () => void;
}

/** One lesson: text, knobs, check, hints. */
function lessonPage(lesson: Lesson, options: PageOptions): HTMLElement {
  const { progress } = options;
  let settings: Record<string, KnobSetting> = { ...startingSettings(lesson), ...progress.get(lesson.id).settings };
  const fields = new Map<string, { control: HTMLInputElement | HTMLSelectElement; error: HTMLElement }>();
  const knobBox = h("div", { class: "lesson-knobs-grid" });
  const result = h("section", { class: "lesson-result", "data-testid": "lesson-status", "data-status": "idle", "aria-live": "polite" },
    h("p", { class: "muted" }, "Turn the knobs, then check your answer. The check runs the simulations in your browser with the lesson's fixed seed."));
  const checkButton = h("button", { type: "button", class: "primary", "data-action": "check", onclick: () => void check() }, "Check my answer");
  const hints = h("ol", { class: "lesson-hints" });
  const chartBox = h("div", { class: "lesson-chart-box" });
  const whyBox = h("div", { class: "lesson-why-box" });
  function drawChart(series: SeriesColumns | null): void {
    replaceChildren(chartBox, renderLessonChart(lesson, chartPoints.get(lesson.id) ?? [], series));
  }
  const hintButton = h("button", { type: "button", "data-action": "hint", onclick: () => revealHint() });

  function drawKnobs(): void {
    fields.clear();
    replaceChildren(knobBox, lesson.knobs.map((knob) => {
      const field = knobField(knob, settings[knob.path], (setting) => {
        settings = { ...settings, [knob.path]: setting };
        progress.update(lesson.id, { settings });
      });
      fields.set(knob.path, field);
      return field.element;
    }));
  }

  function drawHints(): void {
    const shown = Math.min(progress.get(lesson.id).hintsShown, lesson.hints.length);
    replaceChildren(hints, lesson.hints.slice(0, shown).map((hint) => h("li", {}, hint)));
    const left = lesson.hints.length - shown;
    hintButton.textContent = left > 0 ? `Show a hint (${left} left)` : "No more hints";
    hintButton.disabled = left === 0;
  }

  function revealHint(): void {
    progress.update(lesson.id, { hintsShown: progress.get(lesson.id).hintsShown + 1 });
    drawHints();
  }

  async function check(): Promise<void> {
    for (const field of fields.values()) { field.error.textContent = ""; field.control.removeAttribute("aria-invalid"); }
    checkButton.disabled = true;
    result.dataset.status = "running";
    replaceChildren(result, h("p", { role: "status" }, "Running the simulations…"));
    const outcome = await checkSettings(lesson, settings, options.context.pool, cache);
    checkButton.disabled = false;
    if (!options.isActive()) return;
    if (outcome.kind === "verdict") {
      const verdict = outcome.verdict;
      result.dataset.status = verdict.passed ? "passed" : "failed";
      replaceChildren(result, renderVerdict(verdict));
      chartPoints.set(lesson.id, addPoint(lesson, chartPoints.get(lesson.id) ?? [], verdict, outcome.chart));
      drawChart(outcome.chart.series);
      replaceChildren(whyBox, renderWhy(verdict));
      for (const problem of verdict.ruleProblems) markField(problem.path, problem.message);
      if (verdict.passed) {
        progress.update(lesson.id, { passed: true });
        options.onPassed();
      }
    } else if (outcome.kind === "invalid") {
      result.dataset.status = "invalid";
      replaceChildren(result, renderProblems(outcome.problems));
      for (const problem of outcome.problems) markField(problem.path, problem.message);
    } else {
      result.dataset.status = outcome.kind;
      replaceChildren(result, h("p", { class: "error-box" }, outcome.kind === "error" ? `The simulation failed: ${outcome.message}` : "The check was cancelled."));
    }
  }

  function markField(path: string, message: string): void {
    const field = fields.get(path);
    if (!field) return;
    field.error.textContent = message;
    field.control.setAttribute("aria-invalid", "true");
  }

  function setAll(next: Record<string, KnobSetting>): void {
    settings = next;
    progress.update(lesson.id, { settings });
    drawKnobs();
  }

  const reference = referenceAnswer(lesson);
  drawKnobs();
  drawHints();
  drawChart(null);
  return h("article", { class: "lesson", "data-lesson": lesson.id },
    h("h1", {}, `Lesson ${lesson.order}: ${lesson.title}`),
    h("p", { class: "lesson-goal" }, h("strong", {}, "Goal: "), lesson.goal),
    h("section", { class: "lesson-explanation", "aria-label": "The idea" }, lesson.explanation.map((p) => h("p", {}, p))),
    h("section", { class: "lesson-answer", "aria-label": "Your answer" },
      h("h2", {}, "Your answer"),
      knobBox,
      h("div", { class: "button-row" },
        checkButton,
        h("button", { type: "button", "data-action": "reset", onclick: () => setAll(startingSettings(lesson)) }, "Reset to the start"),
        h("button", { type: "button", "data-action": "open-run", onclick: () => openInRunView(lesson, settings, options.context) }, "Open in the run view"))),
    result,
    chartBox,
    whyBox,
    h("section", { class: "lesson-hints-box", "aria-label": "Hints" }, h("h2", {}, "Hints"), hints, hintButton),
    "knobs" in reference ? solutionBox(lesson, reference.knobs, (knobs) => setAll({ ...startingSettings(lesson), ...knobs })) : null);
}

/**
 * The solution, apart from the check and behind two deliberate steps: open "Stuck? Reveal a
 * solution" (which says what it costs), read the settings, and only then fill them in.
 */
function solutionBox(lesson: Lesson, knobs: Readonly<Record<string, KnobSetting>>, fill: (knobs: Readonly<Record<string, KnobSetting>>) => void): HTMLElement {
  const shown = (knob: Knob, setting: KnobSetting) => ("option" in setting ? knob.options?.[setting.option]?.label ?? "" : "text" in setting ? setting.text : "none");
  const details = h("details", { class: "lesson-solution", "data-testid": "lesson-solution", "data-revealed": "false" },
    h("summary", {}, "Stuck? Reveal a solution"),
    h("p", { class: "muted" }, "Try the hints first: the lesson is in finding it. This is one answer that passes; others may too."),
    h("ul", {}, lesson.knobs.filter((k) => knobs[k.path] !== undefined).map((k) => h("li", { "data-knob": k.path }, `${k.label}: `, h("strong", {}, shown(k, knobs[k.path]!))))),
    h("button", { type: "button", "data-action": "solution", onclick: () => fill(knobs) }, "Put this solution in the knobs"));
  details.addEventListener("toggle", () => { details.dataset.revealed = String(details.open); });
  return h("section", { class: "lesson-solution-box", "aria-label": "Solution" }, details);
}

/** A knob's form field: a list of choices, or a text input for a value with its unit. */
function knobField(knob: Knob, setting: KnobSetting | undefined, onChange: (setting: KnobSetting) => void): { element: HTMLElement; control: HTMLInputElement | HTMLSelectElement; error: HTMLElement } {
  const id = `knob-${knob.path.replace(/[^a-zA-Z0-9]+/g, "-")}`;
  const error = h("div", { class: "field-error", id: `${id}-error`, role: "alert" });
  let control: HTMLInputElement | HTMLSelectElement;
  let range: string;
  if (knob.options) {
    const select = h("select", { id, "data-knob": knob.path, "aria-describedby": `${id}-error`, onchange: () => onChange({ option: Number(select.value) }) },
      knob.options.map((o, i) => h("option", { value: String(i) }, o.label)));
    select.value = String(setting && "option" in setting ? setting.option : 0);
    control = select;
    range = `${knob.options.length} choices`;
  } else {
    const text = setting && "text" in setting ? setting.text : "";
    const input = h("input", { id, type: "text", value: text, "data-knob": knob.path, "aria-describedby": `${id}-error`, spellcheck: "false", placeholder: knob.optional ? "leave empty for none" : "" });
    input.addEventListener("input", () => onChange(input.value.trim() === "" && knob.optional ? { absent: true } : { text: input.value }));
    control = input;
    range = [knob.min ? `from ${knob.min.text}` : "", knob.max ? `to ${knob.max.text}` : "", knob.optional ? "or empty" : ""].filter((s) => s !== "").join(" ");
  }
  const element = h("div", { class: "field lesson-knob", "data-knob-field": knob.path },
    h("label", { for: id }, knob.label),
    control,
    h("small", { class: "hint" }, [knob.help, range ? `Allowed: ${range}.` : ""].filter((s) => s !== "").join(" ")),
    h("small", { class: "hint mono" }, knob.path),
    error);
  return { element, control, error };
}

/** Opens the answer in the run view: the lesson's scenario with the knobs as overrides. */
function openInRunView(lesson: Lesson, settings: Readonly<Record<string, KnobSetting>>, context: AppContext): void {
  const text = lesson.scenarioFile !== null ? lessonScenarioTexts[lesson.scenarioFile] : undefined;
  const overrides: string[] = [];
  for (const knob of lesson.knobs) {
    const setting = settings[knob.path];
    if (setting === undefined || "absent" in setting) continue;
    const value = "text" in setting ? setting.text : JSON.stringify(knob.options?.[setting.option]?.value ?? null);
    overrides.push(`${knob.path}=${value}`);
  }
  const cleared = lesson.knobs.some((k) => settings[k.path] !== undefined && "absent" in settings[k.path]! && k.startValue !== undefined);
  if (text === undefined || cleared) {
    context.notify("This answer cannot be opened as overrides of the lesson's scenario; open the scenario from the gallery instead.");
    return;
  }
  context.store.setDraft({ sourceId: null, text, seed: null, overrides });
  context.navigate("#/run");
  void runDraft(context);
}
