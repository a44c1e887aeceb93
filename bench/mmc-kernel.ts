/**
 * M/M/c written directly on the kernel (issue 2's reference model): c = 16 servers sharing one
 * FIFO queue, Poisson arrivals at 14.4/s, exponential service with mean 1 s, 1,000,000
 * customers. Two variants of the same model: typed event records dispatched by a `switch`
 * (what the cluster model uses) and one closure callback per event.
 *
 * Events counted are model events only: arrivals + departures, 2 per customer.
 * Sanity: the mean queue wait must be near Erlang C's 0.370 s (one 1M-customer run scatters
 * about 3 % around it), so a broken model cannot post a good time.
 */
import { Simulation } from "../engine/core/simulation";
import { mmcMeanWaitMs } from "../engine/theory/queueing";
import { cpuNowMs, type BenchRecord } from "./record";

const SERVERS = 16;
const ARRIVAL_RATE_PER_MS = 14.4 / 1000;
const SERVICE_MEAN_MS = 1000;

export interface MmcOutcome {
  customers: number;
  events: number;
  waitMsMean: number;
}

/** The M/M/c model with typed events and a switch dispatcher. */
export function runMmcTyped(customers: number, seed: number): MmcOutcome {
  const ARRIVAL = 1, DEPARTURE = 2;
  const sim = new Simulation({ seed });
  const arrivals = sim.streams.get("mmc/arrivals").next;
  const service = sim.streams.get("mmc/service").next;
  const waiting = new Float64Array(1 << 20); // ring buffer of arrival times
  const mask = waiting.length - 1;
  let head = 0, tail = 0, busy = 0, generated = 0, served = 0, waitSumMs = 0;
  sim.setDispatch((kind) => {
    switch (kind) {
      case ARRIVAL:
        if (++generated < customers) sim.after(-Math.log(1 - arrivals()) / ARRIVAL_RATE_PER_MS, ARRIVAL);
        if (busy < SERVERS) {
          busy++;
          served++;
          sim.after(-SERVICE_MEAN_MS * Math.log(1 - service()), DEPARTURE);
        } else {
          waiting[tail] = sim.nowMs;
          tail = (tail + 1) & mask;
        }
        break;
      case DEPARTURE:
        if (head !== tail) {
          waitSumMs += sim.nowMs - waiting[head]!;
          head = (head + 1) & mask;
          served++;
          sim.after(-SERVICE_MEAN_MS * Math.log(1 - service()), DEPARTURE);
        } else {
          busy--;
        }
        break;
    }
  });
  sim.at(0, ARRIVAL);
  sim.run();
  return { customers: served, events: sim.eventsProcessed, waitMsMean: waitSumMs / served };
}

/** The same model with one closure callback per event. */
export function runMmcCallbacks(customers: number, seed: number): MmcOutcome {
  const sim = new Simulation({ seed });
  const arrivals = sim.streams.get("mmc/arrivals").next;
  const service = sim.streams.get("mmc/service").next;
  const waiting: number[] = [];
  let head = 0, busy = 0, generated = 0, served = 0, waitSumMs = 0;
  const depart = (): void => {
    if (head < waiting.length) {
      waitSumMs += sim.nowMs - waiting[head++]!;
      if (head > 4096 && head * 2 > waiting.length) { waiting.splice(0, head); head = 0; }
      served++;
      sim.callAfter(-SERVICE_MEAN_MS * Math.log(1 - service()), depart);
    } else {
      busy--;
    }
  };
  const arrive = (): void => {
    if (++generated < customers) sim.callAfter(-Math.log(1 - arrivals()) / ARRIVAL_RATE_PER_MS, arrive);
    if (busy < SERVERS) {
      busy++;
      served++;
      sim.callAfter(-SERVICE_MEAN_MS * Math.log(1 - service()), depart);
    } else {
      waiting.push(sim.nowMs);
    }
  };
  sim.callAt(0, arrive);
  sim.run();
  return { customers: served, events: sim.eventsProcessed, waitMsMean: waitSumMs / served };
}

/** Benchmark records for both variants. */
export function benchMmcKernel(customers = 1_000_000): BenchRecord[] {
  const erlangWaitMs = mmcMeanWaitMs({ servers: SERVERS, arrivalRatePerS: ARRIVAL_RATE_PER_MS * 1000, serviceMeanMs: SERVICE_MEAN_MS });
  const records: BenchRecord[] = [];
  for (const [name, run] of [["mmc-kernel-typed", runMmcTyped], ["mmc-kernel-callbacks", runMmcCallbacks]] as const) {
    run(50_000, 7); // warm the JIT
    const startMs = performance.now();
    const startCpuMs = cpuNowMs();
    const outcome = run(customers, 1);
    const cpuMs = cpuNowMs() - startCpuMs;
    const wallMs = performance.now() - startMs;
    records.push({
      name,
      modelEventsPerS: (2 * outcome.customers) / (wallMs / 1000),
      wallMs,
      cpuMs,
      modelEventsPerCpuS: (2 * outcome.customers) / (cpuMs / 1000),
      sanity: { label: "mean queue wait (s)", value: outcome.waitMsMean / 1000, expected: erlangWaitMs / 1000, ok: Math.abs(outcome.waitMsMean / erlangWaitMs - 1) < 0.1 },
      notes: `${outcome.customers} customers, ${outcome.events} kernel events`,
    });
  }
  return records;
}
