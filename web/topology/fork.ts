/**
 * "Fork from here": the same scenario and seed with one change from a chosen moment on.
 *
 * The change is written into the scenario as something that starts at that moment (a
 * traffic step as a spike held to the end, a crash as a fault at that time), and the fork
 * reruns from time 0 with the same seed. Because the engine is deterministic and each
 * component draws from its own named random stream, the fork replays the original exactly
 * until the change takes effect (the compare view shows whether the series agree before it).
 */
import { appendItem, parseScenarioDocument, valueAt } from "../editor/yaml-edit";
import { formatClock } from "../format";

/** A change applied from the fork's moment on. */
export type ForkChange =
  | { kind: "traffic"; multiplier: number }
  | { kind: "crash"; group: string; count: number };

/** The forked scenario text and a label for its run. */
export type ForkResult = { ok: true; text: string; label: string } | { ok: false; message: string };

/** Writes `change` into the scenario from `atMs` on (the run lasts `durationMs`). */
export function forkScenario(text: string, options: { atMs: number; durationMs: number; change: ForkChange }): ForkResult {
  const parsed = parseScenarioDocument(text);
  if (!parsed.ok) return { ok: false, message: `the scenario text does not parse: ${parsed.message}` };
  const at = `${Math.round(options.atMs)}ms`;
  const when = formatClock(options.atMs, options.durationMs);
  const change = options.change;
  if (change.kind === "traffic") {
    if (valueAt(parsed.doc, ["workload", "rate"]) === undefined) return { ok: false, message: "traffic forks need an open-loop workload (workload.rate)" };
    if (!(change.multiplier > 0)) return { ok: false, message: `the traffic multiplier must be > 0, got ${change.multiplier}` };
    const holdMs = Math.max(0, Math.round(options.durationMs - options.atMs));
    const spike = { at, ramp: "0s", hold: `${holdMs}ms`, decay: "0s", multiplier: change.multiplier };
    return { ok: true, text: appendItem(text, ["workload", "rate", "spikes"], spike), label: `traffic ×${change.multiplier} from ${when}` };
  }
  if (!(Number.isInteger(change.count) && change.count >= 1)) return { ok: false, message: `the number of nodes to crash must be a whole number ≥ 1, got ${change.count}` };
  const fault = { type: "crash", group: change.group, count: change.count, at };
  return { ok: true, text: appendItem(text, ["faults"], fault), label: `crash ${change.count} ${change.group} node${change.count === 1 ? "" : "s"} at ${when}` };
}
