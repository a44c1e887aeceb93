/**
 * Form sections generated from the engine's JSON Schema: autoscaling, rolling updates, the
 * failure detector, caches, databases, replicated services and every SLO field. For each item
 * the form offers the schema's scalar properties (the value, or the schema default as a
 * placeholder; enums and booleans as selects) and, one level down, the scalar properties of
 * its nested objects ("target utilisation", "failover fencing"). Lists get "Add" and
 * "Remove"; an added item holds its required keys, empty, so the engine's messages (the
 * CLI's) say what each needs. A field the engine gains appears here without web changes.
 */
import type { PathSegment } from "../../engine/index";
import { buildForm, fieldFor, isScalarSchema, schemaAt, type FormField, type FormRow, type FormSection } from "./form-model";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Which properties to offer: all of them, or only those present in the data plus required ones. */
type Show = "all" | "present";

/** Fields of an object schema at `base` for `data`: scalars, and scalars of nested objects. */
export function objectFields(schema: Json | undefined, data: unknown, base: PathSegment[], show: Show): FormField[] {
  if (!schema || !isObject(schema.properties)) return [];
  const d = isObject(data) ? data : {};
  const required = new Set(list(schema.required).map(String));
  const fields: FormField[] = [];
  for (const [key, property] of Object.entries(schema.properties)) {
    if (!isObject(property)) continue;
    const wanted = show === "all" || key in d || required.has(key);
    if (isScalarSchema(property)) {
      if (wanted) fields.push(fieldFor(key, property, [...base, key]));
    } else if (isObject(property.properties) && (show === "all" || key in d)) {
      const inner = isObject(d[key]) ? d[key] : {};
      for (const [innerKey, innerProperty] of Object.entries(property.properties)) {
        if (!isObject(innerProperty) || !isScalarSchema(innerProperty)) continue;
        if (show === "present" && !(innerKey in inner)) continue;
        const field = fieldFor(innerKey, innerProperty, [...base, key, innerKey]);
        fields.push({ ...field, label: `${key} ${innerKey}` });
      }
    }
  }
  return fields;
}

/** A new list item: the schema's required keys, empty (the engine says what they need). */
function template(schema: Json | undefined, preset: Json = {}): Json {
  const item: Json = {};
  for (const key of list(schema?.required).map(String)) item[key] = preset[key] ?? "";
  return { ...item, ...preset };
}

/** A section for a top-level list of objects (autoscaling, rollingUpdates). */
function listSection(id: string, title: string, key: string, d: Json, schema: unknown, rowTitle: (item: Json, i: number) => string, preset: Json): FormSection {
  const itemSchema = schemaAt(schema, [key, "*"]);
  const rows: FormRow[] = list(d[key]).map((item, i) => ({
    title: rowTitle(isObject(item) ? item : {}, i),
    fields: objectFields(itemSchema, item, [key, i], "all"),
    remove: { listPath: [key], index: i },
  }));
  return { id, title, rows, add: [{ label: `Add ${title.toLowerCase().replace(/s$/, "")}`, listPath: [key], item: template(itemSchema, preset) }] };
}

/** The schema-generated sections for scenario data (as parsed, possibly invalid). */
export function schemaSections(data: unknown, schema: unknown): FormSection[] {
  const d = isObject(data) ? data : {};
  const groups = list(isObject(d.topology) ? d.topology.groups : undefined).map((g) => (isObject(g) && typeof g.name === "string" ? g.name : ""));
  const services = list(d.services);
  const sections: FormSection[] = [
    listSection("autoscaling", "Autoscalers", "autoscaling", d, schema, (a, i) => `autoscaler ${i + 1}${typeof a.group === "string" ? `: ${a.group}` : ""}`, { group: groups[0] ?? "", min: 1, max: 10, target: { utilisation: "60%" } }),
    listSection("rolling-updates", "Rolling updates", "rollingUpdates", d, schema, (u, i) => `update ${i + 1}${typeof u.group === "string" ? `: ${u.group}` : ""}`, { group: groups[0] ?? "", at: "5m" }),
  ];
  if (isObject(d.detector)) sections.push({ id: "detector", title: "Failure detector", rows: [{ title: "", fields: objectFields(schemaAt(schema, ["detector"]), d.detector, ["detector"], "all") }] });
  const mechanismRows = (key: "cache" | "database" | "replicated"): FormRow[] => services.flatMap((service, i) => {
    if (!isObject(service) || !isObject(service[key])) return [];
    return [{ title: `${typeof service.name === "string" ? service.name : `service ${i + 1}`} ${key}`, fields: objectFields(schemaAt(schema, ["services", "*", key]), service[key], ["services", i, key], "all") }];
  });
  const tier = [...mechanismRows("cache"), ...mechanismRows("database"), ...mechanismRows("replicated")];
  if (tier.length > 0) sections.push({ id: "data-tier", title: "Caches, databases and replication", rows: tier });
  const sloSchema = schemaAt(schema, ["slos", "*"]);
  sections.push({
    id: "slos", title: "Objectives (SLOs)",
    rows: list(d.slos).map((slo, i) => ({ title: isObject(slo) && typeof slo.name === "string" ? slo.name : `SLO ${i + 1}`, fields: objectFields(sloSchema, slo, ["slos", i], "present"), remove: { listPath: ["slos"], index: i } })),
    add: [
      { label: "Add a latency SLO", listPath: ["slos"], item: { name: "p99", latency: { percentile: "p99", below: "500ms" } } },
      { label: "Add an availability SLO", listPath: ["slos"], item: { name: "availability", availability: "99.9%" } },
    ],
  });
  return sections;
}

/** The editor's whole form: the common knobs, then the schema-generated sections. */
export function wholeForm(data: unknown, schema: unknown): FormSection[] {
  return [...buildForm(data, schema), ...schemaSections(data, schema)];
}
