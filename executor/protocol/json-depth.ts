// The deepest nesting of objects and arrays a JSON body may have, checked on the text before it is parsed: a 10 KB
// body nested 5,000 levels parses (V8's JSON.parse is iterative) but then overflows the stack of everything recursive
// that touches it (JSON.stringify, postMessage's structured clone), which answered 500 instead of refusing the body.
// Shared by the executor and the platform (the one runtime import the platform takes from executor/protocol).

/** Jackson's default (StreamReadConstraints.maxNestingDepth, 1000), the JSON parser behind OpenWhisk's Java side. */
export const maxJsonDepth = 1000;

/** Whether JSON text nests objects/arrays deeper than `limit`. Brackets inside strings do not count. */
export function jsonTooDeep(text: string, limit = maxJsonDepth): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22)
      i = closingQuote(text, i); // skips a string with one native search (base64 code is long)
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

export function tooDeepMessage(limit = maxJsonDepth): string {
  return `The request body nests objects or arrays more than ${limit} levels deep; ${limit} is the most accepted.`;
}

/** Index of the quote that ends the string opened at `open` (one preceded by an even run of backslashes). */
function closingQuote(text: string, open: number): number {
  let i = open;
  for (;;) {
    i = text.indexOf('"', i + 1);
    if (i < 0) return text.length;
    let backslashes = 0;
    for (let j = i - 1; text.charCodeAt(j) === 0x5c; j--) backslashes++;
    if (backslashes % 2 === 0) return i;
  }
}
