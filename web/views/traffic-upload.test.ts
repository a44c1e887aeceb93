import { describe, expect, it } from "vitest";
import { parseScenario } from "../../engine/index";
import { replayFormatOf, uploadedFileKey, withReplay } from "./traffic-upload";

describe("loading your own traffic", () => {
  it("tells the format by name, else by content", () => {
    expect(replayFormatOf("rate.json", "")).toBe("prometheus");
    expect(replayFormatOf("rate.CSV", "")).toBe("rate-csv");
    expect(replayFormatOf("export", ' {"status":"success"}')).toBe("prometheus");
    expect(replayFormatOf("export", "0,12\n60,15")).toBe("rate-csv");
  });

  it("keeps the file under data/ with a safe name", () => {
    expect(uploadedFileKey("my traffic (1).csv")).toBe("data/my-traffic-1-.csv");
    expect(uploadedFileKey("///")).toBe("data/traffic");
  });

  it("replaces the workload's rate with a replay the engine reads, the classes kept", () => {
    const text = "version: 1\nname: x\nrun: { duration: 2m }\ntopology: { groups: [{ name: web, count: 1 }] }\nservices: [{ name: web, groups: [web], serviceTime: { type: exponential, mean: 1ms } }]\nworkload:\n  rate: { constant: 5/s, spikes: [] }\n  classes: [{ name: page, call: { service: web } }]\n";
    const replayed = withReplay(text, "data/t.csv", "rate-csv");
    const parsed = parseScenario(replayed);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.scenario.workload.rate).toMatchObject({ replay: { file: "data/t.csv", format: "rate-csv" } });
    expect(parsed.scenario.workload.classes.map((c) => c.name)).toEqual(["page"]);
  });
});
