import { describe, expect, it } from "vitest";
import { parseResultPath, readResultNumber } from "./result-path";

const RESULT = {
  requests: { latencyMs: { p99: 12.5, p999: null } },
  groups: [{ name: "web", utilisation: 0.5 }],
  replicated: [{ service: "kv", writesLost: 7 }],
  batch: { policies: [{ policy: "fifo", makespanMs: 3600000 }] },
  scenario: "x",
};

function read(text: string) {
  const parsed = parseResultPath(text);
  if (!parsed.ok) return parsed;
  return readResultNumber(RESULT, parsed.path);
}

describe("Result paths as metrics", () => {
  it("reads numbers by path, list elements by name, service, policy or index", () => {
    expect(read("requests.latencyMs.p99")).toEqual({ ok: true, value: 12.5 });
    expect(read("requests.latencyMs.p999")).toEqual({ ok: true, value: null });
    expect(read("groups.web.utilisation")).toEqual({ ok: true, value: 0.5 });
    expect(read("groups[0].utilisation")).toEqual({ ok: true, value: 0.5 });
    expect(read("replicated.kv.writesLost")).toEqual({ ok: true, value: 7 });
    expect(read("batch.policies.fifo.makespanMs")).toEqual({ ok: true, value: 3600000 });
  });

  it("says why a path leads nowhere or to something that is not a number", () => {
    expect(read("grups.web")).toEqual({ ok: false, message: 'the Result has no section "grups" (did you mean "groups"?)' });
    expect(read("groups.wbe.utilisation")).toEqual({ ok: false, message: 'groups.wbe.utilisation: no element named "wbe" in groups (did you mean "web"?)' });
    expect(read("scenario")).toEqual({ ok: false, message: "scenario is not a number in the Result" });
    expect(read("groups")).toEqual({ ok: false, message: "groups is not a number in the Result" });
  });
});
