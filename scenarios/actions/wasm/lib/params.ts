// Reading optional integer params with a default and a range; the JavaScript twins inline the same rule.
import { JSONKind, JSONValue } from "./json";

/** The integer value of a param, or the error message to return when it is not acceptable. */
export class IntParam {
  constructor(public value: i64, public error: string) {}
}

/** Absent or null → `fallback`; otherwise it must be an integer in [min, max]. */
export function intParam(params: JSONValue, name: string, fallback: i64, min: i64, max: i64): IntParam {
  const value = params.get(name);
  if (value == null || value.kind == JSONKind.Null) return new IntParam(fallback, "");
  if (!value.isSafeInteger || value.num < <f64>min || value.num > <f64>max) {
    return new IntParam(0, "Expected " + name + " to be an integer between " + min.toString() + " and " + max.toString());
  }
  return new IntParam(<i64>value.num, "");
}
