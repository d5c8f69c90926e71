// A minimal JSON value for the actions: one class with a kind tag (AssemblyScript has no union types),
// a parser that reports errors instead of aborting (AssemblyScript has no exceptions), and a serializer
// whose output JSON.parse reads back to the same value JSON.stringify would have produced.

export const enum JSONKind { Null, Bool, Number, String, Array, Object }

export class JSONValue {
  kind: JSONKind = JSONKind.Null;
  bool: bool = false;
  num: f64 = 0;
  str: string = "";
  /** Array items, or the values of an object in insertion order. */
  items: JSONValue[] = [];
  /** Object keys, parallel to `items`. */
  keys: string[] = [];

  static null(): JSONValue { return new JSONValue(); }
  static fromBool(value: bool): JSONValue { const v = new JSONValue(); v.kind = JSONKind.Bool; v.bool = value; return v; }
  static fromNumber(value: f64): JSONValue { const v = new JSONValue(); v.kind = JSONKind.Number; v.num = value; return v; }
  static fromString(value: string): JSONValue { const v = new JSONValue(); v.kind = JSONKind.String; v.str = value; return v; }
  static array(): JSONValue { const v = new JSONValue(); v.kind = JSONKind.Array; return v; }
  static object(): JSONValue { const v = new JSONValue(); v.kind = JSONKind.Object; return v; }

  get isNumber(): bool { return this.kind == JSONKind.Number; }
  get isString(): bool { return this.kind == JSONKind.String; }
  get isObject(): bool { return this.kind == JSONKind.Object; }

  /** True for a number that JavaScript's Number.isSafeInteger accepts. */
  get isSafeInteger(): bool {
    return this.kind == JSONKind.Number && this.num == Math.floor(this.num) && Math.abs(this.num) <= 9007199254740991.0;
  }

  /** The value under `key` of an object; null when absent or when this is not an object. */
  get(key: string): JSONValue | null {
    if (this.kind != JSONKind.Object) return null;
    const keys = this.keys;
    for (let i = 0, n = keys.length; i < n; i++) {
      if (keys[i] == key) return this.items[i];
    }
    return null;
  }

  /** Sets `key` on an object; an existing key keeps its position and takes the new value, as in JSON.parse. */
  set(key: string, value: JSONValue): JSONValue {
    const keys = this.keys;
    for (let i = 0, n = keys.length; i < n; i++) {
      if (keys[i] == key) { this.items[i] = value; return this; }
    }
    keys.push(key);
    this.items.push(value);
    return this;
  }

  push(value: JSONValue): JSONValue { this.items.push(value); return this; }
}

/** Either a value or an error message with the position where parsing stopped. */
export class ParseResult {
  constructor(public value: JSONValue | null, public error: string) {}
}

export function parseJSON(text: string): ParseResult {
  const parser = new Parser(text);
  const value = parser.parseValue();
  if (value != null) {
    parser.skipWhitespace();
    if (parser.pos < text.length) return new ParseResult(null, "unexpected character after JSON at position " + parser.pos.toString());
    return new ParseResult(value, "");
  }
  return new ParseResult(null, parser.error);
}

// Deep nesting would overflow the wasm stack (a trap); refuse it with an error instead.
const MAX_DEPTH = 512;

class Parser {
  pos: i32 = 0;
  depth: i32 = 0;
  error: string = "";
  constructor(public text: string) {}

  fail(message: string): JSONValue | null {
    if (this.error.length == 0) this.error = message + " at position " + this.pos.toString();
    return null;
  }

  skipWhitespace(): void {
    const text = this.text;
    let pos = this.pos;
    const end = text.length;
    while (pos < end) {
      const c = text.charCodeAt(pos);
      if (c != 0x20 && c != 0x0a && c != 0x0d && c != 0x09) break;
      pos++;
    }
    this.pos = pos;
  }

  parseValue(): JSONValue | null {
    this.skipWhitespace();
    if (this.pos >= this.text.length) return this.fail("unexpected end of JSON");
    const c = this.text.charCodeAt(this.pos);
    if (c == 0x7b) return this.parseObject();
    if (c == 0x5b) return this.parseArray();
    if (c == 0x22) {
      const s = this.parseString();
      return s == null ? null : JSONValue.fromString(s);
    }
    if (c == 0x2d || (c >= 0x30 && c <= 0x39)) return this.parseNumber();
    if (this.consumeWord("true")) return JSONValue.fromBool(true);
    if (this.consumeWord("false")) return JSONValue.fromBool(false);
    if (this.consumeWord("null")) return JSONValue.null();
    return this.fail("unexpected character");
  }

  consumeWord(word: string): bool {
    if (this.text.substr(this.pos, word.length) != word) return false;
    this.pos += word.length;
    return true;
  }

  parseObject(): JSONValue | null {
    if (++this.depth > MAX_DEPTH) return this.fail("JSON nested too deeply");
    const object = JSONValue.object();
    this.pos++; // {
    this.skipWhitespace();
    if (this.peek() == 0x7d) { this.pos++; this.depth--; return object; }
    while (true) {
      this.skipWhitespace();
      if (this.peek() != 0x22) return this.fail("expected a string key");
      const key = this.parseString();
      if (key == null) return null;
      this.skipWhitespace();
      if (this.peek() != 0x3a) return this.fail("expected ':'");
      this.pos++;
      const value = this.parseValue();
      if (value == null) return null;
      object.set(key, value);
      this.skipWhitespace();
      const c = this.peek();
      this.pos++;
      if (c == 0x2c) continue;
      if (c == 0x7d) break;
      this.pos--;
      return this.fail("expected ',' or '}'");
    }
    this.depth--;
    return object;
  }

  parseArray(): JSONValue | null {
    if (++this.depth > MAX_DEPTH) return this.fail("JSON nested too deeply");
    const array = JSONValue.array();
    this.pos++; // [
    this.skipWhitespace();
    if (this.peek() == 0x5d) { this.pos++; this.depth--; return array; }
    while (true) {
      const value = this.parseValue();
      if (value == null) return null;
      array.push(value);
      this.skipWhitespace();
      const c = this.peek();
      this.pos++;
      if (c == 0x2c) continue;
      if (c == 0x5d) break;
      this.pos--;
      return this.fail("expected ',' or ']'");
    }
    this.depth--;
    return array;
  }

  /** -1 at the end of the text. */
  peek(): i32 {
    return this.pos < this.text.length ? <i32>this.text.charCodeAt(this.pos) : -1;
  }

  // Runs without escapes are sliced, not appended char by char, so a 1 MB string parses in linear time.
  parseString(): string | null {
    const text = this.text;
    const end = text.length;
    let pos = this.pos + 1; // opening quote
    let chunkStart = pos;
    let parts: string[] | null = null;
    while (true) {
      if (pos >= end) { this.pos = pos; this.fail("unterminated string"); return null; }
      const c = text.charCodeAt(pos);
      if (c == 0x22) break;
      if (c < 0x20) { this.pos = pos; this.fail("control character in string"); return null; }
      if (c != 0x5c) { pos++; continue; }
      if (parts == null) parts = [];
      parts.push(text.substring(chunkStart, pos));
      if (pos + 1 >= end) { this.pos = pos; this.fail("unterminated string"); return null; }
      const e = text.charCodeAt(pos + 1);
      pos += 2;
      if (e == 0x22) parts.push("\"");
      else if (e == 0x5c) parts.push("\\");
      else if (e == 0x2f) parts.push("/");
      else if (e == 0x62) parts.push("\b");
      else if (e == 0x66) parts.push("\f");
      else if (e == 0x6e) parts.push("\n");
      else if (e == 0x72) parts.push("\r");
      else if (e == 0x74) parts.push("\t");
      else if (e == 0x75) {
        const code = pos + 4 <= end ? parseHex4(text, pos) : -1;
        if (code < 0) { this.pos = pos; this.fail("bad \\u escape"); return null; }
        parts.push(String.fromCharCode(code)); // surrogate halves pair up when concatenated, as in JSON.parse
        pos += 4;
      } else { this.pos = pos - 1; this.fail("bad escape"); return null; }
      chunkStart = pos;
    }
    this.pos = pos + 1; // closing quote
    if (parts == null) return text.substring(chunkStart, pos);
    parts.push(text.substring(chunkStart, pos));
    return parts.join("");
  }

  parseNumber(): JSONValue | null {
    const text = this.text;
    const start = this.pos;
    let pos = start;
    if (text.charCodeAt(pos) == 0x2d) pos++;
    if (pos < text.length && text.charCodeAt(pos) == 0x30) pos++;
    else if (isDigit(text, pos)) { while (isDigit(text, pos)) pos++; }
    else { this.pos = pos; return this.fail("bad number"); }
    if (pos < text.length && text.charCodeAt(pos) == 0x2e) {
      pos++;
      if (!isDigit(text, pos)) { this.pos = pos; return this.fail("bad number"); }
      while (isDigit(text, pos)) pos++;
    }
    if (pos < text.length && (text.charCodeAt(pos) | 0x20) == 0x65) {
      pos++;
      if (pos < text.length && (text.charCodeAt(pos) == 0x2b || text.charCodeAt(pos) == 0x2d)) pos++;
      if (!isDigit(text, pos)) { this.pos = pos; return this.fail("bad number"); }
      while (isDigit(text, pos)) pos++;
    }
    this.pos = pos;
    return JSONValue.fromNumber(parseFloat(text.substring(start, pos)));
  }
}

function isDigit(text: string, pos: i32): bool {
  if (pos >= text.length) return false;
  const c = text.charCodeAt(pos);
  return c >= 0x30 && c <= 0x39;
}

function parseHex4(text: string, pos: i32): i32 {
  let code = 0;
  for (let i = 0; i < 4; i++) {
    const c = text.charCodeAt(pos + i);
    let digit: i32;
    if (c >= 0x30 && c <= 0x39) digit = c - 0x30;
    else if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66) digit = (c | 0x20) - 0x61 + 10;
    else return -1;
    code = (code << 4) | digit;
  }
  return code;
}

export function stringify(value: JSONValue): string {
  const out: string[] = [];
  writeValue(value, out);
  return out.join("");
}

function writeValue(value: JSONValue, out: string[]): void {
  switch (value.kind) {
    case JSONKind.Null: out.push("null"); break;
    case JSONKind.Bool: out.push(value.bool ? "true" : "false"); break;
    case JSONKind.Number: out.push(numberToJSON(value.num)); break;
    case JSONKind.String: writeString(value.str, out); break;
    case JSONKind.Array: {
      out.push("[");
      const items = value.items;
      for (let i = 0, n = items.length; i < n; i++) {
        if (i > 0) out.push(",");
        writeValue(items[i], out);
      }
      out.push("]");
      break;
    }
    default: {
      out.push("{");
      const keys = value.keys;
      for (let i = 0, n = keys.length; i < n; i++) {
        if (i > 0) out.push(",");
        writeString(keys[i], out);
        out.push(":");
        writeValue(value.items[i], out);
      }
      out.push("}");
    }
  }
}

// JSON.stringify writes integers without a fraction and non-finite numbers as null; AssemblyScript's
// f64.toString() writes "4.0" for 4, so the ".0" goes.
function numberToJSON(n: f64): string {
  if (!isFinite(n)) return "null";
  if (n == 0) return "0";
  const s = n.toString();
  return s.endsWith(".0") ? s.substring(0, s.length - 2) : s;
}

const HEX = "0123456789abcdef";

// Escapes what JSON.stringify escapes: quote, backslash, control characters and lone surrogates.
function writeString(s: string, out: string[]): void {
  out.push("\"");
  let start = 0;
  for (let i = 0, n = s.length; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c != 0x22 && c != 0x5c && (c < 0xd800 || c > 0xdfff)) continue;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) { i++; continue; } // a well-formed pair
    }
    out.push(s.substring(start, i));
    start = i + 1;
    if (c == 0x22) out.push("\\\"");
    else if (c == 0x5c) out.push("\\\\");
    else if (c == 0x08) out.push("\\b");
    else if (c == 0x0c) out.push("\\f");
    else if (c == 0x0a) out.push("\\n");
    else if (c == 0x0d) out.push("\\r");
    else if (c == 0x09) out.push("\\t");
    else out.push("\\u" + HEX.charAt((c >> 12) & 15) + HEX.charAt((c >> 8) & 15) + HEX.charAt((c >> 4) & 15) + HEX.charAt(c & 15));
  }
  out.push(s.substring(start));
  out.push("\"");
}
