/**
 * The lesson file language, declared with the scenario schema DSL so a lesson file gets the
 * same path-precise messages as a scenario (`knobs[1].max: expected ...`).
 *
 * A lesson is a scenario to start from, a few knobs the student may turn (scenario paths with
 * allowed ranges or choices), a check (conditions on the Result of one or more runs), a
 * reference answer, and text for a person who has never seen queueing theory:
 *
 * ```yaml
 * version: 1
 * id: utilisation
 * order: 1
 * title: Utilisation and queueing
 * goal: Find the highest load at which p99 latency stays within twice its light-load value.
 * explanation: |
 *   Paragraphs, separated by blank lines.
 * hints: [Start at 30/s and go up in steps of 5/s.]
 * scenario: 01-utilisation.yaml          # a sibling scenario file, or the scenario inline
 * knobs:
 *   - { path: workload.rate.constant, label: Arrival rate, min: 1/s, max: 99/s }
 * runs:                                  # more runs: the student's answer with these overrides
 *   light: { label: light load, set: { workload.rate.constant: 10/s } }
 * check:                                 # every condition must hold
 *   - label: p99 latency
 *     metric: requests.latencyMs.p99     # a path into the Result (list elements by name)
 *     unit: ms
 *     atMost: { metric: requests.latencyMs.p99, run: light, times: 2 }
 * watch:                                 # figures shown after a run, not judged
 *   - { label: Utilisation, name: util, metric: groups.server.utilisation, unit: percent }
 * chart: { title: Utilisation by rate, x: workload.rate.constant, y: util }   # one point per run
 * why: |                                 # the principle, with the student's numbers
 *   The server was busy {util} of the time ...
 * answer: { set: { workload.rate.constant: 48/s } }
 * ```
 *
 * Conditions are data, never code: a metric (optionally divided by another), one comparison
 * (below, atMost, above, atLeast, equals) against a number, a unit string ("50ms", "90%") or
 * another metric times a factor. The implicit runs are `answer` (the student's scenario) and
 * `start` (the lesson's scenario as given).
 */
import { parsePath } from "../input/problems";
import { s, type Infer, type ParseContext } from "../input/schema";
import { METRIC_UNITS } from "../input/units";

/** The lesson file language version this engine reads. */
export const LESSON_VERSION = 1;

const NAME_PATTERN = /^[a-z][a-z0-9-]*$/;
const nameNode = (what: string, description: string) => s.string({ pattern: NAME_PATTERN, patternHint: `a lowercase ${what} like "light-load"`, description });
const textNode = (description: string) => s.string({ minLength: 1, description });

/** Any YAML value, kept as written (an override value, an inline scenario). */
const anyValue = (description: string) => s.custom<unknown>({
  parse: (value) => value,
  jsonSchema: {},
  expected: "a value",
  description,
});

/** A path written like `--set` paths: `topology.groups.web.count`, `faults[0].at`. */
const pathNode = (description: string) => s.string({ minLength: 1, description }).refine((text, ctx) => {
  const parsed = parsePath(text);
  if (!parsed.ok) ctx.addProblem(parsed.message);
});

/** A knob's bound, written as the scenario writes the field: `1/s`, `250ms`, `8`, `10%`. */
const boundNode = (description: string) => s.oneOf([s.number(), s.string({ minLength: 1 })], { description });

const knobOptionNode = s.object({
  label: textNode("What the student sees in the list."),
  value: s.optional(anyValue("The value the field takes, written as in a scenario.")),
  absent: s.withDefault(s.boolean({ description: "The field is left out of the scenario (the mechanism is off)." }), false),
}, { description: "One choice of a knob." }).refine((option, ctx) => {
  if ((option.value === undefined) === !option.absent) ctx.addProblem("give value, or absent: true", "value");
});

const knobNode = s.object({
  path: pathNode("The scenario field the student may change, as in --set (list elements by name or index)."),
  label: textNode("Name of the knob in the lessons screen."),
  help: s.withDefault(s.string({ description: "One sentence on what the knob does." }), ""),
  min: s.optional(boundNode("Smallest allowed value (inclusive), in the field's units.")),
  max: s.optional(boundNode("Largest allowed value (inclusive), in the field's units.")),
  options: s.optional(s.array(knobOptionNode, { minItems: 2, description: "The values the student chooses from (instead of min and max)." })),
  optional: s.withDefault(s.boolean({ description: "The student may leave the field out (e.g. no hedging at all)." }), false),
}, { description: "A scenario field the student may turn, and its allowed values." }).refine((knob, ctx) => {
  if (knob.options !== undefined && (knob.min !== undefined || knob.max !== undefined)) ctx.addProblem("give options, or min and/or max, not both", knob.min !== undefined ? "min" : "max");
  if (knob.options !== undefined && knob.optional) ctx.addProblem("with options, offer an option with absent: true instead", "optional");
});

const runNode = s.object({
  label: textNode("How explanations name this run, e.g. \"the light-load run\"."),
  set: s.record(anyValue("The value, written as in a scenario."), { minEntries: 1, description: "Overrides (path: value) applied to the student's scenario." }),
}, { description: "Another run to compare with: the student's scenario with some fields changed." });

const metricFields = {
  metric: pathNode("A path into the run's Result, e.g. requests.latencyMs.p99 or groups.web.utilisation."),
  run: s.withDefault(nameNode("run name", "Which run: answer (the student's), start (the lesson's scenario) or a name from runs."), "answer"),
  per: s.optional(pathNode("Divide by this metric of the same run (a ratio, e.g. hedges per attempt).")),
};

const referenceNode = s.object({
  ...metricFields,
  times: s.withDefault(s.number({ exclusiveMin: 0, description: "Multiply the referenced metric by this." }), 1),
}, { description: "Another metric, possibly of another run, times a factor." });

/** What a metric is compared with: a number, a boolean, a unit string or another metric. */
const operandNode = s.oneOf([s.number(), s.boolean(), s.string({ minLength: 1 }), referenceNode], { description: "A number (Result units: ms, fractions, per second), a unit string like \"50ms\" or \"90%\", true/false, or another metric." });

/** The comparisons a condition may make, in the order they are looked for. */
export const COMPARISONS = ["below", "atMost", "above", "atLeast", "equals"] as const;
/** One comparison: see {@link COMPARISONS}. */
export type Comparison = (typeof COMPARISONS)[number];

const conditionNode = s.object({
  label: textNode("What is measured, as a noun phrase: \"p99 latency\"."),
  ...metricFields,
  unit: s.withDefault(s.enumOf(METRIC_UNITS, { description: "How values are shown, and how unit strings are read." }), "number"),
  below: s.optional(operandNode),
  atMost: s.optional(operandNode),
  above: s.optional(operandNode),
  atLeast: s.optional(operandNode),
  equals: s.optional(operandNode),
  otherwise: s.optional(textNode("Plain words shown when the condition fails: what is still off and what to look at.")),
}, { description: "A condition on a run's Result; the answer passes when every condition holds." }).refine((condition, ctx: ParseContext) => {
  const given = COMPARISONS.filter((c) => condition[c] !== undefined);
  if (given.length !== 1) ctx.addProblem(given.length === 0 ? `give one comparison: ${COMPARISONS.join(", ")}` : `give only one comparison, got ${given.join(" and ")}`);
});

/** The closed forms a figure may show beside the simulation (engine/theory), named by what they compute. */
export const THEORY_FIGURES = ["cheHitRatio"] as const;
/** A closed form a figure may show: see {@link THEORY_FIGURES}. */
export type TheoryFigureKind = (typeof THEORY_FIGURES)[number];

const theoryNode = s.object({
  cheHitRatio: nameNode("service name", "Che's approximation of this cache service's LRU hit ratio (engine/theory/cache.ts), from the run's scenario."),
}, { description: "A closed form computed from the run's scenario instead of a Result metric." });

const figureNode = s.object({
  label: textNode("What is shown."),
  name: s.optional(nameNode("figure name", "How the why page refers to this figure: {name} in `why` is replaced by its value.")),
  metric: s.optional(pathNode("A path into the run's Result (or give theory).")),
  theory: s.optional(theoryNode),
  run: metricFields.run,
  per: metricFields.per,
  unit: s.withDefault(s.enumOf(METRIC_UNITS), "number"),
}, { description: "A figure shown after a run to help the student, not judged." }).refine((figure, ctx) => {
  if ((figure.metric === undefined) === (figure.theory === undefined)) ctx.addProblem("give metric, or theory, not both");
  if (figure.theory !== undefined && figure.per !== undefined) ctx.addProblem("a theory figure cannot be divided by a metric", "per");
});

const answerNode = s.object({
  set: s.optional(s.record(anyValue("The value."), { minEntries: 1, description: "Knob settings (path: value) applied to the lesson's scenario." })),
  scenario: s.optional(anyValue("A whole scenario (inline), for answers that are easier to write out.")),
}, { description: "The reference answer: it must pass the check, and the lesson's scenario must not." }).refine((answer, ctx) => {
  if ((answer.set === undefined) === (answer.scenario === undefined)) ctx.addProblem("give one of set or scenario");
});

/** Per-window series a chart may show of the student's run: each group's utilisation. */
export const CHART_SERIES = ["group-utilisation"] as const;

/**
 * The picture a lesson's question is about, redrawn after every run. Either one point per run
 * the student makes (the knob they turned on x against a watched figure on y, optionally a
 * second figure such as a closed form beside it), or a per-window series of the student's run
 * (each group's utilisation, window by window).
 */
const chartNode = s.object({
  title: textNode("What the chart shows, with its unit: \"Writes lost by replication mode\"."),
  x: s.optional(pathNode("The knob (its path as in knobs) whose value places each run on the x axis.")),
  y: s.optional(nameNode("figure name", "The watched figure (by name) drawn for each run.")),
  also: s.optional(nameNode("figure name", "A second watched figure drawn beside y, e.g. a closed form.")),
  series: s.optional(s.enumOf(CHART_SERIES, { description: "Instead of x and y: a per-window series of the student's run." })),
}, { description: "The chart of the lesson's question, redrawn after each run." }).refine((chart, ctx) => {
  if (chart.series !== undefined) {
    for (const key of ["x", "y", "also"] as const) if (chart[key] !== undefined) ctx.addProblem("a series chart takes no x, y or also", key);
  } else {
    if (chart.x === undefined) ctx.addProblem("give x (a knob) and y (a figure), or series", "x");
    if (chart.y === undefined) ctx.addProblem("give y (a figure) with x", "y");
  }
});

/** The whole lesson file schema. */
export const lessonSchema = s.object({
  version: s.literal(LESSON_VERSION, { description: "Lesson file language version." }),
  id: nameNode("lesson id", "Stable id, used by `clustersim lesson check <id>` and for saved progress."),
  order: s.integer({ min: 1, description: "Position in the list of lessons." }),
  title: textNode("Short title."),
  goal: textNode("What the student must achieve, in one or two sentences."),
  explanation: textNode("The idea behind the lesson, for someone new to it; blank lines separate paragraphs."),
  hints: s.array(textNode("A hint."), { minItems: 1, description: "Hints, revealed one at a time." }),
  scenario: anyValue("The scenario to start from: a sibling file name (\"01-utilisation.yaml\") or the scenario inline."),
  knobs: s.array(knobNode, { minItems: 1 }),
  runs: s.withDefault(s.record(runNode, { keys: s.string({ pattern: NAME_PATTERN, patternHint: "a lowercase run name like \"light-load\"" }) }), {}),
  check: s.array(conditionNode, { minItems: 1, description: "Conditions that must all hold." }),
  watch: s.withDefault(s.array(figureNode), []),
  chart: s.optional(chartNode),
  why: s.optional(textNode("The principle, shown after each run with the numbers the student just produced: {name} is replaced by the watched figure of that name; blank lines separate paragraphs.")),
  answer: answerNode,
}, { description: "A clustersim lesson: a scenario, knobs to turn and a check on the result." });

/** A lesson file as validated (before its scenario and knobs are resolved). */
export type LessonDefinition = Infer<typeof lessonSchema>;
/** A knob as written in the lesson file. */
export type KnobDefinition = LessonDefinition["knobs"][number];
/** A condition as written in the lesson file. */
export type ConditionDefinition = LessonDefinition["check"][number];
/** The lesson's chart as written. */
export type ChartDefinition = NonNullable<LessonDefinition["chart"]>;
/** A watched figure as written in the lesson file. */
export type FigureDefinition = LessonDefinition["watch"][number];
