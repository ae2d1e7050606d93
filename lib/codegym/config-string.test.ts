import { describe, expect, it } from "vitest";
import { canonicalOptions } from "./config-string";

// The definition canonicalOptions must keep: keys sorted at every depth, then JSON.stringify.
function reference(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort) : v && typeof v === "object" ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])])) : v;
  return JSON.stringify(sort(value));
}

describe("canonicalOptions", () => {
  it("gives two spellings of the same options one text", () => {
    expect(canonicalOptions(JSON.parse('{"b": 1, "a": {"y": [1, 2], "x": null}}'))).toBe(canonicalOptions(JSON.parse('{"a":{"x":null,"y":[1,2]},"b":1}')));
    expect(canonicalOptions({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it("sorts objects inside lists and lists inside objects, and leaves sorted values and their order alone", () => {
    const samples: unknown[] = [
      { items: [3, -1, 2.5, 1e21, "x", true, null] },
      { grid: [[1, 2], [3, { z: 1, a: [{ d: 4, c: 3 }] }]], alpha: "β", "": 0 },
      { "10": "ten", "2": "two", b: 1, a: { "1": 1, "0": 0 } },
      [{ b: 1, a: 2 }, 5, [{ d: 1, c: 2 }]],
      { nested: { deeper: { deepest: [{ y: 1, x: 2 }] } }, already: { a: 1, b: 2 } },
      JSON.parse('{"__proto__": {"b": 1, "a": 2}, "k": []}'),
      "text",
      42,
      null,
    ];
    for (const sample of samples) expect(canonicalOptions(sample)).toBe(reference(sample));
  });

  it("does not change the value it is given", () => {
    const value = { b: [{ d: 1, c: 2 }], a: 1 };
    const before = JSON.stringify(value);
    canonicalOptions(value);
    expect(JSON.stringify(value)).toBe(before);
  });
});
