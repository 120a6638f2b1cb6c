/** Why a photo scored what it did, in a few short sentences the photographer can act on. */
import type { ScoreRecord } from "../../../core/domain/score-record.ts";

const FLAG_WORDS: Readonly<Record<string, string>> = {
  "no-runner": "no runner found",
  "not-running": "nobody in the photo is running",
  "no-subject": "a crowd with no clear subject",
  underexposed: "the runner is too dark",
  overexposed: "the runner is washed out",
  // Also raised when the runner is crisp and the nearer or as near runner the frame was built around is not.
  "focus-missed": "focus missed: the runner, or the one the frame was built around, is soft",
  "motion-blur": "motion blur on the runner",
  "eyes-closed": "eyes closed",
  "runner-cut": "the runner is cut by the frame",
  duplicate: "a near-duplicate of another frame",
};

export function explain(score: ScoreRecord): string[] {
  const lines = [`keeper score ${Math.round(score.keeper * 100)} / 100`];
  if (score.runningStyle !== null) lines.push(`running style ${Math.round(score.runningStyle * 100)} / 100`);
  if (score.burst.size > 1) {
    lines.push(
      score.burst.best
        ? `best of a burst of ${score.burst.size}`
        : `frame ${score.burst.rank} of ${score.burst.size} in its burst`,
    );
  }
  for (const flag of score.flags) lines.push(FLAG_WORDS[flag] ?? flag.replaceAll("-", " "));
  return lines;
}
