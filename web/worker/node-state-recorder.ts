/**
 * Per-node state at the end of every window, for the topology view and the node timeline.
 *
 * Read from the model's node table just before each window closes (see window-observer.ts):
 * the lifecycle state (up, down, booting, retired), whether the node serves slower than
 * normal (a gray failure), and the jobs at the node. Nodes added by an autoscaler appear from
 * the window they were created in; earlier windows mark them absent. Memory is bounded: past
 * {@link NODE_CELLS_MAX} node-windows the recorder stops and says so (`truncated`).
 */
import type { NodeStates } from "./run-protocol";
import type { WindowListener } from "./window-observer";

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
  readonly listener: WindowListener = (model) => {
    const nodes = model.nodes;
    const count = nodes.count;
    if (this.truncated || this.cells + count > NODE_CELLS_MAX) {
      this.truncated = true;
      return () => {};
    }
    const states = new Uint8Array(count);
    const jobs = new Float32Array(count);
    for (let node = 0; node < count; node++) {
      const state = nodes.state[node]!;
      // Lifecycle codes 0..3 match NODE_UP, NODE_DOWN, NODE_BOOTING, NODE_RETIRED.
      states[node] = state === 0 && nodes.slowdown[node]! > 1 ? NODE_CODE.slow : state;
      jobs[node] = nodes.load(node);
    }
    return () => {
      for (let node = this.names.length; node < count; node++) {
        this.names.push(nodes.names[node]!);
        this.groups.push(model.spec.groups[nodes.group[node]!]!.name);
        this.zones.push(model.spec.zones[nodes.zone[node]!]!.name);
      }
      this.rows.push({ states, jobs });
      this.cells += count;
    };
  };

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
