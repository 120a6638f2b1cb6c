/**
 * `npm run eval:learning [-- devDir --records run.jsonl]`: first the headline, the real playback (the dev
 * photographer's own labels as feedback, held out by burst and by source: companion/eval/learning-playback.ts; skipped
 * with a message when ../shared is absent), then the learning curve of the keeper ranker for simulated
 * photographers with a consistent hidden taste (loves flight and a tight frame, hates blur, indifferent to focus
 * peaking and open eyes): agreement on held-out pairs against the number of photos labelled, from the prior on. The
 * simulated taste is a function of the very features the head sees, so only the playback can show real learning.
 */
import { learningCurve } from "../../core/domain/learning/curve.ts";
import { DEFAULT_SIMULATION, simulatePhotographer } from "../../core/domain/learning/simulate.ts";
import { DEFAULT_TRAINING_PARAMS } from "../../core/domain/learning/training-snapshot.ts";
import { devPlayback } from "./learning-playback.ts";

process.stdout.write("Real playback: the dev photographer's labels\n");
await devPlayback();
process.stdout.write("\nSimulated photographers (taste drawn from the head's own features)\n");

const SIZES = [25, 50, 100, 200, 400];
const seeds = [1, 2, 3, 4, 5];
const rows = seeds.map((seed) =>
  learningCurve(simulatePhotographer({ ...DEFAULT_SIMULATION, seed }), SIZES, seed, DEFAULT_TRAINING_PARAMS),
);
process.stdout.write(`labels   ${["prior", ...SIZES.map(String)].map((s) => s.padStart(6)).join(" ")}\n`);
rows.forEach((curve, i) =>
  process.stdout.write(
    `seed ${seeds[i]}   ${curve.map((c) => c.agreement.toFixed(3).padStart(6)).join(" ")}   (${curve[0]!.heldOutPairs} held-out pairs)\n`,
  ),
);
const mean = (k: number) => rows.reduce((a, c) => a + c[k]!.agreement, 0) / rows.length;
process.stdout.write(`mean     ${[0, ...SIZES].map((_, k) => mean(k).toFixed(3).padStart(6)).join(" ")}\n`);
