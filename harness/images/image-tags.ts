// Image tags the CLI needs at start-up, kept apart from the builder so registering a command loads no Docker code.

/** The tag `ow-eval executor image build` gives the executor image, and the default of `--wasm-image`. */
export const EXECUTOR_IMAGE_TAG = 'ow-eval/wasm-executor:latest';
