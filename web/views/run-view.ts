/**
 * The run view: run the draft, watch the charts fill, read what happened.
 *
 * Top to bottom: the scenario's name and one line, the run header (Run, Cancel, seed, share
 * and export), live status (simulated time, events/s, ETA), the run's identity (digest, engine
 * version, seed), "What happened" sentences (each links to its stretch of the charts), the
 * tables of the mechanisms the scenario is about (replication, databases, regions, batch,
 * caches, detectors, classes side by side: the engine's `resultTables`), summary tiles and SLO
 * verdicts, the charts (opened on the incident, with event bands), the other mechanisms'
 * tables, services, groups and the timeline, and the scenario's longer story, collapsed.
 * The status element carries `data-status` (idle, running, done, cancelled, invalid, error)
 * for tests and assistive tech. The sections are built one per animation frame (see render),
 * so opening the screen or finishing a run never builds everything in one long task.
 */
import { formatProblem, resultTables } from "../../engine/index";
import { draftFiles, openBuiltin, runDraft, shareUrl } from "../app/actions";
import { intParam, parseRoute, rangeParam, replaceParams } from "../app/routes";
import { downloadText, field, h, replaceChildren } from "../app/dom";
import { measured, TaskQueue } from "../app/task-queue";
import type { AppContext } from "../app/runner";
import type { RunRecord } from "../app/store";
import { eventBands, type TimelineMark } from "../charts/event-bands";
import { incidentRange } from "../incident";
import { fileSlug, seriesToCsv } from "../export";
import { formatClock, formatNumber, formatWall } from "../format";
import { describeRun } from "../insights";
import { mechanismInsights } from "../mechanism-insights";
import { findBuiltin } from "../scenario-catalog";
import { scenarioFacts, timelineCategory, type ScenarioFacts } from "../scenario-facts";
import { ChartsPanel } from "./charts-panel";
import { fidelitySelect, withFidelity, type Fidelity } from "./fidelity";
import { hybridSummary } from "./hybrid-summary";
import { savedRunsSection } from "./saved-runs";
import { renderExperiments } from "./experiments";
import { identityBlock, sectionTable, sloTable, summaryTiles, timelineTable } from "./run-summary";

/** Shortest time between two "what is happening" updates while a run streams, ms (the charts' pace). */
const LIVE_INSIGHTS_MS = 1000;

/** Annotations for a run: its timeline events, scenario marks (spikes) and extra marks. */
export function runAnnotations(record: RunRecord | undefined, facts: ScenarioFacts | null): TimelineMark[] {
  const marks: TimelineMark[] = [...(facts?.marks ?? [])];
  for (const event of record?.summary?.timeline ?? []) marks.push({ atMs: event.atMs, label: `${event.kind} ${event.subject}${event.detail ? `: ${event.detail}` : ""}`, category: timelineCategory(event.kind), kind: event.kind, subject: event.subject, ...(event.detail ? { detail: event.detail } : {}) });
  for (const mark of record?.marks ?? []) marks.push({ ...mark, category: "fork" });
  return marks;
}

export function mountRunView(container: HTMLElement, context: AppContext): () => void {
  const { store } = context;
  const charts = new ChartsPanel();
  const route = parseRoute(location.hash);
  charts.restoreRange(rangeParam(route.params));
  restoreFromRoute(context, route.params);
  const story = h("header", { class: "story" });
  const about = h("details", { class: "about-scenario" });
  const saved = savedRunsSection(context);
  const seedInput = h("input", { type: "text", inputmode: "numeric", size: 8, placeholder: "scenario's", value: store.draft.seed === null ? "" : String(store.draft.seed) });
  const fidelity = fidelitySelect("fidelity");
  const runButton = h("button", { type: "button", class: "primary", "data-action": "run", onclick: () => void start() }, "Run");
  const cancelButton = h("button", { type: "button", "data-action": "cancel", disabled: true, onclick: () => void context.client.cancel() }, "Cancel");
  const status = h("div", { class: "run-status", role: "status", "aria-live": "polite", "data-status": "idle" });
  const identity = h("div", { class: "identity-slot" });
  const problems = h("div", { class: "problems-slot" });
  const insights = h("section", { class: "insights", "aria-label": "What happened" });
  const experiments = h("section", { class: "experiments", "aria-label": "Suggested experiments" });
  // The numbers and the tables are built in parts, a job each, into slots of their own that
  // take no room (display: contents): each job lays out only its part, in any order.
  const numberSlots = slots(4);
  const tableSlots = slots(3);
  const numbers = h("section", { class: "numbers", "aria-label": "Results" }, numberSlots);
  const tables = h("section", { class: "tables" }, tableSlots);
  const shareOutput = h("input", { type: "text", readonly: true, class: "share-url", "data-testid": "share-url", "aria-label": "Share link", hidden: true });
  const exports = h("span", { class: "exports button-row", role: "group", "aria-label": "Share and export" },
    h("button", { type: "button", "data-action": "share", onclick: () => void share() }, "Copy share link"),
    h("button", { type: "button", "data-action": "export-json", onclick: () => exportJson() }, "Result JSON"),
    h("button", { type: "button", "data-action": "export-csv", onclick: () => exportCsv() }, "Series CSV"));
  seedInput.addEventListener("change", () => {
    const text = seedInput.value.trim();
    const seed = text === "" ? null : Number(text);
    if (seed !== null && !(Number.isSafeInteger(seed) && seed >= 0)) {
      seedInput.setCustomValidity("a whole number ≥ 0");
      seedInput.reportValidity();
      return;
    }
    seedInput.setCustomValidity("");
    store.setDraft({ ...store.draft, seed, expectedDigest: null });
  });

  container.append(h("div", { class: "run-view" },
    story,
    h("div", { class: "run-controls run-header" }, runButton, cancelButton, field("Seed", seedInput, { hint: "blank = the scenario's seed" }),
      field("Fidelity", fidelity, { hint: "hybrid: much faster on long days" }),
      h("a", { href: "#/editor" }, "Edit scenario"), h("a", { href: "#/topology" }, "Topology & timeline"), h("a", { href: "#/compare" }, "Compare"), exports),
    shareOutput,
    status, identity, problems, insights, experiments, numbers, charts.element, tables, about, saved.element));

  let factsCache: { text: string; overrides: string; facts: ScenarioFacts | null } | null = null;
  const factsFor = (text: string, overrides: string[]): ScenarioFacts | null => {
    const key = overrides.join("\n");
    if (!factsCache || factsCache.text !== text || factsCache.overrides !== key) {
      const result = scenarioFacts(text, overrides);
      factsCache = { text, overrides: key, facts: result.ok ? result.facts : null };
    }
    return factsCache.facts;
  };

  async function start(): Promise<void> {
    await runDraft(context, { overrides: withFidelity(store.draft.text, store.draft.overrides ?? [], fidelity.value as Fidelity) });
  }

  async function share(): Promise<void> {
    const record = store.latestRun;
    const draft = store.draft;
    const url = record
      ? shareUrl({ text: record.scenarioText, seed: record.summary?.seed ?? record.seed, files: record.files, overrides: record.overrides, digest: record.digest ?? null })
      : shareUrl({ text: draft.text, seed: draft.seed, files: draftFiles(draft) });
    shareOutput.value = url;
    shareOutput.hidden = false;
    shareOutput.select();
    try {
      await navigator.clipboard.writeText(url);
      context.notify("Share link copied to the clipboard.");
    } catch {
      context.notify("Copy the share link from the box below the buttons.");
    }
  }

  function exportJson(): void {
    const record = store.latestRun;
    if (!record?.resultJson || !record.summary) return context.notify("Run the scenario first: there is no result to export yet.");
    downloadText(`${fileSlug(`${record.summary.scenario}-seed-${record.summary.seed}`)}.result.json`, record.resultJson, "application/json");
  }

  function exportCsv(): void {
    const record = store.latestRun;
    if (!record?.series) return context.notify("Run the scenario first: there are no series to export yet.");
    downloadText(`${fileSlug(`${record.summary?.scenario ?? "run"}-seed-${record.summary?.seed ?? record.seed ?? ""}`)}.series.csv`, seriesToCsv(record.series), "text/csv");
  }

  /** Zooms every chart to a sentence's stretch (with a little context) and brings them into view. */
  function showOnCharts(range: { fromMs: number; toMs: number }): void {
    const pad = Math.max((range.toMs - range.fromMs) / 4, 60_000);
    const durationMs = charts.fullDurationMs;
    charts.showRange([Math.max(0, range.fromMs - pad), Math.min(durationMs, range.toMs + pad)]);
    charts.element.scrollIntoView({ block: "start" });
  }

  // Building the run's sections is split into jobs, one per animation frame (identity,
  // what happened, numbers, tables, charts), so no single task builds the whole screen; each
  // section carries `data-build-step` (the job's sequence number) for tests. A finished
  // state reaches the status's `data-status` in the last job, once every section shows it.
  const build = new TaskQueue({ perFrame: true, name: "run-view" });
  const stamp = (element: HTMLElement) => { element.dataset.buildStep = String(build.ran); };
  let renderedKey = "";
  let builtStoryKey = "";
  let builtSectionKey = "";
  let lastInsights = { runId: -1, atMs: -Infinity };
  let insightsTimer: ReturnType<typeof setTimeout> | undefined;
  function render(): void {
    const record = store.latestRun;
    const text = record?.scenarioText ?? store.draft.text;
    // Reading the scenario (its facts: name, story, experiments, SLOs) is a job of its own.
    const facts = () => factsFor(text, record?.overrides ?? store.draft.overrides ?? []);
    const storyKey = `${record?.id}:${record?.status}:${store.draft.sourceId}:${(record?.overrides ?? store.draft.overrides ?? []).join("\n")}:${text}`;
    if (storyKey !== builtStoryKey) {
      builtStoryKey = storyKey;
      build.set("story", () => {
        renderStory(story, about, facts(), store.draft.sourceId);
        renderExperiments(experiments, context, facts(), record);
        stamp(story);
      });
    }
    const state = record?.status ?? "idle";
    renderStatus(status, record, state === "idle" || state === "running" ? state : status.dataset.status ?? "idle");
    runButton.textContent = record ? "Run again" : "Run";
    cancelButton.disabled = record?.status !== "running";
    runButton.disabled = record?.status === "running";
    const key = `${record?.id}:${record?.status}:${record?.series?.length ?? 0}`;
    if (key === renderedKey) return;
    renderedKey = key;
    const partial = record?.status === "running";
    const series = record?.series;
    // A section is rebuilt only when what it shows changed: while a run streams, new windows
    // change the insights and the charts, not the identity, numbers or tables.
    const sectionKey = `${record?.id}:${record?.status}:${record?.digest ?? ""}:${record?.expectedDigest ?? ""}`;
    if (sectionKey !== builtSectionKey) {
      builtSectionKey = sectionKey;
      build.set("identity", () => {
        replaceChildren(identity, record ? identityBlock(record) : null);
        replaceChildren(problems, record?.status === "invalid" ? problemList(record) : record?.status === "error" ? h("p", { class: "error-box", role: "alert" }, `The engine stopped with an internal error: ${record.message}`) : null);
        stamp(identity);
      });
      const summary = record?.summary;
      let tableModels: ReturnType<typeof resultTables> | null = null;
      const models = () => (tableModels ??= summary ? resultTables(summary) : []);
      const primary = () => models().filter((m) => m.rank === "primary");
      // The hybrid table sits with the numbers (hybridSummary), not among the mechanisms' tables.
      const secondary = () => models().filter((m) => m.rank !== "primary" && m.id !== "hybrid");
      const half = () => Math.ceil(secondary().length / 2);
      const numberParts: Array<() => Array<Node | null> | Node | null> = [
        () => (summary ? primary().map(sectionTable) : null),
        () => (summary ? summaryTiles(summary) : null),
        () => (summary ? sloTable(summary) : null),
        () => (summary ? hybridSummary(summary) : null),
      ];
      const tableParts: Array<() => Array<Node | null> | Node | null> = [
        () => (summary ? secondary().slice(0, half()).map(sectionTable) : null),
        () => (summary ? secondary().slice(half()).map(sectionTable) : null),
        () => (summary ? [h("h2", {}, "Timeline"), timelineTable(summary)] : null),
      ];
      numberParts.forEach((part, i) => build.set(`numbers:${i}`, () => { replaceChildren(numberSlots[i]!, part()); stamp(numbers); }));
      tableParts.forEach((part, i) => build.set(`tables:${i}`, () => { replaceChildren(tableSlots[i]!, part()); stamp(tables); }));
    }
    // While a run streams, "what is happening" follows the series at the charts' pace (at most
    // once per LIVE_INSIGHTS_MS; a trailing timer shows the latest): each is a pass over every window.
    clearTimeout(insightsTimer);
    const insightsWaitMs = partial && lastInsights.runId === record?.id ? lastInsights.atMs + LIVE_INSIGHTS_MS - performance.now() : 0;
    if (insightsWaitMs > 0) insightsTimer = setTimeout(() => { renderedKey = ""; render(); }, insightsWaitMs);
    else {
      lastInsights = { runId: record?.id ?? -1, atMs: performance.now() };
      build.set("insights", () => {
        const found = [
          ...(series && facts() ? describeRun(series, record?.summary ?? null, { warmupMs: facts()!.warmupMs }) : []),
          ...(record?.summary ? mechanismInsights(record.summary) : []),
        ];
        replaceChildren(insights, found.length > 0 ? [h("h2", {}, partial ? "What is happening" : "What happened"), h("ul", {}, found.map((i) => h("li", { class: `insight ${i.tone}` },
          i.range && !partial
            ? h("button", { type: "button", class: "link-button insight-link", "data-from-ms": String(i.range.fromMs), "data-to-ms": String(i.range.toMs), title: "Show this on the charts", onclick: () => showOnCharts(i.range!) }, i.text)
            : i.text)))] : null);
        stamp(insights);
      });
    }
    build.set("charts", () => {
      const scenario = facts();
      const annotations = runAnnotations(record, scenario);
      const durationMs = scenario?.durationMs ?? record?.progress?.durationMs ?? 1;
      const chartContext = { warmupMs: scenario?.warmupMs ?? 0, slos: scenario?.slos ?? [] };
      charts.update({
        series,
        heatmap: record?.heatmap,
        context: chartContext,
        durationMs,
        annotations,
        bands: eventBands(annotations, { gapMs: Math.max(3 * (series?.windowMs ?? 60_000), durationMs / 36), durationMs }),
        incident: series && !partial ? incidentRange(series, chartContext, durationMs) : null,
        status: !series || series.length === 0 ? "empty" : partial ? "partial" : "complete",
        exportName: `${scenario?.name ?? "run"}-seed-${record?.summary?.seed ?? record?.seed ?? scenario?.seed ?? ""}-run-${record?.id ?? 0}`,
      });
      stamp(charts.element);
    });
    // Always the last job: a finished state shows only once every section above is built.
    build.setLast("settle", () => { status.dataset.status = state; });
  }

  /** Keeps the address in step with what is shown: scenario, seed, saved run, chart range. */
  function writeRoute(range: [number, number] | null = charts.zoomRange): void {
    const record = store.latestRun;
    replaceParams({
      scenario: record ? record.sourceId ?? undefined : store.draft.sourceId ?? undefined,
      seed: record?.summary?.seed ?? record?.seed ?? store.draft.seed ?? undefined,
      run: record?.archiveKey,
      from: range ? Math.round(range[0]) : undefined,
      to: range ? Math.round(range[1]) : undefined,
    });
  }
  charts.onZoom = (range) => writeRoute(range);

  const unsubscribe = store.subscribe(() => {
    measured("run-view:render", render);
    measured("run-view:saved-runs", saved.render);
    measured("run-view:route", () => writeRoute());
  });
  render();
  return () => { unsubscribe(); build.clear(); charts.dispose(); clearTimeout(insightsTimer); };
}

/** `count` empty slots for a section's parts: they take no room of their own (display: contents). */
function slots(count: number): HTMLElement[] {
  return Array.from({ length: count }, () => h("div", { class: "section-part" }));
}

/**
 * Brings back what the address names: a saved run (`run=`, from the archive) or, when no run
 * is shown yet, a built-in scenario (`scenario=`) with its `seed=` as the draft.
 */
function restoreFromRoute(context: AppContext, params: Record<string, string>): void {
  const { store } = context;
  const runKey = intParam(params.run);
  if (runKey !== null && store.latestRun?.archiveKey !== runKey) {
    void store.archive?.get(runKey).then((saved) => {
      if (saved) store.restoreArchived(saved);
      else context.notify("That saved run is no longer kept (runs are kept up to a limit, or it was deleted).");
    });
    return;
  }
  if (store.latestRun || !params.scenario) return;
  if (store.draft.sourceId !== params.scenario && !openBuiltin(context, params.scenario)) return;
  const seed = intParam(params.seed);
  if (seed !== null && seed !== store.draft.seed) store.setDraft({ ...store.draft, seed });
}

/** The name and one line at the top; the scenario's longer story collapsed under the charts. */
function renderStory(element: HTMLElement, about: HTMLElement, facts: ScenarioFacts | null, sourceId: string | null): void {
  const entry = sourceId ? findBuiltin(sourceId) : undefined;
  const key = `${facts?.name}|${facts?.description}|${sourceId}`;
  if (element.dataset.key === key) return;
  element.dataset.key = key;
  replaceChildren(element,
    h("h1", {}, facts?.name ?? "Scenario"),
    facts?.description ? h("p", { class: "lead" }, facts.description) : null);
  const paragraphs = entry?.header.paragraphs ?? [];
  about.hidden = paragraphs.length === 0;
  replaceChildren(about,
    h("summary", {}, "About this scenario: what it teaches and what to try"),
    h("div", { class: "teaches" }, paragraphs.map((p) => h("p", {}, p.label ? [h("strong", {}, `${p.label}: `), p.text] : p.text))));
}

/** Shows the run's state in words and a progress bar; `shownState` goes to `data-status`. */
function renderStatus(element: HTMLElement, record: RunRecord | undefined, shownState: string): void {
  const state = record?.status ?? "idle";
  element.dataset.status = shownState;
  const progress = record?.progress;
  // For tests: how far the run is, its windows so far, and (a fork) where it was restored and
  // how many events this worker simulated (fewer than the run's when restored).
  element.dataset.nowMs = String(progress?.nowMs ?? "");
  element.dataset.workShare = String(progress?.workShare ?? "");
  element.dataset.windows = String(record?.series?.length ?? 0);
  element.dataset.resumedFromMs = String(record?.resumedFromMs ?? "");
  element.dataset.eventsSimulated = String(progress?.eventsSimulated ?? record?.eventsSimulated ?? "");
  // The bar shows work (the run's expected requests due), the text the simulated clock.
  const share = state === "done" ? 1 : progress?.workShare ?? 0;
  const texts: Record<string, string> = {
    idle: "Not run yet: press Run.",
    running: progress ? `Simulating ${formatClock(progress.nowMs, progress.durationMs)} of ${formatClock(progress.durationMs)} · ${formatNumber(progress.eventsPerS)} events/s · about ${formatWall(progress.etaMs)} left` : "Starting…",
    done: `Done: ${formatNumber(record?.summary?.events ?? 0)} events in ${formatWall(record?.wallMs)}.`,
    cancelled: "Cancelled. Run again to start over (same seed, same result).",
    invalid: "The scenario has problems: fix them in the editor.",
    error: "The engine failed: see below.",
  };
  replaceChildren(element,
    h("progress", { max: "1", value: String(share), "aria-label": "Run progress" }),
    h("span", {}, texts[state]!));
}

function problemList(record: RunRecord): HTMLElement {
  return h("div", { class: "error-box", role: "alert" },
    h("p", {}, "The scenario has problems (the same messages as the CLI):"),
    h("ul", {}, (record.problems ?? []).map((p) => h("li", { class: "mono" }, formatProblem(p)))),
    h("a", { href: "#/editor" }, "Fix them in the editor"));
}
