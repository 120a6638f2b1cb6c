/**
 * Single-linkage clustering over neighbours: frames are linked only to their neighbour in capture order (per camera)
 * and in file numbering (per folder and name prefix), plus identical copies and untimed near duplicates. A burst is
 * a connected component; a scene change between two neighbours ends it.
 */
import { identical, nameLink, nearDuplicate, seriesLink, timeLink } from "./links.ts";
import { nameSequence, type NameSequence } from "./name-sequence.ts";
import type { BurstOptions, BurstPhoto } from "./types.ts";

/** Bursts as lists of photos, each in capture order (timed frames by time, then by file name). */
export function clusterBursts(photos: readonly BurstPhoto[], o: BurstOptions): BurstPhoto[][] {
  const parent = photos.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const union = (i: number, j: number) => void (parent[find(i)] = find(j));
  for (const [i, j] of links(photos, o)) union(i, j);
  const groups = new Map<number, BurstPhoto[]>();
  photos.forEach((p, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), p]));
  return [...groups.values()].map((g) => g.sort(captureOrder));
}

export function captureOrder(a: BurstPhoto, b: BurstPhoto): number {
  const ta = a.epochMs ?? Number.POSITIVE_INFINITY;
  const tb = b.epochMs ?? Number.POSITIVE_INFINITY;
  const byTime = ta === tb ? 0 : ta < tb ? -1 : 1;
  return byTime || a.file.localeCompare(b.file, "en", { numeric: true });
}

/** Index pairs of linked frames. */
function links(photos: readonly BurstPhoto[], o: BurstOptions): [number, number][] {
  return [
    ...timeNeighbours(photos, o),
    ...nameNeighbours(photos, o),
    ...seriesNeighbours(photos, o),
    ...anywhereLinks(photos, o),
  ];
}

/**
 * Each frame against the next `series.window` frames of its folder and name shape in file order: race-photo
 * services and exports strip the capture time and renumber files, but keep a series' frames next to each other.
 */
function seriesNeighbours(photos: readonly BurstPhoto[], o: BurstOptions): [number, number][] {
  const shapes = photos.map((p) => nameShape(p.file));
  // Each name parsed once: a series reads the time from names that are epoch-millisecond stamps.
  const framed = photos.map((photo) => ({ photo, seq: nameSequence(photo.file) }));
  const order = photos.map((_, i) => i);
  order.sort(
    (i, j) =>
      shapes[i]!.localeCompare(shapes[j]!) ||
      photos[i]!.file.localeCompare(photos[j]!.file, "en", { numeric: true }),
  );
  const out: [number, number][] = [];
  order.forEach((i, k) => {
    for (const j of order.slice(k + 1, k + 1 + o.series.window)) {
      if (shapes[j] === shapes[i] && seriesLink(framed[i]!, framed[j]!, o)) out.push([i, j]);
    }
  });
  return out;
}

/** The folder and the file name with every run of digits as "#": IMG_0079 and IMG_0080 share a shape. */
function nameShape(file: string): string {
  return file.replace(/\.[^./\\]*$/, "").replace(/\d+/g, "#");
}

function timeNeighbours(photos: readonly BurstPhoto[], o: BurstOptions): [number, number][] {
  const timed = photos.flatMap((p, i) => (p.epochMs === null ? [] : [i]));
  timed.sort(
    (i, j) =>
      (photos[i]!.camera ?? "").localeCompare(photos[j]!.camera ?? "") ||
      photos[i]!.epochMs! - photos[j]!.epochMs! ||
      photos[i]!.file.localeCompare(photos[j]!.file),
  );
  return consecutive(timed).filter(([i, j]) => timeLink(photos[i]!, photos[j]!, o));
}

function nameNeighbours(photos: readonly BurstPhoto[], o: BurstOptions): [number, number][] {
  const seqs = photos.map((p) => nameSequence(p.file));
  const numbered = photos.flatMap((_, i) => (seqs[i] ? [i] : []));
  numbered.sort(
    (i, j) => numberingOrder(seqs[i]!, seqs[j]!) || photos[i]!.file.localeCompare(photos[j]!.file),
  );
  const at = (i: number) => ({ photo: photos[i]!, seq: seqs[i]! });
  return consecutive(numbered).filter(([i, j]) => nameLink(at(i), at(j), o));
}

function numberingOrder(a: NameSequence, b: NameSequence): number {
  return (
    a.folder.localeCompare(b.folder) ||
    a.prefix.localeCompare(b.prefix) ||
    Number(a.isTimeStamp) - Number(b.isTimeStamp) ||
    a.number - b.number
  );
}

/** Identical copies and untimed near duplicates, wherever they lie (quadratic, but a pHash comparison is cheap). */
function anywhereLinks(photos: readonly BurstPhoto[], o: BurstOptions): [number, number][] {
  const out: [number, number][] = [];
  const firstBySha = new Map<string, number>();
  photos.forEach((p, i) => {
    const first = p.sha256 ? firstBySha.get(p.sha256) : undefined;
    if (first !== undefined && identical(photos[first]!, p)) out.push([first, i]);
    else if (p.sha256) firstBySha.set(p.sha256, i);
  });
  photos.forEach((p, i) => {
    for (let j = i + 1; j < photos.length; j++) if (nearDuplicate(p, photos[j]!, o)) out.push([i, j]);
  });
  return out;
}

function consecutive(order: readonly number[]): [number, number][] {
  return order.slice(1).map((j, k) => [order[k]!, j]);
}
