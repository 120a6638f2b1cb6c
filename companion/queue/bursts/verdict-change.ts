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
