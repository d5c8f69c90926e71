// How results name wasm that ran inside a container instead of the fork's in-process executor: the engine value the
// records carry and the label the terminal, the manifest and the report show. Data model, so reports can read it
// without importing the target that decides the delivery (experiment/target/wasm-delivery.ts).

/** The engine name records carry for wasm run through blackbox, and how reports and the terminal name it. */
export const BLACKBOX_ENGINE = 'blackbox';
export const BLACKBOX_LABEL = 'wasm · V8 in a container (blackbox)';
export const BLACKBOX_EXPLANATION = 'wasm actions ran as blackbox actions of the executor image: a wasm cold start here is a ' +
  "container start plus the executor's wasm init, not the WebAssembly fork's in-process executor";

/** A `wasm:0.1` family that a vanilla OpenWhisk serves with the executor image (docs/real-openwhisk.md §3). */
export const RUNTIME_IMAGE_ENGINE = 'runtime-image';
export const RUNTIME_IMAGE_LABEL = 'wasm · V8 in a container (wasm:0.1 runtime image)';
export const RUNTIME_IMAGE_EXPLANATION = "the target's wasm:0.1 kind is served by the executor image: a wasm cold start " +
  "here is a container start plus the executor's wasm init, not the WebAssembly fork's in-process executor";
