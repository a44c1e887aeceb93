// seedrandom ships its generators as CommonJS modules without their own typings; this is the
// slice of `seedrandom/lib/alea` the engine uses (see engine/core/rng.ts).
declare module "seedrandom/lib/alea" {
  function alea(seed: string, options?: { state?: boolean | object }): () => number;
  export default alea;
}
