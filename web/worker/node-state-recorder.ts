/**
 * Per-node state at the end of every window, for the topology view and the node timeline.
 *
 * Read at the end of each window through the run's read-only window view (`run.onWindowClose`):
 * the lifecycle state (up, down, booting, retired), whether the node serves slower than
 * normal (a gray failure), and the jobs at the node. Nodes added by an autoscaler appear from
 * the window they were created in; earlier windows mark them absent. Memory is bounded: past
 * {@link NODE_CELLS_MAX} node-windows the recorder stops and says so (`truncated`).
 */
import type { WindowListener } from "../../engine/index";
import type { NodeStates } from "./run-protocol";

/** State codes in {@link NodeStates.states}. */
export const NODE_CODE = { up: 0, down: 1, booting: 2, retired: 3, slow: 100, absent: 255 } as const;

/** Node-windows recorded at most (about 16 MB of states and jobs). */
export const NODE_CELLS_MAX = 4_000_000;

export class NodeStateRecorder {
  private rows: Array<{ states: Uint8Array; jobs: Float32Array }> = [];
  private names: string[] = [];
  private groups: string[] = [];
  private zones: string[] = [];
  private cells = 0;
  private truncated = false;

  /** The window listener: copies each node's state and load. */
  readonly listener: WindowListener = (window) => {
    const nodes = window.nodes;
    const count = nodes.count;
    if (this.truncated || this.cells + count > NODE_CELLS_MAX) {
      this.truncated = true;
      return;
    }
    const states = new Uint8Array(count);
    const jobs = new Float32Array(count);
    for (let node = 0; node < count; node++) {
      const state = nodes.state(node);
      states[node] = state === "up" && nodes.slowdown(node) > 1 ? NODE_CODE.slow : NODE_CODE[state];
      jobs[node] = nodes.jobs(node);
    }
    for (let node = this.names.length; node < count; node++) {
      this.names.push(nodes.name(node));
      this.groups.push(nodes.group(node));
      this.zones.push(nodes.zone(node));
    }
    this.rows.push({ states, jobs });
    this.cells += count;
  };

  /** A recorder holding the same rows (rows are never changed: shared). */
  copy(): NodeStateRecorder {
    const copy = new NodeStateRecorder();
    copy.rows = this.rows.slice();
    copy.names = this.names.slice();
    copy.groups = this.groups.slice();
    copy.zones = this.zones.slice();
    copy.cells = this.cells;
    copy.truncated = this.truncated;
    return copy;
  }

  /** Everything recorded, as one rectangle (absent where a node did not exist yet). */
  snapshot(): NodeStates {
    const nodeCount = this.names.length;
    const windows = this.rows.length;
    const states = new Uint8Array(windows * nodeCount).fill(NODE_CODE.absent);
    const jobs = new Float32Array(windows * nodeCount);
    this.rows.forEach((row, w) => {
      states.set(row.states, w * nodeCount);
      jobs.set(row.jobs, w * nodeCount);
    });
    return { names: this.names.slice(), groups: this.groups.slice(), zones: this.zones.slice(), windows, states, jobs, truncated: this.truncated };
  }
}
