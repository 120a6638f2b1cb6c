/**
 * Whether a frame's stored verdict is out of date against a fresh score: its burst (id, rank, size), stars, label,
 * keywords or flags. The keeper score alone moving in the last digits is no reason to touch a photo again.
 */
import type { PhotoScores } from "../../store/shapes.ts";

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join("\n") === [...b].sort().join("\n");

function sameBurst(a: PhotoScores["burst"], b: PhotoScores["burst"]): boolean {
  if (!a || !b) return a === b;
  return a.id === b.id && a.rank === b.rank && a.size === b.size;
}

/**
 * The burst re-score's own business: a frame whose burst (id, rank, size) did not change is left as it is, so a
 * keeper head promoted meanwhile reaches it only through the learning layer's re-score, which respects the
 * photographer's own ratings.
 */
export function burstChanged(stored: PhotoScores | null, fresh: PhotoScores): boolean {
  return !stored || !sameBurst(stored.burst, fresh.burst);
}

export function verdictChanged(stored: PhotoScores | null, fresh: PhotoScores): boolean {
  if (!stored) return true;
  return (
    !sameBurst(stored.burst, fresh.burst) ||
    stored.stars !== fresh.stars ||
    stored.label !== fresh.label ||
    !sameSet(stored.keywords, fresh.keywords) ||
    !sameSet(stored.flags, fresh.flags)
  );
}
