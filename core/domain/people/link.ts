/**
 * One runner across the shoot: sightings are joined into persons, strongest evidence first (greedy, like a
 * photographer sorting the obvious matches before the doubtful ones), never joining two sightings of one photo (but
 * one body found twice on it, twins.ts), two confident reads that cannot be one bib, nor two persons with faces
 * clearly apart (LinkOptions.faceVeto: a chain A–B–C where A and C are two people stops there). Deterministic: the
 * pairs are ordered by evidence, then by position.
 */
import {
  areTwins,
  DEFAULT_LINK_OPTIONS,
  logistic,
  samePersonEvidence,
  type LinkOptions,
} from "./similarity.ts";
import { differentBibs } from "../bib/validate.ts";
import { cosine } from "./face-embedding.ts";
import type { Sighting } from "./sighting.ts";

export interface LinkEdge {
  readonly a: number;
  readonly b: number;
  /** 0–1: the logistic of the pair's log-odds. */
  readonly probability: number;
}

export interface People {
  /** Person of each sighting: the index of the person's first sighting in shoot order. */
  readonly personOf: readonly number[];
  /** The pairs that joined persons (indices into the sightings), in the order they were accepted. */
  readonly edges: readonly LinkEdge[];
}

interface Pair {
  readonly a: number;
  readonly b: number;
  readonly logOdds: number;
}

export function linkSightings(sightings: readonly Sighting[], o: LinkOptions = DEFAULT_LINK_OPTIONS): People {
  const pairs = candidatePairs(sightings, o).sort((x, y) => y.logOdds - x.logOdds || x.a - y.a || x.b - y.b);
  const groups = new Groups(sightings, o);
  const edges: LinkEdge[] = [];
  for (const p of pairs)
    if (groups.join(p.a, p.b)) edges.push({ a: p.a, b: p.b, probability: logistic(p.logOdds) });
  return { personOf: sightings.map((_, i) => groups.first(i)), edges };
}

/** Pairs within the window of photos (all evidence) and pairs reading the same bib anywhere in the shoot. */
function candidatePairs(sightings: readonly Sighting[], o: LinkOptions): Pair[] {
  const pairs: Pair[] = [];
  const seen = new Set<string>();
  const add = (a: number, b: number) => {
    const key = `${a}:${b}`;
    if (seen.has(key)) return;
    seen.add(key);
    const e = samePersonEvidence(sightings[a]!, sightings[b]!, o);
    if (e.logOdds >= o.linkAt) pairs.push({ a, b, logOdds: e.logOdds });
  };
  // Photos apart in the whole shoot's file order (place), not only among the ones linked here.
  const at = (s: Sighting) => s.place ?? s.photo;
  for (let a = 0; a < sightings.length; a++)
    for (let b = a + 1; b < sightings.length && at(sightings[b]!) - at(sightings[a]!) <= o.window; b++)
      add(a, b);
  const byBib = new Map<string, number[]>();
  sightings.forEach((s, i) => {
    if (s.bib) byBib.set(s.bib, [...(byBib.get(s.bib) ?? []), i]);
  });
  for (const members of byBib.values())
    for (let x = 0; x < members.length; x++)
      for (let y = x + 1; y < members.length; y++) add(members[x]!, members[y]!);
  return pairs;
}

/**
 * Union-find whose groups remember their sightings by photo and their confident bibs, so a join that puts two
 * sightings of one photo together (other than twins) or two bibs that cannot be one is refused; and the best few
 * faces of each group for the face veto.
 */
class Groups {
  private readonly parent: number[];
  private readonly byPhoto: Map<number, number[]>[];
  private readonly bibs: Set<string>[];
  private readonly firstOf: number[];
  /** Sightings whose faces the veto compares, at most LinkOptions.vetoFaces, best first (vetoOrder). */
  private readonly vetoFaces: number[][];
  /** Their faces that agree with their own person (agreeingFaces), kept up to date on each join. */
  private readonly agreeing: Float32Array[][];

  constructor(
    private readonly sightings: readonly Sighting[],
    private readonly o: LinkOptions,
  ) {
    this.parent = sightings.map((_, i) => i);
    this.firstOf = sightings.map((_, i) => i);
    this.byPhoto = sightings.map((s, i) => new Map([[s.photo, [i]]]));
    this.bibs = sightings.map((s) =>
      s.bib && s.bibConfidence >= o.differentBibConfidence ? new Set([s.bib]) : new Set(),
    );
    this.vetoFaces = sightings.map((s, i) => (s.face ? [i] : []));
    this.agreeing = sightings.map((s) => (s.face ? [s.face] : []));
  }

  root(i: number): number {
    while (this.parent[i] !== i) i = this.parent[i] = this.parent[this.parent[i]!]!;
    return i;
  }

  first(i: number): number {
    return this.firstOf[this.root(i)]!;
  }

  join(a: number, b: number): boolean {
    const ra = this.root(a);
    const rb = this.root(b);
    if (ra === rb || !this.photosAgree(ra, rb)) return false;
    const bibs = [...this.bibs[rb]!];
    if ([...this.bibs[ra]!].some((x) => bibs.some((y) => differentBibs(x, y)))) return false;
    // Past the check above no bib of one contradicts one of the other: when both groups read a bib it is one
    // runner's bib, whole or in part (662 of A00662), and a face that reads otherwise (a visor's shade, a far frame)
    // does not part them; the face guard is for groups that no bib ties together.
    const bothRead = bibs.length > 0 && this.bibs[ra]!.size > 0;
    if (!bothRead && !this.facesAgree(ra, rb)) return false;
    this.parent[rb] = ra;
    for (const [photo, members] of this.byPhoto[rb]!)
      this.byPhoto[ra]!.set(photo, [...(this.byPhoto[ra]!.get(photo) ?? []), ...members]);
    for (const bib of this.bibs[rb]!) this.bibs[ra]!.add(bib);
    this.firstOf[ra] = Math.min(this.firstOf[ra]!, this.firstOf[rb]!);
    this.vetoFaces[ra] = [...this.vetoFaces[ra]!, ...this.vetoFaces[rb]!]
      .sort((x, y) => this.vetoOrder(x, y))
      .slice(0, this.o.vetoFaces);
    this.agreeing[ra] = agreeingFaces(
      this.vetoFaces[ra].map((i) => this.sightings[i]!.face!),
      this.o.faceVeto,
    );
    return true;
  }

  /**
   * No face of one group clearly another person's than a face of the other (LinkOptions.faceVeto), among each
   * group's best faces (LinkOptions.vetoFaces) that agree with their own group (agreeingFaces).
   */
  private facesAgree(ra: number, rb: number): boolean {
    const theirs = this.agreeing[rb]!;
    return this.agreeing[ra]!.every((x) => theirs.every((y) => cosine(x, y) >= this.o.faceVeto));
  }

  /** The taller runner's face first (more pixels, a surer descriptor); then shoot order, for determinism. */
  private vetoOrder(x: number, y: number): number {
    const height = (i: number) => this.sightings[i]!.box[3] - this.sightings[i]!.box[1];
    return height(y) - height(x) || x - y;
  }

  /** Two groups may share a photo only through twins: every pair of their sightings on it is one body. */
  private photosAgree(ra: number, rb: number): boolean {
    for (const [photo, members] of this.byPhoto[rb]!) {
      const others = this.byPhoto[ra]!.get(photo);
      if (!others) continue;
      for (const x of members)
        for (const y of others) if (!areTwins(this.sightings[x]!, this.sightings[y]!, this.o)) return false;
    }
    return true;
  }
}

/**
 * The faces that look like their own person: of three or more, a face that agrees (cosine at or above `veto`) with
 * fewer than half of the others (at least one) is left out. A person the bib tied together can hold a face that is
 * no likeness of the runner (head bowed under a visor, turned away) or not his (a face box that caught the runner
 * behind): on the dev set one such face (A00662 bowed under his visor, cosine 0.23–0.38 to his seven other faces,
 * which agree at 0.56–0.89) vetoed two frames whose face matched a frame reading A00662 at 0.96. Two faces alone
 * cannot say which one strays: both stay; so do two people's faces already in one person, each agreeing with its own.
 */
export function agreeingFaces(faces: readonly Float32Array[], veto: number): Float32Array[] {
  if (faces.length < 3) return [...faces];
  const needed = Math.max(1, Math.floor((faces.length - 1) / 2));
  return faces.filter(
    (face, i) => faces.filter((other, j) => j !== i && cosine(face, other) >= veto).length >= needed,
  );
}
