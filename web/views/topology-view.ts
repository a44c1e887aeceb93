/**
 * Topology and timeline: the cluster at the moment under the scrubber (zones, groups, nodes,
 * balancers and calls, coloured by state), every node's state over the run, playback at a
 * chosen speed, jumps to the previous/next event, and "fork from here".
 *
 * Works on the latest finished run (node states are recorded per window by the worker).
 * The scrubber is a labelled range input: arrow keys step one window.
 */
import { scenarioJsonSchema } from "../../engine/index";
import { draftFiles } from "../app/actions";
import { field, h, replaceChildren } from "../app/dom";
import { startForkRun, startPooledRun, type AppContext } from "../app/runner";
import type { RunRecord } from "../app/store";
import { NODE_STATE_STYLE, NODE_STATES } from "../charts/palette";
import { drawStateTimeline } from "../charts/state-timeline";
import { drawTopology } from "../charts/topology-chart";
import { faultVariants } from "../editor/form-model";
import { formatClock, formatClockFine } from "../format";
import { scenarioFacts, timelineCategory, type ScenarioFacts } from "../scenario-facts";
import { forkScenario, type ForkChange } from "../topology/fork";
import { edgeLoads, type CallHop } from "../topology/edge-load";
import { LOAD_COLOURS } from "../charts/palette";
import { eventTimes, overlayIntervals, shownState, stateRuns, type OverlayInterval } from "../topology/node-states";
import { runAnnotations } from "./run-view";

/** Playback speeds: simulated seconds per wall-clock second. */
const SPEEDS = [1, 10, 60, 600, 3600];

export function mountTopologyView(container: HTMLElement, context: AppContext): () => void {
  const record = [...context.store.runs].reverse().find((r) => r.status === "done" && r.nodes && r.series);
  if (!record) {
    container.append(h("div", { class: "topology-view" }, h("h1", {}, "Topology and timeline"),
      h("p", { class: "placeholder" }, "Run a scenario first: the topology replays the latest finished run. ", h("a", { href: "#/run" }, "Go to the run view"), ".")));
    return () => {};
  }
  const facts = scenarioFacts(record.scenarioText, record.overrides);
  if (!facts.ok) return () => {};
  return mountScrubber(container, context, record, facts.facts);
}

function mountScrubber(container: HTMLElement, context: AppContext, record: RunRecord, facts: ScenarioFacts): () => void {
  const nodes = record.nodes!;
  const series = record.series!;
  const windowMs = series.windowMs;
  const durationMs = facts.durationMs;
  const timeline = record.summary?.timeline ?? [];
  const overlays: OverlayInterval[] = overlayIntervals(timeline, nodes);
  const jumps = eventTimes(nodes, timeline, windowMs);
  const annotations = runAnnotations(record, facts);
  let cursorMs = 0;
  let playing: number | null = null;
  const coresOf = new Map(facts.groups.map((g) => [g.name, g.cores]));
  const classCalls = facts.scenario.workload.classes.map((c) => ({ name: c.name, call: c.call as CallHop }));

  const slider = h("input", { type: "range", min: "0", max: String(durationMs), step: String(windowMs), value: "0", "data-testid": "scrubber" });
  const clock = h("output", { class: "mono", "data-testid": "scrubber-time" }, formatClock(0));
  const speed = h("select", {}, SPEEDS.map((s) => h("option", { value: String(s) }, `${s}× (${formatClock(s * 1000)} per second)`)));
  speed.value = "60";
  const playButton = h("button", { type: "button", "data-action": "play", onclick: () => togglePlay() }, "Play");
  const topologySvg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  topologySvg.setAttribute("role", "img");
  topologySvg.setAttribute("aria-label", "Cluster topology at the scrubber's time");
  const timelineSvg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  timelineSvg.setAttribute("role", "img");
  timelineSvg.setAttribute("aria-label", "State of every node over the run");
  const nowEvents = h("ul", { class: "now-events", "aria-live": "polite" });
  const summary = h("p", { class: "topology-summary", "data-testid": "topology-summary" });
  const topologyBox = h("div", { class: "topology-box" }, topologySvg);
  const timelineBox = h("div", { class: "timeline-box" }, timelineSvg);

  container.append(h("div", { class: "topology-view" },
    h("h1", {}, `Topology and timeline: ${facts.name}`),
    h("p", { class: "muted" }, `Replaying ${record.label}. Digest ${record.digest}.`),
    h("div", { class: "scrubber" },
      field("Time", slider, { hint: "Arrow keys step one window" }), clock,
      playButton, field("Speed", speed),
      h("button", { type: "button", "data-action": "previous-event", onclick: () => jump(-1) }, "◀ Previous event"),
      h("button", { type: "button", "data-action": "next-event", onclick: () => jump(1) }, "Next event ▶")),
    h("ul", { class: "state-legend", "aria-label": "Node states" }, NODE_STATES.filter((s) => s !== "absent" && s !== "up").map((s) =>
      h("li", {}, h("span", { class: "swatch", style: `background:${NODE_STATE_STYLE[s].colour}` }, NODE_STATE_STYLE[s].letter), NODE_STATE_STYLE[s].text))),
    h("ul", { class: "state-legend load-legend", "aria-label": "Load" },
      h("li", {}, "Serving nodes by their group's utilisation: ", ...LOAD_COLOURS.map((colour, i) => h("span", { class: "swatch", style: `background:${colour}`, title: `${i * 25}%` })), " 0% → 100%"),
      h("li", {}, h("span", { class: "swatch queue-swatch" }), "bar under a node: jobs at it (vermilion once they exceed its cores)"),
      h("li", {}, "edges: estimated calls/s and failed share (thicker = more traffic)")),
    summary, topologyBox, nowEvents,
    h("h2", {}, "Every node over the run"),
    h("p", { class: "muted" }, "One row per node; click to move the scrubber there."),
    timelineBox,
    forkBox(context, record, facts, () => cursorMs)));

  function stateNow(): ReturnType<typeof shownState>[] {
    const w = Math.min(nodes.windows - 1, Math.floor(cursorMs / windowMs));
    return nodes.names.map((_, i) => shownState(nodes, overlays, i, w, cursorMs));
  }

  function render(): void {
    // Read layout before writing anything (no forced layout between draws during playback).
    const width = Math.max(320, topologyBox.clientWidth || 900);
    const timelineWidth = Math.max(320, timelineBox.clientWidth || 900);
    const w = Math.min(nodes.windows - 1, Math.max(0, Math.floor(cursorMs / windowMs)));
    slider.value = String(cursorMs);
    clock.textContent = formatClockFine(cursorMs, windowMs, durationMs);
    const states = stateNow();
    drawTopology(topologySvg, {
      regions: facts.regions,
      services: facts.services,
      groups: facts.groups.map((g) => g.name).concat([...new Set(nodes.groups)].filter((g) => !facts.groups.some((f) => f.name === g))),
      nodes: nodes.names.map((name, i) => ({ name, group: nodes.groups[i]!, zone: nodes.zones[i]!, state: states[i]!, jobs: nodes.jobs[w * nodes.names.length + i] ?? 0, cores: coresOf.get(nodes.groups[i]!) ?? 1 })).filter((n) => n.state !== "absent"),
      groupLoad: Object.fromEntries(facts.groups.map((g) => [g.name, { utilisation: series.columns[`group/${g.name}/utilisation`]?.[w] ?? NaN, queueMean: series.columns[`group/${g.name}/queueLengthMean`]?.[w] ?? NaN }])),
      edges: edgeLoads(classCalls, series, Math.min(series.length - 1, w)),
    }, { width });
    const counts = new Map<string, number>();
    for (const s of states) if (s !== "absent") counts.set(s, (counts.get(s) ?? 0) + 1);
    summary.dataset.states = JSON.stringify(Object.fromEntries(counts));
    summary.textContent = `At ${formatClock(cursorMs, durationMs)}: ${[...counts].map(([s, n]) => `${n} ${NODE_STATE_STYLE[s as keyof typeof NODE_STATE_STYLE].text}`).join(", ")}.`;
    const near = timeline.filter((e) => e.atMs >= w * windowMs && e.atMs < (w + 1) * windowMs);
    replaceChildren(nowEvents, near.slice(0, 20).map((e) => h("li", { class: `event-${timelineCategory(e.kind)}` }, `${formatClock(e.atMs)} ${e.kind} ${e.subject}: ${e.detail}`)));
    drawStateTimeline(timelineSvg, { nodeNames: nodes.names, runs: runs(), windowMs, windows: nodes.windows }, {
      width: timelineWidth, durationMs, cursorMs, annotations, warmupMs: facts.warmupMs,
      onPick: (ms) => setCursor(ms),
    });
  }

  let runsCache: ReturnType<typeof stateRuns>[] | null = null;
  function runs(): ReturnType<typeof stateRuns>[] {
    runsCache ??= nodes.names.map((_, i) => stateRuns(nodes, overlays, i, windowMs));
    return runsCache;
  }

  function setCursor(ms: number): void {
    cursorMs = Math.min(durationMs, Math.max(0, Math.round(ms / windowMs) * windowMs));
    render();
  }

  function jump(direction: 1 | -1): void {
    const target = direction > 0 ? jumps.find((t) => t > cursorMs + windowMs / 2) : [...jumps].reverse().find((t) => t < cursorMs - windowMs / 2);
    if (target !== undefined) setCursor(target);
    else context.notify(direction > 0 ? "No later event." : "No earlier event.");
  }

  function togglePlay(): void {
    if (playing !== null) { stop(); return; }
    playButton.textContent = "Pause";
    if (cursorMs >= durationMs) cursorMs = 0;
    let last = performance.now();
    const tick = (now: number) => {
      cursorMs = Math.min(durationMs, cursorMs + (now - last) * Number(speed.value));
      last = now;
      render();
      if (cursorMs >= durationMs) stop();
      else playing = requestAnimationFrame(tick);
    };
    playing = requestAnimationFrame(tick);
  }

  function stop(): void {
    if (playing !== null) cancelAnimationFrame(playing);
    playing = null;
    playButton.textContent = "Play";
  }

  slider.addEventListener("input", () => setCursor(Number(slider.value)));
  render();
  const resize = () => render();
  window.addEventListener("resize", resize);
  return () => { stop(); window.removeEventListener("resize", resize); };
}

/** The "fork from here" form: a change from the scrubber's time on, same seed. */
function forkBox(context: AppContext, record: RunRecord, facts: ScenarioFacts, cursor: () => number): HTMLElement {
  const canCrash = faultVariants(scenarioJsonSchema()).has("crash");
  const kind = h("select", {}, h("option", { value: "traffic" }, "Traffic multiplier from here"), canCrash ? h("option", { value: "crash" }, "Crash nodes here") : null);
  const multiplier = h("input", { type: "text", value: "2", size: 5, inputmode: "decimal" });
  const group = h("select", {}, facts.groups.map((g) => h("option", { value: g.name }, g.name)));
  const count = h("input", { type: "text", value: "1", size: 4, inputmode: "numeric" });
  const message = h("p", { class: "field-error", role: "alert" });
  const trafficFields = h("span", {}, field("Multiplier", multiplier));
  const crashFields = h("span", { hidden: true }, field("Group", group), field("Nodes", count));
  kind.addEventListener("change", () => { trafficFields.hidden = kind.value !== "traffic"; crashFields.hidden = kind.value !== "crash"; });
  const fork = async () => {
    const change: ForkChange = kind.value === "traffic" ? { kind: "traffic", multiplier: Number(multiplier.value) } : { kind: "crash", group: group.value, count: Number(count.value) };
    const atMs = cursor();
    const forked = forkScenario(record.scenarioText, { atMs, durationMs: facts.durationMs, change });
    if (!forked.ok) { message.textContent = forked.message; return; }
    message.textContent = "";
    context.notify(`Forking at ${formatClock(atMs)}: ${forked.label}…`);
    // A crash fork restores a snapshot and runs live: the run view shows its past at once and
    // its progress; the comparison follows when it is done.
    context.navigate(change.kind === "crash" ? "#/run" : "#/compare");
    const input = {
      label: `${facts.name} · seed ${record.summary?.seed ?? record.seed} · fork: ${forked.label}`,
      scenarioText: forked.text,
      files: record.files ?? draftFiles(context.store.draft),
      seed: record.summary?.seed ?? record.seed,
      overrides: record.overrides,
      marks: [{ atMs, label: `fork: ${forked.label}` }],
      forkOf: record.id,
    };
    // A crash is a fault added at the fork's time: the worker restores its snapshot of this run
    // from just before and simulates only the rest. A traffic change alters the arrival process
    // the run has already drawn ahead, so it reruns from time 0.
    if (change.kind === "crash") {
      const fork = await startForkRun(context, input, record, atMs);
      if (fork.status === "done" && location.hash.startsWith("#/run")) context.navigate("#/compare");
    } else await startPooledRun(context, input);
  };
  return h("section", { class: "fork-box", "aria-label": "Fork from here" },
    h("h2", {}, "Fork from here"),
    h("p", {}, "Change one thing at the scrubber's time and rerun with the same seed: until that moment the fork replays this run exactly; the compare view shows both. A crash fork starts from the snapshot of this run nearest before that moment instead of from zero."),
    h("div", { class: "button-row" }, field("Change", kind), trafficFields, crashFields,
      h("button", { type: "button", class: "primary", "data-action": "fork", onclick: () => void fork() }, "Fork and compare")),
    message);
}
