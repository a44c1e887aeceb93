/**
 * The Result's capacity sections: node groups (`groups`), single nodes (`nodes`) and what
 * they cost (`cost`). Groups and nodes are integrated from the end of warm-up to the end of
 * the run; the cost's `total` covers the whole run (the nodes were paid for during warm-up
 * too), `measuredPeriod` only the measurement period. `queueLengthMax` is over the
 * measurement period too.
 */

/** One node group, integrated over the measurement period. */
export interface GroupSummary {
  name: string;
  nodes: number;
  /** Busy core-time over available core-time while up. */
  utilisation: number | null;
  /** Time-average queued jobs per node. */
  queueLengthMean: number;
  queueLengthMax: number;
  /** Time-average jobs at a node (in service plus queued). */
  inFlightMean: number;
  /** Time-average share of the group's nodes that were up (draining ones included). */
  upShare: number | null;
  /**
   * Serving capacity over the measured period: of the node-time provisioned (billed: created,
   * not yet retired), the shares serving (up, not draining), booting, draining (up, on its way
   * out) and down (crashed or failed); they sum to 1. Booting and draining are the autoscaler's
   * and rolling updates' doing, not failures. Null when nothing was provisioned.
   */
  capacity: {
    servingShare: number;
    bootingShare: number;
    drainingShare: number;
    downShare: number;
    /** Node-hours provisioned in the measured period (the weight of the shares). */
    provisionedNodeHours: number;
  } | null;
  nodeHours: number;
  cost: number;
}

/** One node, integrated over the measurement period. */
export interface NodeSummary {
  name: string;
  group: string;
  zone: string;
  /** The node's rack, or null when its zone has no racks. */
  rack: string | null;
  utilisation: number | null;
  queueLengthMean: number;
  queueLengthMax: number;
  /** Time-average jobs at the node (in service plus queued). */
  inFlightMean: number;
  served: number;
  upShare: number | null;
}

/** Cost of the run. */
export interface CostSummary {
  /** Total over the whole run (warm-up included: the nodes were paid for), currency units. */
  total: number;
  /** The part of `total` spent in the measurement period (after warm-up), currency units. */
  measuredPeriod: number;
  /** Average spend rate over the run, per hour. */
  perHour: number;
  groups: Array<{ name: string; nodeHours: number; cost: number }>;
}
