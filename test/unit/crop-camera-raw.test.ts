import { describe, expect, it } from "vitest";
import { type CropBox, fromCameraRaw, proposeCrops, toCameraRaw } from "../../core/domain/crop/index.ts";
import { record, runner } from "./crop-helpers.ts";

const BOX: CropBox = [0.1, 0.2, 0.45, 0.9];

describe("Camera Raw frame", () => {
  for (const o of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`round-trips a displayed crop through orientation ${o}`, () => {
      const back = fromCameraRaw(toCameraRaw(BOX, o), o);
      back.forEach((v, i) => expect(v).toBeCloseTo(BOX[i]!, 12));
    });
  }

  it("leaves orientation 1 (and unknown) alone", () => {
    expect(toCameraRaw(BOX, 1)).toEqual({
      CropLeft: 0.1,
      CropTop: 0.2,
      CropRight: 0.45,
      CropBottom: 0.9,
      CropAngle: 0,
    });
    expect(toCameraRaw(BOX, null)).toEqual(toCameraRaw(BOX, 1));
  });

  it("maps the displayed left half to the sensor's bottom half for a camera turned clockwise (6)", () => {
    expect(toCameraRaw([0, 0, 0.5, 1], 6)).toEqual({
      CropLeft: 0,
      CropTop: 0.5,
      CropRight: 1,
      CropBottom: 1,
      CropAngle: 0,
    });
  });

  it("maps the displayed left half to the sensor's top half for a camera turned anticlockwise (8)", () => {
    expect(toCameraRaw([0, 0, 0.5, 1], 8)).toEqual({
      CropLeft: 0,
      CropTop: 0,
      CropRight: 1,
      CropBottom: 0.5,
      CropAngle: 0,
    });
  });

  it("swaps the axes of a transposed frame (5) and flips both for 3", () => {
    expect(toCameraRaw(BOX, 5)).toMatchObject({
      CropLeft: 0.2,
      CropTop: 0.1,
      CropRight: 0.9,
      CropBottom: 0.45,
    });
    const r = toCameraRaw(BOX, 3);
    [r.CropLeft, r.CropTop, r.CropRight, r.CropBottom].forEach((v, i) =>
      expect(v).toBeCloseTo([0.55, 0.1, 0.9, 0.8][i]!, 12),
    );
  });

  it("gives every proposal the crs of its own box for the photo's orientation", () => {
    const crops = proposeCrops(record(2000, 3000, [runner([0.3, 0.2, 0.6, 0.8])], 6));
    for (const c of crops) expect(c.crs).toEqual(toCameraRaw(c.box, 6));
  });
});
