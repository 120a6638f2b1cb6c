import { describe, expect, it } from "vitest";
import {
  DET_MEAN_BGR,
  DET_STD_BGR,
  REC_MEAN,
  REC_STD,
  toBgrTensor,
} from "../../core/domain/bib/ocr-input.ts";
import { ScratchInput } from "../../core/pipeline/models/tensors.ts";

/** Every byte value in every channel, in a 64 x 12 image (3 x 768 bytes). */
function allBytes(): { data: Uint8Array; width: number; height: number } {
  const data = new Uint8Array(64 * 12 * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7 + (i % 3) * 85) % 256;
  return { data, width: 64, height: 12 };
}

describe("toBgrTensor", () => {
  it("gives, to the bit, (v / 255 - mean) / std per channel in BGR planes", () => {
    const image = allBytes();
    for (const [mean, std] of [
      [DET_MEAN_BGR, DET_STD_BGR],
      [REC_MEAN, REC_STD],
    ] as const) {
      const out = toBgrTensor(image, mean, std);
      const plane = image.width * image.height;
      for (let i = 0; i < plane; i++) {
        for (let c = 0; c < 3; c++) {
          const expected = Math.fround((image.data[i * 3 + (2 - c)]! / 255 - mean[c]!) / std[c]!);
          expect(out[c * plane + i]).toBe(expected);
        }
      }
    }
  });

  it("writes into the array it is given and returns it", () => {
    const image = allBytes();
    const out = new Float32Array(3 * image.width * image.height);
    expect(toBgrTensor(image, REC_MEAN, REC_STD, out)).toBe(out);
    expect(Array.from(out)).toEqual(Array.from(toBgrTensor(image, REC_MEAN, REC_STD)));
  });
});

describe("ScratchInput", () => {
  it("gives views of exactly the length asked for, over memory kept between calls", () => {
    const scratch = new ScratchInput();
    const big = scratch.take(300);
    expect(big.pixels.length).toBe(300);
    expect(big.tensor.length).toBe(300);
    const small = scratch.take(120);
    expect(small.pixels.length).toBe(120);
    expect(small.tensor.length).toBe(120);
    // The smaller request reuses the memory of the larger one; a larger one after it gets new memory.
    expect(small.tensor.buffer).toBe(big.tensor.buffer);
    expect(small.pixels.buffer).toBe(big.pixels.buffer);
    expect(scratch.take(301).tensor.buffer).not.toBe(big.tensor.buffer);
  });
});
