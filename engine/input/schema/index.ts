/**
 * A small typed schema toolkit: one declaration gives the validator, the TypeScript type and
 * the JSON Schema of a scenario, so the three cannot drift apart.
 *
 * ```ts
 * const service = s.object({
 *   replicas: s.integer({ min: 1, description: "Identical instances behind the balancer." }),
 *   timeout: s.withDefault(s.duration({ exclusiveMin: 0 }), "30s"),   // output in ms
 *   balancer: s.optional(s.enumOf(["round-robin", "least-connections"])),
 * }).refine((service, ctx) => { ... ctx.addProblem("must be ...", "timeout") ... });
 * type Service = Infer<typeof service>;      // { replicas: number; timeout: number; balancer?: ... }
 * const result = validate(service, data);    // { ok: true, value } or { ok: false, problems }
 * const editorSchema = jsonSchemaOf(service, { title: "Service", $id: "..." });
 * ```
 *
 * Validation never stops at the first mistake: every node reports all its problems into a
 * shared {@link ParseContext} at the path where they occur, and returns `undefined` when its
 * value is invalid. Messages follow one style: `expected <what>, got <value>` when the kind of
 * value is wrong, `must be <what>, got <value>` when the kind is right but the value is not,
 * `required`, and `unknown key "replcas" (did you mean "replicas"?)`.
 *
 * Outputs are fresh plain objects with keys in declaration order (not input order), so equal
 * scenarios give byte-identical results; records (`s.record`) keep the file's order of names.
 * Output keys are the file's keys: a unit node converts the value (`timeout: "2s"` -> 2000)
 * but does not rename the key, so the compile step maps `timeout` to the model's `timeoutMs`. Human units (`"250ms"`, `"1.5k/s"`) are converted by
 * the unit nodes into the engine's units (ms, per second, fraction, $/h).
 *
 * Files, each depending only on those above it:
 * - `context.ts`: {@link ParseContext}, the path and the shared problem list.
 * - `node.ts`: the {@link SchemaNode} base, {@link Infer}/{@link InferInput}, message and bounds helpers.
 * - `scalars.ts`, `unit-node.ts`, `collections.ts`, `object.ts`, `unions.ts`, `custom.ts`: the node kinds.
 * - `builder.ts`: the `s` factories, {@link validate} and {@link jsonSchemaOf}.
 *
 * This file only re-exports the public surface.
 */

export { jsonSchemaOf, s, validate, type ValidationResult } from "./builder";
export { ArrayNode, RecordNode, type ArrayOptions, type RecordOptions } from "./collections";
export { ParseContext } from "./context";
export { CustomNode, type CustomOptions } from "./custom";
export { SchemaNode, type AnyNode, type Check, type Infer, type InferInput, type JsonSchema, type NodeOptions } from "./node";
export {
  DefaultField,
  ObjectNode,
  OptionalField,
  type Field,
  type ObjectInput,
  type ObjectOutput,
  type Shape,
} from "./object";
export {
  BooleanNode,
  EnumNode,
  LiteralNode,
  NumberNode,
  StringNode,
  type NumberOptions,
  type StringOptions,
} from "./scalars";
export { DiscriminatedNode, OneOfNode, type DiscriminatedInput, type DiscriminatedOutput } from "./unions";
export { UnitNode, type PercentNodeOptions, type UnitOptions } from "./unit-node";
