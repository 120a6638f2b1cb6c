/**
 * CenterNet (COCO) as the person detector: the whole frame stretched to its square input (as it was trained), its
 * detections decoded into person boxes by the domain's rules.
 */
import type { ModelRunner, RgbImage } from "../../domain/ports.ts";
import {
  decodePersons,
  DEFAULT_PERSON_OPTIONS,
  type PersonCandidate,
  type PersonOptions,
} from "../../domain/persons.ts";
import { cropResize, wholeImage } from "../../domain/raster.ts";
import { nhwc, runOne } from "./tensors.ts";

export interface PersonDetectorSettings {
  /** Side of the square input the frame is stretched to. */
  readonly inputSide: number;
  /** Score, overlap and size thresholds for a detection to count as a person (see DEFAULT_PERSON_OPTIONS). */
  readonly persons: PersonOptions;
}

/** 512: the input the converted graph was exported with; the thresholds are the domain's person rules. */
export const DEFAULT_PERSON_DETECTOR: PersonDetectorSettings = Object.freeze({
  inputSide: 512,
  persons: DEFAULT_PERSON_OPTIONS,
});

export class PersonDetector {
  static readonly id = "centernet";
  private readonly input: Float32Array;

  constructor(
    readonly runner: ModelRunner,
    private readonly settings: PersonDetectorSettings = DEFAULT_PERSON_DETECTOR,
  ) {
    this.input = new Float32Array(settings.inputSide * settings.inputSide * 3);
  }

  async detect(image: RgbImage): Promise<PersonCandidate[]> {
    const side = this.settings.inputSide;
    cropResize(image, wholeImage(image), side, side, this.input);
    const out = await runOne(this.runner, nhwc(this.input, side, 3));
    const detections = out.find((t) => t.dims.at(-1) === 6 && t.dims.length === 3);
    if (!detections) throw new Error("centernet gave no detections output");
    return decodePersons(detections.data as Float32Array, side, this.settings.persons);
  }
}
