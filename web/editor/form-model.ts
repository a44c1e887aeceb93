/**
 * Which form fields the editor shows for a scenario: the common knobs (run length and seed,
 * node counts and cores, traffic and spikes, balancer policies, health checks, faults), then
 * the sections generated from the schema (autoscaling, rolling updates, the detector, caches,
 * databases, replication, SLOs: schema-sections.ts), each field bound to a path.
 *
 * Fields are derived from the scenario data and the engine's JSON Schema, so a field the
 * engine gains (a health-check setting, a new fault type) appears here without web changes:
 * scalar properties of a health check, and the variants of a fault (by their `type`), come
 * from the schema. Everything else stays editable in the raw text beside the form.
 */
import type { PathSegment } from "../../engine/index";

/** One form control bound to a scenario path. */
export interface FormField {
  path: PathSegment[];
  label: string;
  /** "select" offers `options` (plus "" for unset when `optional`). */
  kind: "text" | "select";
  options?: string[];
  optional?: boolean;
  /** Shown when the key is absent (the schema default). */
  placeholder?: string;
  /** The schema's description, as a tooltip. */
  hint?: string;
}

/** A row of fields (a group, a service, a fault), optionally removable from its list. */
export interface FormRow {
  title: string;
  fields: FormField[];
  remove?: { listPath: PathSegment[]; index: number };
}

/** A fieldset of the form. */
export interface FormSection {
  id: string;
  title: string;
  note?: string;
  rows: FormRow[];
  /** "Add ..." buttons: each appends `item` to the list at `listPath`. */
  add?: Array<{ label: string; listPath: PathSegment[]; item: unknown }>;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const nameOf = (v: unknown, fallback: string): string => (isObject(v) && typeof v.name === "string" ? v.name : fallback);

/** The JSON Schema node at a path of property names ("*" steps into array items). */
export function schemaAt(schema: unknown, path: string[]): Json | undefined {
  let node: unknown = schema;
  for (const step of path) {
    if (!isObject(node)) return undefined;
    if (step === "*") node = node.items;
    else node = isObject(node.properties) ? node.properties[step] : undefined;
  }
  return isObject(node) ? node : undefined;
}

/** True for a schema of a single value (string, number, boolean, enum, or a union of them). */
export function isScalarSchema(node: Json): boolean {
  if (node.type === "string" || node.type === "number" || node.type === "integer" || node.type === "boolean") return true;
  if (Array.isArray(node.enum) || "const" in node) return true;
  const union = (node.anyOf ?? node.oneOf) as unknown[] | undefined;
  return Array.isArray(union) && union.every((member) => isObject(member) && isScalarSchema(member));
}

/** Fields for the scalar properties of an object schema (e.g. a health check). */
export function scalarFields(schema: Json | undefined, base: PathSegment[], only?: string[]): FormField[] {
  if (!schema || !isObject(schema.properties)) return [];
  const fields: FormField[] = [];
  for (const [key, property] of Object.entries(schema.properties)) {
    if (!isObject(property) || !isScalarSchema(property) || (only && !only.includes(key))) continue;
    fields.push(fieldFor(key, property, [...base, key]));
  }
  return fields;
}

/** The field of one scalar property: a select for enums and booleans, else text; the default as placeholder. */
export function fieldFor(key: string, property: Json, path: PathSegment[]): FormField {
  const options = Array.isArray(property.enum) ? property.enum.map(String) : property.type === "boolean" ? ["true", "false"] : undefined;
  const defaultValue = property.default === undefined ? undefined : typeof property.default === "object" ? JSON.stringify(property.default) : String(property.default);
  return {
    path,
    label: key,
    kind: options ? "select" : "text",
    ...(options ? { options, optional: true } : {}),
    ...(defaultValue !== undefined ? { placeholder: defaultValue } : {}),
    ...(typeof property.description === "string" ? { hint: property.description } : {}),
  };
}

/** The fault variants the schema accepts: type name -> its object schema. */
export function faultVariants(schema: unknown): Map<string, Json> {
  const variants = new Map<string, Json>();
  const items = schemaAt(schema, ["faults", "*"]);
  for (const variant of list(items?.oneOf ?? items?.anyOf)) {
    const type = isObject(variant) && isObject(variant.properties) && isObject(variant.properties.type) ? variant.properties.type.const : undefined;
    if (typeof type === "string" && isObject(variant)) variants.set(type, variant);
  }
  return variants;
}

/** The hand-made part of the form (schema-sections.ts's `wholeForm` adds the generated sections) for scenario data (as parsed, possibly invalid) and the engine's schema. */
export function buildForm(data: unknown, schema: unknown): FormSection[] {
  const d = isObject(data) ? data : {};
  return [runSection(), groupSection(d), trafficSection(d), serviceSection(d, schema), faultSection(d, schema)];
}

function runSection(): FormSection {
  const text = (path: PathSegment[], label: string, extra: Partial<FormField> = {}): FormField => ({ path, label, kind: "text", ...extra });
  return {
    id: "run", title: "Run",
    rows: [{ title: "", fields: [
      text(["seed"], "Seed", { placeholder: "1", hint: "Root random seed: same seed, same result." }),
      text(["run", "duration"], "Duration", { hint: "Simulated time, e.g. 10m." }),
      text(["run", "warmup"], "Warm-up", { placeholder: "0s", hint: "Excluded from statistics." }),
      text(["run", "window"], "Metrics window", { placeholder: "auto", hint: "Resolution of the charts." }),
    ] }],
  };
}

function groupSection(d: Json): FormSection {
  const groups = list(isObject(d.topology) ? d.topology.groups : undefined);
  return {
    id: "groups", title: "Node groups",
    rows: groups.map((group, i) => ({
      title: nameOf(group, `group ${i + 1}`),
      fields: [
        { path: ["topology", "groups", i, "count"], label: "Nodes", kind: "text", hint: "Nodes in the group at the start." },
        { path: ["topology", "groups", i, "cores"], label: "Cores", kind: "text", placeholder: "1", hint: "Requests a node serves in parallel." },
        { path: ["topology", "groups", i, "queue"], label: "Queue", kind: "text", placeholder: "unbounded", hint: "Requests that may wait per node." },
        { path: ["topology", "groups", i, "price"], label: "Price", kind: "text", placeholder: "0/h", hint: "Per node-hour, e.g. 0.096/h." },
      ],
    })),
  };
}

function trafficSection(d: Json): FormSection {
  const workload = isObject(d.workload) ? d.workload : {};
  const rate = isObject(workload.rate) ? workload.rate : null;
  const rows: FormRow[] = [];
  const base: FormField[] = [];
  if (rate?.constant !== undefined) base.push({ path: ["workload", "rate", "constant"], label: "Rate", kind: "text", hint: "Requests per second, e.g. 2000/s." });
  if (isObject(rate?.diurnal)) {
    base.push({ path: ["workload", "rate", "diurnal", "mean"], label: "Mean rate", kind: "text" });
    base.push({ path: ["workload", "rate", "diurnal", "amplitude"], label: "Amplitude", kind: "text" });
  }
  if (rate) base.push({ path: ["workload", "rate", "growth"], label: "Growth", kind: "text", placeholder: "1", hint: "Multiply the whole curve (1.3 = 30% more traffic)." });
  if (isObject(workload.closed)) base.push({ path: ["workload", "closed", "users"], label: "Users", kind: "text", hint: "Closed-loop population." });
  if (base.length > 0) rows.push({ title: "", fields: base });
  list(rate?.spikes).forEach((_, j) => rows.push({
    title: `Spike ${j + 1}`,
    remove: { listPath: ["workload", "rate", "spikes"], index: j },
    fields: [
      { path: ["workload", "rate", "spikes", j, "at"], label: "At", kind: "text" },
      { path: ["workload", "rate", "spikes", j, "ramp"], label: "Ramp", kind: "text", placeholder: "0s" },
      { path: ["workload", "rate", "spikes", j, "hold"], label: "Hold", kind: "text", placeholder: "0s" },
      { path: ["workload", "rate", "spikes", j, "multiplier"], label: "Peak ×", kind: "text", hint: "Peak rate as a multiple of the base." },
    ],
  }));
  const note = rate && base.length <= 1 && !isObject(rate.diurnal) && rate.constant === undefined ? "The base traffic curve (points, steps or a replay) is edited in the text." : undefined;
  return {
    id: "traffic", title: "Traffic", rows,
    ...(note ? { note } : {}),
    ...(rate ? { add: [{ label: "Add a spike", listPath: ["workload", "rate", "spikes"], item: { at: "2m", ramp: "30s", hold: "2m", multiplier: 3 } }] } : {}),
  };
}

function serviceSection(d: Json, schema: unknown): FormSection {
  const balancerSchema = schemaAt(schema, ["services", "*", "balancer"]);
  const healthSchema = schemaAt(schema, ["services", "*", "balancer", "healthCheck"]);
  const policy = schemaAt(schema, ["services", "*", "balancer", "policy"]);
  const policies = Array.isArray(policy?.enum) ? policy.enum.map(String) : [];
  return {
    id: "services", title: "Services and balancers",
    rows: list(d.services).map((service, i) => {
      const balancer = isObject(service) && isObject(service.balancer) ? service.balancer : {};
      const fields: FormField[] = [{ path: ["services", i, "balancer", "policy"], label: "Balancer policy", kind: "select", options: policies, optional: true, placeholder: "round-robin" }];
      if (balancer.policy === "power-of-choices") fields.push(...scalarFields(balancerSchema, ["services", i, "balancer"], ["choices"]));
      fields.push(...scalarFields(healthSchema, ["services", i, "balancer", "healthCheck"]).map((f) => ({ ...f, label: `health check ${f.label}` })));
      return { title: nameOf(service, `service ${i + 1}`), fields };
    }),
  };
}

function faultSection(d: Json, schema: unknown): FormSection {
  const variants = faultVariants(schema);
  const faultsSchema = schemaAt(schema, ["faults"]);
  if (variants.size === 0 || faultsSchema?.maxItems === 0) {
    return { id: "faults", title: "Faults", note: "This engine version cannot inject faults yet.", rows: [] };
  }
  const types = [...variants.keys()];
  const rows: FormRow[] = list(d.faults).map((fault, i) => {
    const f = isObject(fault) ? fault : {};
    const variant = typeof f.type === "string" ? variants.get(f.type) : undefined;
    const keys = new Set<string>([...Object.keys(f), ...(list(variant?.required).map(String))]);
    keys.delete("type");
    const fields: FormField[] = [{ path: ["faults", i, "type"], label: "type", kind: "select", options: types }];
    for (const key of keys) {
      const property = variant && isObject(variant.properties) ? variant.properties[key] : undefined;
      fields.push(isObject(property) ? fieldFor(key, property, ["faults", i, key]) : { path: ["faults", i, key], label: key, kind: "text" });
    }
    return { title: `Fault ${i + 1}`, fields, remove: { listPath: ["faults"], index: i } };
  });
  return { id: "faults", title: "Faults", rows, add: types.map((type) => ({ label: `Add ${type}`, listPath: ["faults"], item: faultTemplate(type, d, variants.get(type)!) })) };
}

/** A starting fault of a type, aimed at the scenario's own groups, zones and services. */
export function faultTemplate(type: string, d: Json, variant: Json): Record<string, unknown> {
  const groups = list(isObject(d.topology) ? d.topology.groups : undefined).map((g) => nameOf(g, ""));
  const zones = list(isObject(d.topology) ? d.topology.regions : undefined).flatMap((r) => list(isObject(r) ? r.zones : undefined).map(String));
  const services = list(d.services).map((s) => nameOf(s, ""));
  const group = groups[0] ?? "web";
  const timing = { at: "2m", for: "3m" };
  switch (type) {
    case "crash": return { type, group, count: 1, ...timing };
    case "crash-repair": return { type, group, mttf: "10m", mttr: "1m" };
    case "slow": return { type, node: `${group}-0`, factor: 5, ...timing };
    case "partition": return zones.length >= 2 ? { type, zones: [[zones[0]], zones.slice(1)], ...timing } : { type, isolate: [`${group}-0`], ...timing };
    case "link": return { type, between: [zones[0] ?? "zone-a", zones[1] ?? zones[0] ?? "zone-a"], latency: "50ms", ...timing };
    case "dependency": return { type, service: services[services.length - 1] ?? "db", mode: "timeout", ...timing };
    default: {
      // A fault type this file does not know yet: aim it at one node of the first group
      // when the schema has the usual target fields, and fill its required keys.
      const properties = isObject(variant.properties) ? variant.properties : {};
      const item: Record<string, unknown> = { type };
      if ("group" in properties && "count" in properties) Object.assign(item, { group, count: 1 });
      else if ("node" in properties) item.node = `${group}-0`;
      if ("at" in properties) item.at = timing.at;
      if ("for" in properties) item.for = timing.for;
      for (const key of list(variant.required).map(String)) if (!(key in item)) item[key] = "";
      return item;
    }
  }
}
