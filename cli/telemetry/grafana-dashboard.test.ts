/**
 * The Grafana dashboard in deploy/grafana/ reads only what the exporter writes: every metric
 * name in its queries is a family of the catalogue, with the sample suffix that family's type
 * has (`_total` for counters; `_bucket`, `_count`, `_sum` for the histogram; none for gauges).
 * (cli/prometheus.test.ts runs every one of its queries against a real Prometheus.)
 */
import { describe, expect, it } from "vitest";
import { dashboardQueries } from "../test-support/grafana";
import { METRIC_CATALOGUE } from "./metric-families";

/** The sample names a family of each type writes. */
function sampleNames(): Set<string> {
  const names = new Set<string>();
  for (const family of Object.values(METRIC_CATALOGUE)) {
    if (family.type === "counter") names.add(`${family.name}_total`);
    else if (family.type === "histogram") for (const suffix of ["_bucket", "_count", "_sum"]) names.add(`${family.name}${suffix}`);
    else names.add(family.name);
  }
  return names;
}

describe("the Grafana dashboard", () => {
  it("uses only metric names the exporter writes", () => {
    const written = sampleNames();
    const used = dashboardQueries().flatMap((query) => query.match(/clustersim_[a-z0-9_]+/g) ?? []);
    expect(used.length).toBeGreaterThan(20);
    expect(used.filter((name) => !written.has(name))).toEqual([]);
  });

  it("shows traffic, errors, latency quantiles, saturation per group and SLO burn", () => {
    const queries = dashboardQueries().join("\n");
    for (const name of ["clustersim_requests_total", "outcome=\"failure\"", "histogram_quantile(0.99", "clustersim_group_utilisation_ratio", "clustersim_slo_burn_rate"]) {
      expect(queries).toContain(name);
    }
  });
});
