/**
 * What a watcher of a running simulation may see at the end of each metrics window: a
 * read-only view of the window just closed (its latency histogram, every node's state) and of
 * the series so far. The browser draws its live heatmap, topology and charts from it
 * (web/worker/); nothing it holds lets a watcher change the model, so the Result, and its
 * digest, are the same whether anyone watches or not.
 *
 * The view is one object, updated in place at each window's end and valid only during the
 * listener's call: copy what you keep (the series is the exception: it only grows).
 */
import type { LatencyHistogram } from "../metrics/histogram";
import type { Series } from "../result/series-result";
import { NODE_STATE_NAMES, type NodeTable } from "./nodes";
import type { ModelSpec } from "./spec";

/** A histogram's read side (with its buckets, for exporters that regroup them). */
export type ReadonlyLatencyHistogram = Pick<LatencyHistogram, "count" | "sumMs" | "meanMs" | "minMs" | "maxMs" | "quantile" | "toJSON" | "bucketCount" | "bucketCountAt" | "upperBoundMs">;

/** A node's lifecycle state. */
export type NodeState = (typeof NODE_STATE_NAMES)[number];

/** `T` with every array and field read-only, all the way down. */
export type DeepReadonly<T> = T extends ReadonlyArray<infer U>
  ? ReadonlyArray<DeepReadonly<U>>
  : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

/** The run's per-window series so far, read-only (see Result.series). */
export type ReadonlySeries = DeepReadonly<Series>;

/** Every node of the cluster so far (an autoscaler adds nodes as the run goes), by index. */
export interface NodesView {
  /** Nodes so far; indexes run from 0 to count - 1 and never change. */
  readonly count: number;
  /** The node's name, "<group>-<n>". */
  name(node: number): string;
  /** The name of the node's group. */
  group(node: number): string;
  /** The name of the node's zone. */
  zone(node: number): string;
  state(node: number): NodeState;
  /** Service-time factor of a gray failure: 1 = normal, 3 = three times slower. */
  slowdown(node: number): number;
  /** Requests at the node: in service plus queued. */
  jobs(node: number): number;
}

/** The window just closed, and the run so far. */
export interface WindowView {
  /** The window's start and end, ms of simulated time (the last window may be shorter). */
  readonly startMs: number;
  readonly endMs: number;
  /** Latency of the requests that succeeded in the window, all classes, ms. */
  readonly latency: ReadonlyLatencyHistogram;
  /** Every node, in its state at the end of the window. */
  readonly nodes: NodesView;
  /** The run's series, this window's point last. */
  readonly series: ReadonlySeries;
}

/** Called at the end of every window with the run's {@link WindowView}. */
export type WindowListener = (window: WindowView) => void;

/** The one WindowView of a run, reading the model's tables at each window's end. */
export class LiveWindowView implements WindowView, NodesView {
  startMs = 0;
  endMs = 0;

  constructor(
    private readonly spec: ModelSpec,
    private readonly table: NodeTable,
    readonly latency: ReadonlyLatencyHistogram,
    readonly series: ReadonlySeries,
  ) {}

  get nodes(): NodesView {
    return this;
  }

  get count(): number {
    return this.table.count;
  }

  name(node: number): string {
    return this.table.names[node]!;
  }

  group(node: number): string {
    return this.spec.groups[this.table.group[node]!]!.name;
  }

  zone(node: number): string {
    return this.spec.zones[this.table.zone[node]!]!.name;
  }

  state(node: number): NodeState {
    return NODE_STATE_NAMES[this.table.state[node]!]!;
  }

  slowdown(node: number): number {
    return this.table.slowdown[node]!;
  }

  jobs(node: number): number {
    return this.table.load(node);
  }
}
