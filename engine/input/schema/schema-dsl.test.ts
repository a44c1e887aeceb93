import { describe, expect, it } from "vitest";
import { AssertionError } from "../../core/assert";
import type { Problem } from "../problems";
import { didYouMean } from "../problems";
import type { Infer, InferInput, JsonSchema } from "./";
import { ParseContext, jsonSchemaOf, s, validate } from "./";

// A cut-down scenario schema exercising every node kind, in the shape the real one will take.

const NAME = /^[a-z][a-z0-9-]*$/;
const name = () => s.string({ pattern: NAME, patternHint: 'a lowercase name like "web-1"' });

const distribution = s.discriminated(
  "type",
  {
    exponential: s.object({ mean: s.duration({ exclusiveMin: 0 }) }),
    constant: s.object({ value: s.duration() }),
    lognormal: s.object({ median: s.duration(), p99: s.duration() }).refine((value, ctx) => {
      if (value.p99 < value.median) ctx.addProblem("must be ≥ median", "p99");
    }),
  },
  { description: "A service-time distribution." },
);

const group = s.object({
  name: name(),
  count: s.integer({ min: 1, description: "Nodes in the group." }),
  cores: s.integer({ min: 1, max: 256 }),
  cost: s.optional(s.money()),
});

const service = s.object(
  {
    replicas: s.integer({ min: 1, description: "Identical instances behind the balancer." }),
    balancer: s.withDefault(s.enumOf(["round-robin", "least-connections", "random"]), "round-robin"),
    timeout: s.withDefault(s.duration({ exclusiveMin: 0 }), "30s"),
    serviceTime: s.oneOf([s.duration(), distribution]),
    cacheHit: s.optional(s.percent({ allowFraction: true })),
    sticky: s.withDefault(s.boolean(), false),
  },
  { description: "One service." },
);

const phase = s
  .object({
    name: name(),
    rate: s.rate({ exclusiveMin: 0 }),
    duration: s.duration({ exclusiveMin: 0 }),
    minReplicas: s.optional(s.integer({ min: 0 })),
    maxReplicas: s.optional(s.integer({ min: 0 })),
  })
  .refine((value, ctx) => {
    if (value.minReplicas !== undefined && value.maxReplicas !== undefined && value.minReplicas > value.maxReplicas) {
      ctx.addProblem(`must be ≤ maxReplicas (${value.maxReplicas}), got ${value.minReplicas}`, "minReplicas");
    }
  });

const scenarioSchema = s
  .object(
    {
      seed: s.withDefault(s.integer({ min: 0 }), 1),
      topology: s.object({ groups: s.array(group, { minItems: 1 }) }),
      services: s.record(service, { keys: name(), minEntries: 1 }),
      workload: s.object({ target: s.string(), phases: s.array(phase, { minItems: 1 }) }),
      slo: s.optional(s.object({ availability: s.percent(), latencyP99: s.duration() })),
    },
    { description: "A clustersim scenario." },
  )
  .refine((scenario, ctx) => {
    // Cross-reference: the workload must target a declared service.
    if (!Object.hasOwn(scenario.services, scenario.workload.target)) {
      const suggestion = didYouMean(scenario.workload.target, Object.keys(scenario.services));
      const hint = suggestion === undefined ? "" : ` (did you mean "${suggestion}"?)`;
      ctx.addProblem(`no service named "${scenario.workload.target}"${hint}`, ["workload", "target"]);
    }
  });

type Scenario = Infer<typeof scenarioSchema>;

/** A valid document, as YAML would parse it. */
function validDocument(): Record<string, unknown> {
  return {
    topology: { groups: [{ name: "web", count: 4, cores: 8, cost: "0.096/h" }] },
    services: {
      checkout: { replicas: 3, serviceTime: { type: "lognormal", median: "20ms", p99: "250ms" } },
      search: { replicas: 2, serviceTime: "5ms", balancer: "random", timeout: "2s", cacheHit: 0.8, sticky: true },
    },
    workload: {
      target: "checkout",
      phases: [{ name: "ramp", rate: "1.5k/s", duration: "5m", minReplicas: 1, maxReplicas: 4 }],
    },
    slo: { availability: "99.95%", latencyP99: "300ms" },
  };
}

/** The problems of an invalid document; fails the test if it is valid. */
function problemsOf(schema: Parameters<typeof validate>[0], value: unknown): Problem[] {
  const result = validate(schema, value);
  if (result.ok) throw new Error("expected problems, got a valid value");
  return result.problems;
}

/** The single problem of an invalid document, as `path: message`. */
function onlyProblem(schema: Parameters<typeof validate>[0], value: unknown): string {
  const problems = problemsOf(schema, value);
  expect(problems).toHaveLength(1);
  return `${problems[0].path}: ${problems[0].message}`;
}

describe("validate on a valid document", () => {
  it("converts units, applies defaults and orders keys as declared", () => {
    const result = validate(scenarioSchema, validDocument());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const scenario: Scenario = result.value;
    expect(scenario).toEqual({
      seed: 1,
      topology: { groups: [{ name: "web", count: 4, cores: 8, cost: 0.096 }] },
      services: {
        checkout: {
          replicas: 3,
          balancer: "round-robin",
          timeout: 30_000,
          serviceTime: { type: "lognormal", median: 20, p99: 250 },
          sticky: false,
        },
        search: { replicas: 2, balancer: "random", timeout: 2000, serviceTime: 5, cacheHit: 0.8, sticky: true },
      },
      workload: {
        target: "checkout",
        phases: [{ name: "ramp", rate: 1500, duration: 300_000, minReplicas: 1, maxReplicas: 4 }],
      },
      slo: { availability: 0.9995, latencyP99: 300 },
    });
    // Declaration order, not input order; the discriminator first; optional keys left out.
    expect(Object.keys(scenario.services.search)).toEqual(["replicas", "balancer", "timeout", "serviceTime", "cacheHit", "sticky"]);
    expect(Object.keys(scenario.services.checkout.serviceTime)).toEqual(["type", "median", "p99"]);
    expect("cacheHit" in scenario.services.checkout).toBe(false);
  });

  it("returns fresh objects and leaves the input untouched", () => {
    const input = validDocument();
    const before = JSON.stringify(input);
    const result = validate(scenarioSchema, input);
    expect(JSON.stringify(input)).toBe(before);
    if (!result.ok) throw new Error("expected a valid document");
    expect(result.value.topology).not.toBe(input.topology);
  });

  it("treats null for an optional or defaulted key as left out", () => {
    const document = validDocument();
    (document.services as Record<string, Record<string, unknown>>).checkout.timeout = null;
    (document as Record<string, unknown>).slo = null;
    const result = validate(scenarioSchema, document);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.value.services.checkout.timeout).toBe(30_000);
    expect(result.value.slo).toBeUndefined();
  });

  it("keeps a record name like __proto__ as an ordinary key", () => {
    const document = validDocument();
    const services = JSON.parse('{"__proto__": {"replicas": 1, "serviceTime": "1ms"}}');
    const result = validate(s.record(service), services);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(Object.keys(result.value)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(result.value)).toBe(Object.prototype);
    expect(document).toBeDefined();
  });
});

describe("validate on broken documents", () => {
  it("reports every problem at once, each at its path, in document order", () => {
    const document = validDocument();
    const groups = (document.topology as { groups: Array<Record<string, unknown>> }).groups;
    groups[0].count = 0;
    groups.push({ name: "db", count: 2 });
    const checkout = (document.services as Record<string, Record<string, unknown>>).checkout;
    checkout.replcas = checkout.replicas;
    delete checkout.replicas;
    checkout.balancer = "round-robbin";
    expect(problemsOf(scenarioSchema, document)).toEqual([
      { path: "topology.groups[0].count", message: "must be an integer ≥ 1, got 0" },
      { path: "topology.groups[1].cores", message: "required" },
      // The unknown key's suggestion replaces the "required" problem for "replicas".
      { path: "services.checkout.replcas", message: 'unknown key "replcas" (did you mean "replicas"?)' },
      { path: "services.checkout.balancer", message: 'must be one of "round-robin", "least-connections" or "random", got "round-robbin" (did you mean "round-robin"?)' },
    ]);
  });

  it("lists the known keys when an unknown key is not a near miss", () => {
    const unknown = { ...validDocument(), colour: "blue" };
    expect(onlyProblem(scenarioSchema, unknown)).toBe(
      'colour: unknown key "colour" (known keys: "seed", "topology", "services", "workload", "slo")',
    );
  });

  it("says what kind of value was expected and what was found", () => {
    expect(onlyProblem(scenarioSchema, { ...validDocument(), topology: [] })).toBe(
      "topology: expected an object, got an empty list",
    );
    expect(onlyProblem(group, { name: "web", count: "3", cores: 2 })).toBe(
      'count: expected an integer ≥ 1, got "3" (remove the quotes)',
    );
    expect(onlyProblem(group, { name: "web", count: 1.5, cores: 2 })).toBe("count: must be an integer ≥ 1, got 1.5");
    expect(onlyProblem(group, { name: "web", count: 1, cores: 512 })).toBe("cores: must be an integer ≥ 1 and ≤ 256, got 512");
    expect(onlyProblem(s.number(), Infinity)).toBe(": must be a finite number, got .inf");
    expect(onlyProblem(s.array(s.string()), { a: 1 })).toBe(": expected a list, got an object");
    expect(onlyProblem(s.literal("v1"), "v2")).toBe(': must be "v1", got "v2"');
    expect(onlyProblem(s.literal("v1"), 1)).toBe(': expected "v1", got 1');
    expect(onlyProblem(s.enumOf(["a", "b"]), 1)).toBe(': expected one of "a" or "b", got 1');
    expect(onlyProblem(s.boolean(), "yes")).toBe(': expected true or false, got "yes" (YAML 1.2 reads it as text; write true or false)');
  });

  it("relays unit messages and checks unit bounds written in the unit", () => {
    const base = validDocument();
    const phaseWith = (fields: Record<string, unknown>) => ({
      ...base,
      workload: { target: "checkout", phases: [{ name: "ramp", rate: "1/s", duration: "1m", ...fields }] },
    });
    expect(onlyProblem(scenarioSchema, phaseWith({ duration: 250 }))).toBe(
      'workload.phases[0].duration: expected a duration like "250ms" or "30s", got 250 (add a unit, e.g. "250ms" or "250s")',
    );
    expect(onlyProblem(scenarioSchema, phaseWith({ duration: "0s" }))).toBe(
      'workload.phases[0].duration: must be a duration > 0, got "0s"',
    );
    expect(onlyProblem(scenarioSchema, phaseWith({ rate: "5k/fortnight" }))).toBe(
      'workload.phases[0].rate: unknown rate unit "/fortnight" in "5k/fortnight"; use /ms, /s, /min, /h or rps',
    );
    expect(onlyProblem(s.percent(), "150%")).toBe(': must be a percentage ≤ 100%, got "150%"');
    expect(validate(s.percent({ max: "200%" }), "150%")).toEqual({ ok: true, value: 1.5 });
  });

  it("checks string patterns, lengths, and record names", () => {
    expect(onlyProblem(group, { name: "Web", count: 1, cores: 1 })).toBe('name: must be a lowercase name like "web-1", got "Web"');
    expect(onlyProblem(s.string({ minLength: 1 }), "")).toBe(": must not be empty");
    const services = { "Checkout API": { replicas: 1, serviceTime: "1ms" } };
    expect(onlyProblem(s.record(service, { keys: name() }), services)).toBe(
      '["Checkout API"]: name must be a lowercase name like "web-1", got "Checkout API"',
    );
    expect(onlyProblem(s.record(service, { minEntries: 1 }), {})).toBe(": must have at least 1 entry, got 0");
    expect(onlyProblem(s.array(s.string(), { minItems: 2 }), ["a"])).toBe(": must have at least 2 items, got 1");
  });

  it("names the options of a discriminated union when the tag is wrong or missing", () => {
    expect(onlyProblem(distribution, { type: "exponentail", mean: "5ms" })).toBe(
      'type: must be one of "exponential", "constant" or "lognormal", got "exponentail" (did you mean "exponential"?)',
    );
    expect(onlyProblem(distribution, { mean: "5ms" })).toBe('type: required (one of "exponential", "constant" or "lognormal")');
    expect(onlyProblem(distribution, { type: 3 })).toBe('type: expected one of "exponential", "constant" or "lognormal", got 3');
    expect(onlyProblem(distribution, { type: "exponential", mean: "5ms", median: "3ms" })).toBe(
      'median: unknown key "median" (known keys: "type", "mean")',
    );
  });

  it("reports the best-matching alternative of a oneOf", () => {
    const serviceTime = service.shape.serviceTime;
    // An object: only the distribution branch takes objects, so its problem is reported.
    expect(onlyProblem(serviceTime, { type: "constant", value: 5 })).toBe(
      'value: expected a duration like "250ms" or "30s", got 5 (add a unit, e.g. "5ms" or "5s")',
    );
    // A kind no branch takes: one message naming both.
    expect(onlyProblem(serviceTime, true)).toBe(
      ': expected a duration like "250ms" or "30s" or an object with "type": "exponential", "constant" or "lognormal", got true',
    );
    // Two object branches: the one with fewer problems wins.
    const shapes = s.oneOf([s.object({ a: s.integer(), b: s.integer() }), s.object({ c: s.integer() })]);
    expect(onlyProblem(shapes, { c: "x" })).toBe('c: expected an integer, got "x"');
    expect(validate(s.oneOf([s.number(), s.duration()]), "2s")).toEqual({ ok: true, value: 2000 });
  });

  it("runs refinements only on valid values and reports at sub-paths", () => {
    expect(onlyProblem(distribution, { type: "lognormal", median: "1s", p99: "10ms" })).toBe("p99: must be ≥ median");
    const base = validDocument();
    const crossed = { ...base, workload: { target: "checkout", phases: [{ name: "p", rate: "1/s", duration: "1s", minReplicas: 5, maxReplicas: 2 }] } };
    expect(onlyProblem(scenarioSchema, crossed)).toBe("workload.phases[0].minReplicas: must be ≤ maxReplicas (2), got 5");
    const wrongTarget = { ...base, workload: { target: "chekout", phases: [{ name: "p", rate: "1/s", duration: "1s" }] } };
    expect(onlyProblem(scenarioSchema, wrongTarget)).toBe('workload.target: no service named "chekout" (did you mean "checkout"?)');
    // The cross-reference check does not run while the document has other problems.
    const broken = { ...wrongTarget, seed: -1 };
    expect(problemsOf(scenarioSchema, broken).map((problem) => problem.path)).toEqual(["seed"]);
  });

  it("refines every kind of node without losing its settings", () => {
    const even = s.integer({ min: 2 }).refine((value, ctx) => {
      if (value % 2 !== 0) ctx.addProblem(`must be even, got ${value}`);
    });
    expect(validate(even, 4)).toEqual({ ok: true, value: 4 });
    expect(onlyProblem(even, 3)).toBe(": must be even, got 3");
    expect(onlyProblem(even, 0)).toBe(": must be an integer ≥ 2, got 0");
    const uniqueNames = s.array(s.object({ name: s.string() }), { minItems: 1 }).refine((items, ctx) => {
      const seen = new Set<string>();
      items.forEach((item, index) => {
        if (seen.has(item.name)) ctx.addProblem(`duplicate name "${item.name}"`, [index, "name"]);
        seen.add(item.name);
      });
    });
    expect(onlyProblem(uniqueNames, [{ name: "a" }, { name: "a" }])).toBe('[1].name: duplicate name "a"');
    expect(onlyProblem(uniqueNames, [])).toBe(": must have at least 1 item, got 0");
    const shortTimeout = s.duration({ max: "1m" }).refine(() => {});
    expect(onlyProblem(shortTimeout, "2m")).toBe(': must be a duration ≤ 1m, got "2m"');
  });

  it("extends an object with more fields, keeping its checks", () => {
    const range = s
      .object({ low: s.integer() , high: s.integer() })
      .refine((value, ctx) => {
        if (value.low > value.high) ctx.addProblem("must be ≤ high", "low");
      });
    const labelled = range.extend({ label: s.string() });
    const value: { low: number; high: number; label: string } | undefined = labelled.parse(
      { low: 1, high: 2, label: "x" },
      ParseContext.root(),
    );
    expect(value).toEqual({ low: 1, high: 2, label: "x" });
    expect(onlyProblem(labelled, { low: 3, high: 2, label: "x" })).toBe("low: must be ≤ high");
    expect(onlyProblem(range, { low: 1, high: 2, label: "x" })).toBe('label: unknown key "label" (known keys: "low", "high")');
  });

  it("reports a root value of the wrong kind at the empty path", () => {
    expect(problemsOf(scenarioSchema, "hello")).toEqual([{ path: "", message: 'expected an object, got "hello"' }]);
  });
});

describe("custom nodes and definition-time checks", () => {
  const replicasOrAuto = s.custom<number | "auto", number | "auto">({
    expected: 'an integer ≥ 1 or "auto"',
    jsonSchema: { anyOf: [{ type: "integer", minimum: 1 }, { const: "auto" }] },
    description: "Replica count, or auto to let the autoscaler decide.",
    parse(value, ctx) {
      if (value === "auto") return "auto";
      if (typeof value === "number" && Number.isInteger(value) && value >= 1) return value;
      ctx.addProblem(`expected an integer ≥ 1 or "auto", got ${JSON.stringify(value)}`);
      return undefined;
    },
  });

  it("parses with the given function and reports its problems at the right path", () => {
    const holder = s.object({ replicas: replicasOrAuto });
    expect(validate(holder, { replicas: "auto" })).toEqual({ ok: true, value: { replicas: "auto" } });
    expect(onlyProblem(holder, { replicas: 0 })).toBe('replicas: expected an integer ≥ 1 or "auto", got 0');
  });

  it("treats a custom node that rejects without a problem as a programmer error", () => {
    const silent = s.custom<number>({ expected: "x", jsonSchema: {}, parse: () => undefined });
    expect(() => validate(silent, 1)).toThrow(AssertionError);
  });

  it("rejects an invalid default and impossible declarations when the schema is built", () => {
    expect(() => s.withDefault(s.duration(), "soon")).toThrow(
      'default "soon" is invalid: expected a duration like "250ms" or "30s", got "soon"',
    );
    expect(() => s.duration({ min: "fast" })).toThrow(AssertionError);
    expect(() => s.discriminated("type", { a: s.object({ type: s.string() }) })).toThrow(
      's.discriminated: option "a" must not declare the key "type"',
    );
  });

  it("gives custom checks a context that collects problems", () => {
    const ctx = ParseContext.root().child("a");
    ctx.addProblem("first");
    ctx.addProblem("second", ["b", 2]);
    expect(ctx.problemCount).toBe(2);
    expect(ctx.problems()).toEqual([
      { path: "a", message: "first" },
      { path: "a.b[2]", message: "second" },
    ]);
  });
});

describe("type inference", () => {
  /** True when A and B are the same type (not merely assignable). */
  type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

  it("infers the output type from the declaration (checked by the compiler)", () => {
    type Service = Infer<typeof service>;
    type Expected = {
      replicas: number;
      balancer: "round-robin" | "least-connections" | "random";
      timeout: number;
      serviceTime:
        | number
        | { type: "exponential"; mean: number }
        | { type: "constant"; value: number }
        | { type: "lognormal"; median: number; p99: number };
      cacheHit?: number;
      sticky: boolean;
    };
    const same: Equal<Service, Expected> = true;
    expect(same).toBe(true);

    const result = validate(service, { replicas: 1, serviceTime: "1ms" });
    if (!result.ok) throw new Error("expected a valid service");
    const typed: Expected = result.value;
    // @ts-expect-error -- a misspelled key is not part of the inferred type.
    expect(typed.replcas).toBeUndefined();
  });

  it("infers the input type, where defaulted keys are optional and units are text", () => {
    type GroupInput = InferInput<typeof group>;
    const same: Equal<GroupInput, { name: string; count: number; cores: number; cost?: string | number }> = true;
    expect(same).toBe(true);
    const input: InferInput<typeof service> = { replicas: 2, serviceTime: "5ms" };
    expect(validate(service, input).ok).toBe(true);
  });
});

describe("jsonSchemaOf", () => {
  const schema = jsonSchemaOf(scenarioSchema, { title: "clustersim scenario", $id: "https://clustersim.dev/scenario.schema.json" });
  const property = (node: JsonSchema, ...keys: string[]): JsonSchema =>
    keys.reduce<JsonSchema>((at, key) => (at.properties as Record<string, JsonSchema>)[key], node);

  it("starts with the draft, id and title, then the root object", () => {
    expect(Object.keys(schema).slice(0, 3)).toEqual(["$schema", "$id", "title"]);
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.type).toBe("object");
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(["topology", "services", "workload"]);
    expect(schema.description).toBe("A clustersim scenario.");
  });

  it("describes numbers, enums, defaults and descriptions", () => {
    const group = (property(schema, "topology", "groups").items as JsonSchema);
    expect(property(group, "count")).toEqual({ type: "integer", minimum: 1, description: "Nodes in the group." });
    expect(property(group, "cores")).toEqual({ type: "integer", minimum: 1, maximum: 256 });
    expect(property(group, "name")).toEqual({ type: "string", pattern: "^[a-z][a-z0-9-]*$" });
    expect(property(schema, "topology", "groups").minItems).toBe(1);
    const service = property(schema, "services").additionalProperties as JsonSchema;
    expect(property(schema, "services").propertyNames).toEqual({ type: "string", pattern: "^[a-z][a-z0-9-]*$" });
    expect(property(service, "balancer")).toEqual({
      type: "string",
      enum: ["round-robin", "least-connections", "random"],
      default: "round-robin",
    });
    expect(property(service, "replicas").description).toBe("Identical instances behind the balancer.");
    expect(service.required).toEqual(["replicas", "serviceTime"]);
  });

  it("describes unit values as patterned strings with examples, and alternatives", () => {
    const service = property(schema, "services").additionalProperties as JsonSchema;
    const timeout = property(service, "timeout");
    expect(timeout.default).toBe("30s");
    const [text, zero] = timeout.anyOf as JsonSchema[];
    expect(text.type).toBe("string");
    expect(new RegExp(text.pattern as string, "u").test("250ms")).toBe(true);
    expect(zero).toEqual({ const: 0 });
    expect(timeout.examples).toEqual(["250ms", "30s", "1h30m"]);
    const cacheHit = property(service, "cacheHit");
    expect((cacheHit.anyOf as JsonSchema[])[1]).toEqual({ type: "number", minimum: 0, maximum: 1 });
    const serviceTime = property(service, "serviceTime");
    const [, tagged] = serviceTime.anyOf as JsonSchema[];
    expect(tagged.description).toBe("A service-time distribution.");
    expect(tagged.properties).toEqual({ type: { enum: ["exponential", "constant", "lognormal"], description: 'The kind: "exponential", "constant" or "lognormal".' } });
    const options = tagged.oneOf as JsonSchema[];
    expect(options).toHaveLength(3);
    expect(options[0]).toMatchObject({
      type: "object",
      properties: { type: { const: "exponential", description: "The kind: exponential." } },
      required: ["type", "mean"],
      additionalProperties: false,
    });
  });

  it("is plain JSON data", () => {
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });
});
