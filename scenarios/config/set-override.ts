// `--set key=value` for humans: the key is checked against the scenario's schema (a misspelling gets the known keys
// and a "did you mean"), and the value is read the way the schema wants it: `repetitions=5`, `codeCache=true`,
// `runtimes=wasm,docker` and `params.hash.iterations=200` work as typed; JSON (`runtimes=["wasm"]`) still does.

/** The parts of a JSON schema node this module reads. */
export interface SchemaNode {
  type?: string;
  enum?: readonly unknown[];
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
}

/** Where a dotted key leads in the schema, or the first segment the schema does not know. */
export type KeyLookup = { node: SchemaNode | undefined } | { unknown: string; at: string; known: string[] };

export function lookUpKey(schema: SchemaNode, keys: readonly string[]): KeyLookup {
  let node: SchemaNode | undefined = schema;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    // A node without a schema of its own (a free-form object such as coldstart's params) takes any key.
    if (!node) return { node: undefined };
    if (node.properties && key in node.properties) {
      node = node.properties[key];
      continue;
    }
    if (node.additionalProperties === false)
      return { unknown: key, at: keys.slice(0, i).join('.'), known: Object.keys(node.properties ?? {}) };
    node = typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined;
  }
  return { node };
}

/**
 * The value of `--set key=text` as the schema node wants it. JSON first (so objects, quoted strings and `[...]`
 * work); then, for an array, comma-separated items; for a number or boolean, the plain word. An item that does not
 * fit stays a string, so the validator names the field and its allowed values.
 */
export function parseSetValue(text: string, node: SchemaNode | undefined): unknown {
  const json = tryJson(text);
  if (node?.type === 'array') {
    if (Array.isArray(json)) return json;
    if (json !== undefined && typeof json !== 'string') return [json];
    const items = text === '' ? [] : text.split(',').map((item) => item.trim());
    return items.map((item) => scalar(item, node.items));
  }
  if (node?.type === 'string') return typeof json === 'string' ? json : text;
  return json === undefined ? scalar(text, node) : json;
}

function scalar(text: string, node: SchemaNode | undefined): unknown {
  if (node?.type === 'integer' || node?.type === 'number') {
    const n = Number(text);
    return text.trim() !== '' && Number.isFinite(n) ? n : text;
  }
  if (node?.type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
  if (node?.type === 'string') return text;
  const json = tryJson(text);
  return json === undefined ? text : json;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The known key closest to `key` when it is close enough to be a slip (edit distance ≤ max(2, a third of it)). */
export function didYouMean(key: string, known: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = candidate.toLowerCase() === key.toLowerCase() ? 0 : editDistance(key, candidate);
    if (!best || distance < best.distance) best = { key: candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(key.length / 3)) ? best.key : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
