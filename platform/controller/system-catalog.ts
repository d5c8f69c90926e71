// The `/whisk.system` namespace: the public `utils` package OpenWhisk's catalog installs (echo, cat, sort, head,
// split, date, namespace), written here as nodejs:20 actions with the catalog's documented inputs and
// outputs (docs/openwhisk-entities.md). Every namespace may read and invoke them; nobody may change them through
// the API.
import { parseActionPut } from './action-input.js';
import type { EntityStore } from '../store/entity-store.js';
import type { KeyValue } from '../types.js';

export const systemNamespace = 'whisk.system';

interface CatalogAction {
  name: string;
  description: string;
  code: string;
  sampleInput?: unknown;
  sampleOutput: unknown;
}

const utils: readonly CatalogAction[] = [
  {
    name: 'echo',
    description: 'Returns the input',
    code: 'function main(params) {\n  return params ?? {};\n}\n',
    sampleInput: { payload: 'Five fuzzy felines' },
    sampleOutput: { payload: 'Five fuzzy felines' },
  },
  {
    name: 'cat',
    description: 'Concatenates input into a string',
    code: "function main({ lines = [] }) {\n  return { lines, payload: lines.join('\\n') };\n}\n",
    sampleInput: { lines: [4, 2, 3] },
    sampleOutput: { lines: [4, 2, 3], payload: '4\n2\n3' },
  },
  {
    name: 'sort',
    description: 'Sorts an array',
    // Array.prototype.sort without a comparator, as the catalog's: elements compare as strings.
    code:
      'function main({ lines = [] }) {\n  const sorted = [...lines].sort();\n' +
      '  return { lines: sorted, length: sorted.length };\n}\n',
    sampleInput: { lines: [4, 2, 3] },
    sampleOutput: { lines: [2, 3, 4], length: 3 },
  },
  {
    name: 'head',
    description: 'Extract prefix of an array',
    code:
      'function main({ lines = [], num }) {\n  const count = num || 1;\n' +
      '  return { lines: lines.slice(0, count), num: count };\n}\n',
    sampleInput: { lines: [4, 2, 3], num: 2 },
    sampleOutput: { lines: [4, 2], num: 2 },
  },
  {
    name: 'split',
    description: 'Split a string into an array',
    code:
      'function main({ payload, separator }) {\n  const text = String(payload);\n' +
      '  return { lines: text.split(separator || /\\r?\\n/), payload };\n}\n',
    sampleInput: { payload: 'one,two,three', separator: ',' },
    sampleOutput: { lines: ['one', 'two', 'three'], payload: 'one,two,three' },
  },
  {
    name: 'date',
    description: 'Current date and time',
    code: 'function main() {\n  return { date: new Date().toISOString() };\n}\n',
    sampleOutput: { date: '2016-03-22T00:59:55.961Z' },
  },
  {
    name: 'namespace',
    description: 'Returns namespace for the authorization key used to invoke this action',
    code: 'function main() {\n  return { namespace: process.env.__OW_NAMESPACE };\n}\n',
    sampleOutput: { namespace: 'guest' },
  },
];

/** Installs `/whisk.system/utils` into a fresh store. */
export function installSystemCatalog(entities: EntityStore): void {
  entities.putPackage({
    namespace: systemNamespace,
    name: 'utils',
    parameters: [],
    version: '0.0.1',
    publish: true,
    updated: Date.now(),
    annotations: [{ key: 'description', value: 'Building blocks that format and assemble data' }],
  });
  for (const action of utils) {
    const annotations: KeyValue[] = [
      { key: 'description', value: action.description },
      ...(action.sampleInput === undefined ? [] : [{ key: 'sampleInput', value: action.sampleInput }]),
      { key: 'sampleOutput', value: action.sampleOutput },
    ];
    entities.put(
      parseActionPut(
        { exec: { kind: 'nodejs:20', code: action.code }, annotations, publish: true },
        { namespace: `${systemNamespace}/utils`, name: action.name },
        undefined,
        1,
      ),
    );
  }
}
