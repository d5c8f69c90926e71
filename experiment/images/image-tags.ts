// Image tags the CLI needs at start-up, kept apart from the builder so registering a command loads no Docker code.

/**
 * The tag `ow-eval executor image build` gives the executor image, and the default of `--wasm-image`. Not `latest`:
 * an OpenWhisk invoker must pull a blackbox image tagged `latest` (or untagged) and fails the activation when it
 * cannot, but starts a local image of any other tag (DockerContainer.scala, docs/real-openwhisk.md).
 */
export const EXECUTOR_IMAGE_TAG = 'ow-eval/wasm-executor:local';
