import { describe, expect, it } from "vitest";
import { halfToFloat } from "../../core/models/tfjs-graph.ts";

describe("float16 dequantisation", () => {
  it.each([
    [0x0000, 0],
    [0x3c00, 1],
    [0xc000, -2],
    [0x3555, 0.333251953125],
    [0x7bff, 65504],
    [0x0001, 2 ** -24],
    [0x0400, 2 ** -14],
  ])("half 0x%s decodes exactly", (half, value) => {
    expect(halfToFloat(half)).toBe(value);
  });

  it("decodes infinities and NaN", () => {
    expect(halfToFloat(0x7c00)).toBe(Infinity);
    expect(halfToFloat(0xfc00)).toBe(-Infinity);
    expect(halfToFloat(0x7e00)).toBeNaN();
  });
});
