/**
 * One runner across the shoot (core/domain/people): the embedding codec, the same-person evidence, linking into
 * persons with stable ids, carrying bibs without overwriting reads, their keywords, and the dev figures' arithmetic.
 */
import { describe, expect, it } from "vitest";
import {
  KEYPOINT_NAMES,
  type AnalysisRecord,
  type Keypoints,
  type Runner,
} from "../../core/domain/analysis.ts";
import { KEYWORD_ROOT } from "../../core/domain/bib/keywords.ts";
import {
  cosine,
  decodeEmbedding,
  encodeEmbedding,
  unitVector,
} from "../../core/domain/people/face-embedding.ts";
import {
  DEFAULT_CARRY_OPTIONS,
  DEFAULT_LINK_OPTIONS,
  linkShoot,
  runnerBibs,
  samePersonEvidence,
  sameRunnerSimilarity,
  shootOrder,
  sightingsOf,
} from "../../core/domain/people/index.ts";
import { carriedBibKeywords, hasCarriedBib } from "../../core/domain/people/keywords.ts";
import { withHiddenLetter } from "../../core/domain/people/hidden-letter.ts";
import { carriedBibsOf } from "../../core/domain/people/photo-bibs.ts";
import { agreeingFaces } from "../../core/domain/people/link.ts";
import { differentBibs } from "../../core/domain/bib/validate.ts";
import { evaluateCarried, evaluateCompleted, evaluatePairs } from "../../companion/eval/people.ts";
import { completedRecall } from "../../companion/eval/bib-report/completed-reads.ts";
import { withFreshBibs } from "../../companion/queue/bursts/bibs-change.ts";

const POSE = Object.fromEntries(KEYPOINT_NAMES.map((n) => [n, [0.5, 0.5, 0.9]])) as Keypoints;

/** A face descriptor pointing mostly along one axis: the same axis = the same face. */
function face(axis: number, noise = 0): string {
  const v = new Float32Array(64).fill(0.05);
  v[axis] = 1;
  v[(axis + 7) % 64] = noise;
  return encodeEmbedding(unitVector(v));
}

interface RunnerSpec {
  box?: [number, number, number, number];
  bib?: string;
  bibConfidence?: number;
  face?: string;
  kit?: [number, number, number];
  posed?: boolean;
  pose?: Keypoints;
}

function runner(spec: RunnerSpec): Runner {
  const kit = spec.kit ?? [200, 30, 30];
  return {
    box: spec.box ?? [0.3, 0.2, 0.6, 0.9],
    score: 0.9,
    keypoints: spec.posed === false ? null : (spec.pose ?? POSE),
    poseScore: 0.8,
    ...(spec.bib !== undefined ? { bib: spec.bib, bibConfidence: spec.bibConfidence ?? 0.9 } : { bib: null }),
    ...(spec.face ? { faceEmbedding: spec.face } : {}),
    pixels: {
      sharpness: 10,
      backgroundSharpness: 5,
      motionBlur: 0,
      highlightsClipped: 0,
      shadowsClipped: 0,
      torsoColour: kit,
      legsColour: [20, 20, 20],
    },
  };
}

function photo(file: string, runners: RunnerSpec[], epochMs: number | null = null): AnalysisRecord {
  return {
    schema: "stridelight.analysis/1",
    file: `/shoot/${file}`,
    width: 3000,
    height: 2000,
    source: {
      format: "jpeg",
      raw: false,
      preview: null,
      orientation: 1,
      bytes: 1,
      sha256: `${file}`.padEnd(64, "0"),
    },
    capture: { time: null, epochMs, camera: "Cam", lens: null, focalLength: null, exposureTime: null },
    runners: runners.map(runner),
    prominent: 0,
    faces: [],
    scene: new Array(48).fill(100),
    models: {},
    timings: { decode: 0, detect: 0, pose: 0, face: 0, total: 0 },
    warnings: [],
  };
}

describe("face embeddings in the record", () => {
  it("round-trips through base64 signed bytes with the cosine kept to ±0.01", () => {
    const a = unitVector(Array.from({ length: 1024 }, (_, i) => Math.sin(i * 0.37) + 1));
    const b = unitVector(Array.from({ length: 1024 }, (_, i) => Math.cos(i * 0.11) + 1));
    const text = encodeEmbedding(a);
    expect(text).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(text.length).toBe(1368); // 1024 bytes
    const back = decodeEmbedding(text)!;
    expect(Math.abs(cosine(back, decodeEmbedding(encodeEmbedding(b))!) - cosine(a, b))).toBeLessThan(0.01);
    expect(cosine(back, back)).toBeCloseTo(1, 5);
  });

  it("refuses text that is not an embedding", () => {
    expect(decodeEmbedding("not base64!")).toBeNull();
    expect(decodeEmbedding("")).toBeNull();
  });
});

describe("same-person evidence", () => {
  const shoot = [
    photo("IMG_0001.jpg", [{ bib: "1234", face: face(1) }]),
    photo("IMG_0002.jpg", [{ bib: "1234" }]),
    photo("IMG_0003.jpg", [{ bib: "998", face: face(1) }]),
    photo("IMG_0004.jpg", [{ bib: "234" }]),
  ];
  const s = sightingsOf(shoot, shootOrder(shoot));

  it("the same bib read on both links; two confident different reads can never be one person", () => {
    expect(samePersonEvidence(s[0]!, s[1]!).logOdds).toBeGreaterThan(0);
    expect(samePersonEvidence(s[0]!, s[2]!).logOdds).toBe(-Infinity);
  });

  it("a partial read inside the other is no reason to keep two sightings apart", () => {
    expect(differentBibs("A00662", "662")).toBe(false);
    expect(differentBibs("1234", "998")).toBe(true);
    expect(samePersonEvidence(s[1]!, s[3]!).logOdds).toBeGreaterThan(-Infinity);
  });

  it("two runners of one photo are never the same person", () => {
    const one = [photo("IMG_0001.jpg", [{ face: face(3) }, { face: face(3) }])];
    const [a, b] = sightingsOf(one, shootOrder(one));
    expect(samePersonEvidence(a!, b!).logOdds).toBe(-Infinity);
  });
});

/** A standing runner's skeleton, head at (x, top), shifted by dx, with head keypoints as sure as `head`. */
function skeleton(dx: number, head = 0.9): Keypoints {
  const at: Record<string, [number, number]> = {
    nose: [0.5, 0.25],
    left_eye: [0.51, 0.24],
    right_eye: [0.49, 0.24],
    left_ear: [0.52, 0.25],
    right_ear: [0.48, 0.25],
    left_shoulder: [0.55, 0.33],
    right_shoulder: [0.45, 0.33],
    left_elbow: [0.57, 0.45],
    right_elbow: [0.43, 0.45],
    left_wrist: [0.56, 0.55],
    right_wrist: [0.44, 0.55],
    left_hip: [0.53, 0.58],
    right_hip: [0.47, 0.58],
    left_knee: [0.54, 0.72],
    right_knee: [0.46, 0.72],
    left_ankle: [0.54, 0.86],
    right_ankle: [0.46, 0.86],
  };
  const isHead = (n: string) => n === "nose" || n.endsWith("_eye") || n.endsWith("_ear");
  return Object.fromEntries(
    KEYPOINT_NAMES.map((n) => [n, [at[n]![0] + dx, at[n]![1], isHead(n) ? head : 0.9]]),
  ) as Keypoints;
}

describe("one body found twice on a photo (the pose landed on the neighbour)", () => {
  const owner = {
    pose: skeleton(0),
    face: face(8),
    box: [0.4, 0.2, 0.6, 0.9] as [number, number, number, number],
  };
  const ghost = {
    pose: skeleton(0.003),
    face: face(8, 0.1),
    box: [0.35, 0.3, 0.45, 0.5] as [number, number, number, number],
  };

  it("the same skeleton twice is one person: the bib read on it is the owner's too, and goes on to the next frame", () => {
    const shoot = [
      photo("IMG_0061.jpg", [owner, { ...ghost, bib: "4321", bibConfidence: 0.95 }]),
      photo("IMG_0062.jpg", [{ pose: skeleton(0.01), face: face(8, 0.05) }]),
    ];
    const [a, b] = sightingsOf(shoot, shootOrder(shoot));
    expect(samePersonEvidence(a!, b!).logOdds).toBeGreaterThan(0);
    const linked = linkShoot(shoot);
    const [o, g] = linked[0]!.runners;
    expect(o!.person).toBe(g!.person);
    expect(o).toMatchObject({ bibSource: "carried", carriedBib: "4321" });
    expect(o!.carriedBibConfidence).toBeGreaterThanOrEqual(DEFAULT_CARRY_OPTIONS.keywordConfidence);
    expect(linked[1]!.runners[0]).toMatchObject({ person: o!.person, carriedBib: "4321" });
  });

  it("two runners side by side, two bibs on one skeleton, or a face from another head are not twins", () => {
    const beside = [photo("IMG_0063.jpg", [owner, { ...owner, pose: skeleton(0.15), face: face(8) }])];
    const twoBibs = [
      photo("IMG_0064.jpg", [
        { ...owner, bib: "4321", bibConfidence: 0.9 },
        { ...ghost, bib: "777", bibConfidence: 0.9 },
      ]),
    ];
    // No sure head keypoints: the face was searched in the top of the box, another person's head.
    const otherHead = [
      photo("IMG_0065.jpg", [owner, { ...ghost, pose: skeleton(0.003, 0.1), face: face(30) }]),
    ];
    for (const one of [beside, twoBibs, otherHead]) {
      const [a, b] = sightingsOf(one, shootOrder(one));
      expect(samePersonEvidence(a!, b!).logOdds).toBe(-Infinity);
      const linked = linkShoot(one)[0]!.runners;
      expect(linked[0]!.person).not.toBe(linked[1]!.person);
    }
  });
});

describe("the same-person similarity the bursts can call", () => {
  it("is high for one runner in two frames, low for two runners, zero within one photo", () => {
    const a = photo("IMG_0051.jpg", [{ face: face(6) }, { face: face(20), kit: [20, 20, 220] }]);
    const b = photo("IMG_0052.jpg", [{ face: face(6, 0.1) }]);
    expect(sameRunnerSimilarity(a, 0, b, 0)).toBeGreaterThan(0.9);
    expect(sameRunnerSimilarity(a, 1, b, 0)).toBeLessThan(0.1);
    expect(sameRunnerSimilarity(a, 0, a, 1)).toBe(0);
    expect(sameRunnerSimilarity(a, 0, b, 0)).toBe(sameRunnerSimilarity(b, 0, a, 0));
  });
});

describe("linking a shoot", () => {
  it("links frames of one runner by face and kit moments apart, keeps another runner apart", () => {
    const shoot = [
      photo("IMG_0011.jpg", [
        { face: face(5) },
        { face: face(9), kit: [30, 30, 200], box: [0.7, 0.2, 0.9, 0.9] },
      ]),
      photo("IMG_0012.jpg", [{ face: face(5, 0.2) }]),
      photo("IMG_0013.jpg", [{ face: face(9), kit: [30, 30, 200], box: [0.7, 0.2, 0.9, 0.9] }]),
    ];
    const linked = linkShoot(shoot);
    const [a, b] = linked[0]!.runners;
    expect(linked[1]!.runners[0]!.person).toBe(a!.person);
    expect(linked[2]!.runners[0]!.person).toBe(b!.person);
    expect(a!.person).not.toBe(b!.person);
  });

  it("never chains two runners whose faces clearly differ through a frame that shows neither face", () => {
    // The middle frame (no face, same kit, moments apart) links to either side; the two sides are two people.
    const shoot = [
      photo("B_0001.jpg", [{ face: face(1) }], 0),
      photo("B_0002.jpg", [{}], 1000),
      photo("B_0003.jpg", [{ face: face(40) }], 2000),
    ];
    const [a, b, c] = sightingsOf(shoot, shootOrder(shoot));
    expect(samePersonEvidence(a!, b!).logOdds).toBeGreaterThan(0);
    expect(samePersonEvidence(b!, c!).logOdds).toBeGreaterThan(0);
    const persons = linkShoot(shoot).map((r) => r.runners[0]!.person);
    expect(persons[1]).toBe(persons[0]);
    expect(persons[2]).not.toBe(persons[0]);
  });

  it("a piece of the bib (662 of A00662) is no stranger to the chaining guard: faces that differ do not part them", () => {
    // A visor-shaded face reads unlike the portrait frames' face; the bibs say one runner, one of them half hidden.
    const shoot = [
      photo("C_0001.jpg", [{ face: face(1), bib: "A00662" }], 0),
      photo("C_0002.jpg", [{}], 1000),
      photo("C_0003.jpg", [{ face: face(40), bib: "662" }], 2000),
    ];
    const persons = linkShoot(shoot).map((r) => r.runners[0]!.person);
    expect(new Set(persons).size).toBe(1);
  });

  it("one stray face in a runner the bib tied together does not part him from his next frame", () => {
    // The third frame's face box caught the runner behind (face 40); the unread frame a minute later shows his
    // face: face and kit link it, after the bib has tied the three frames together.
    const shoot = [
      photo("D_0001.jpg", [{ face: face(5), bib: "A100" }], 0),
      photo("D_0002.jpg", [{ face: face(5, 0.2), bib: "A100" }], 1000),
      photo("D_0003.jpg", [{ face: face(40), bib: "A100" }], 2000),
      photo("D_0004.jpg", [{ face: face(5, 0.1) }], 60_000),
    ];
    const linked = linkShoot(shoot);
    expect(new Set(linked.map((r) => r.runners[0]!.person)).size).toBe(1);
    expect(linked[3]!.runners[0]).toMatchObject({ carriedBib: "A100", bibSource: "carried" });
  });

  it("a runner's faces that agree still part him from another runner chained through a faceless frame", () => {
    const shoot = [
      photo("E_0001.jpg", [{ face: face(5), bib: "A100" }], 0),
      photo("E_0002.jpg", [{ face: face(5, 0.2), bib: "A100" }], 1000),
      photo("E_0003.jpg", [{ face: face(5, 0.1), bib: "A100" }], 2000),
      photo("E_0004.jpg", [{}], 3000),
      photo("E_0005.jpg", [{ face: face(40) }], 4000),
    ];
    const persons = linkShoot(shoot).map((r) => r.runners[0]!.person);
    expect(persons[3]).toBe(persons[0]);
    expect(persons[4]).not.toBe(persons[0]);
  });

  it("leaves out of the chaining guard only the faces unlike most of their own person's", () => {
    const vector = (text: string) => decodeEmbedding(text)!;
    const x = [face(5), face(5, 0.2), face(5, 0.1)].map(vector);
    const y = [face(40), face(40, 0.2)].map(vector);
    const veto = DEFAULT_LINK_OPTIONS.faceVeto;
    expect(agreeingFaces([...x, y[0]!], veto)).toEqual(x);
    // Two faces cannot say which strays; two people's faces, two each, agree with their own and stay.
    expect(agreeingFaces([x[0]!, y[0]!], veto)).toHaveLength(2);
    expect(agreeingFaces([x[0]!, x[1]!, y[0]!, y[1]!], veto)).toHaveLength(4);
  });

  it("kit alone (no face, no bib) does not link frames far apart", () => {
    const shoot = [photo("A_0001.jpg", [{}], 0), photo("A_0002.jpg", [{}], 3_600_000)];
    const linked = linkShoot(shoot);
    expect(linked[0]!.runners[0]!.person).not.toBe(linked[1]!.runners[0]!.person);
  });

  it("gives the same ids for the same photos in any input order, named after the first sighting", () => {
    const shoot = [
      photo("IMG_0021.jpg", [{ bib: "77", face: face(2) }]),
      photo("IMG_0022.jpg", [{ face: face(2) }]),
      photo("IMG_0023.jpg", [{ bib: "77" }]),
    ];
    const forward = linkShoot(shoot).map((r) => r.runners[0]!.person);
    const backward = linkShoot([...shoot].reverse())
      .reverse()
      .map((r) => r.runners[0]!.person);
    expect(backward).toEqual(forward);
    expect(forward[0]).toBe(`${"IMG_0021.jpg".padEnd(12, "0").slice(0, 12)}#0`);
    expect(new Set(forward).size).toBe(1);
  });

  it("gives no person to runners without a pose, and links again from scratch on a second scoring", () => {
    const shoot = [photo("IMG_0031.jpg", [{ posed: false }, { bib: "5" }, { posed: false, bib: "812" }])];
    const once = linkShoot(shoot);
    expect(once[0]!.runners[0]!.person).toBeUndefined();
    expect(once[0]!.runners[0]!.bibSource).toBeUndefined();
    // A bib read on a runner without a pose (a pack's runner beyond the pose gate) is still a read.
    expect(once[0]!.runners[2]).toMatchObject({ bib: "812", bibSource: "read" });
    expect(once[0]!.runners[2]!.person).toBeUndefined();
    const stale = {
      ...once[0]!,
      runners: once[0]!.runners.map((r) => ({ ...r, carriedBib: "9", person: "x" })),
    };
    const again = linkShoot([stale]);
    expect(again[0]!.runners[1]).toMatchObject({ person: once[0]!.runners[1]!.person, bibSource: "read" });
    expect(again[0]!.runners[1]!.carriedBib).toBeUndefined();
  });
});

describe("carrying bibs", () => {
  const shoot = [
    photo("IMG_0041.jpg", [{ bib: "1234", bibConfidence: 0.95, face: face(4) }]),
    photo("IMG_0042.jpg", [{ face: face(4) }]),
    photo("IMG_0043.jpg", [{ bib: "12", face: face(4) }]),
    photo("IMG_0044.jpg", [{ face: face(11), kit: [10, 200, 10] }]),
  ];
  const linked = linkShoot(shoot);

  it("carries the read bib to the same runner's unread frames, with a confidence, marked as carried", () => {
    const r = linked[1]!.runners[0]!;
    expect(r.bib).toBeNull();
    expect(r).toMatchObject({ bibSource: "carried", carriedBib: "1234" });
    expect(r.carriedBibConfidence).toBeGreaterThan(0.5);
    expect(r.carriedBibConfidence).toBeLessThanOrEqual(0.95);
  });

  it("never overwrites a read; a partial read gets the whole bib carried beside it; nothing goes to another runner", () => {
    expect(linked[0]!.runners[0]).toMatchObject({ bib: "1234", bibSource: "read" });
    expect(linked[0]!.runners[0]!.carriedBib).toBeUndefined();
    expect(linked[2]!.runners[0]).toMatchObject({ bib: "12", bibSource: "read", carriedBib: "1234" });
    expect(linked[3]!.runners[0]!.carriedBib).toBeUndefined();
    expect(linked[3]!.runners[0]!.bibSource).toBeUndefined();
  });

  it("lists carried bibs for keywords only at or above the keyword confidence", () => {
    const runners = linked[1]!.runners;
    const c = runners[0]!.carriedBibConfidence!;
    expect(runnerBibs(runners, c)).toEqual([{ bib: "1234", source: "carried", confidence: c }]);
    expect(runnerBibs(runners, c + 0.001)).toEqual([]);
    expect(carriedBibsOf(runners)).toEqual([{ bib: "1234", confidence: c }]);
    expect(DEFAULT_CARRY_OPTIONS.keywordConfidence).toBeGreaterThan(0.5);
  });

  it("keywords a carried bib like a read one, plus a mark that it was carried", () => {
    const k = carriedBibKeywords([{ bib: "1234" }]);
    expect(k.hierarchical).toEqual([`${KEYWORD_ROOT}|bib|1234`, `${KEYWORD_ROOT}|carried bib|1234`]);
    expect(k.flat).toEqual(["1234"]);
    expect(hasCarriedBib(k.hierarchical, "1234")).toBe(true);
    expect(hasCarriedBib([`${KEYWORD_ROOT}|bib|1234`], "1234")).toBe(false);
  });
});

describe("a read whose letter the photo hides", () => {
  it("is the person's bib when it holds all its digits: leading zeros as the reader drops them, letters only", () => {
    expect(withHiddenLetter("662", "A00662")).toBe("A00662");
    expect(withHiddenLetter("30483", "B30483")).toBe("B30483");
    expect(withHiddenLetter("1234", "AB1234")).toBe("AB1234");
    // Lost digits are not a hidden letter: 3723 could be another runner's number.
    expect(withHiddenLetter("3723", "B13723")).toBeNull();
    expect(withHiddenLetter("12", "1234")).toBeNull();
    expect(withHiddenLetter("A662", "A00662")).toBeNull();
    expect(withHiddenLetter("0662", "A00662")).toBeNull();
    expect(withHiddenLetter("1234", "1234")).toBeNull();
  });

  const shoot = [
    photo("IMG_0051.jpg", [{ bib: "A00662", bibConfidence: 0.97, face: face(6) }]),
    photo("IMG_0052.jpg", [{ bib: "662", bibConfidence: 0.99, face: face(6) }]),
    photo("IMG_0053.jpg", [{ bib: "3723", face: face(6) }]),
    photo("IMG_0054.jpg", [{ bib: "662", face: face(12), kit: [10, 200, 10] }]),
  ];
  const linked = linkShoot(shoot);

  it("reads the whole bib where only the letter was hidden, keeping what was read and the link it came by", () => {
    expect(linked[1]!.runners[0]).toMatchObject({
      bib: "A00662",
      bibAsRead: "662",
      bibSource: "read",
      bibConfidence: 0.99,
      carriedBib: "A00662",
    });
    expect(carriedBibsOf(linked[1]!.runners)).toEqual([]);
    expect(runnerBibs(linked[1]!.runners, 0)).toEqual([{ bib: "A00662", source: "read", confidence: 0.99 }]);
  });

  it("completes nothing else: the whole bib's own photo, a read that lost digits, another runner's 662", () => {
    expect(linked[0]!.runners[0]).toMatchObject({ bib: "A00662", bibSource: "read" });
    expect(linked[0]!.runners[0]!.bibAsRead).toBeUndefined();
    expect(linked[2]!.runners[0]).toMatchObject({ bib: "3723", bibSource: "read" });
    expect(linked[3]!.runners[0]).toMatchObject({ bib: "662", bibSource: "read" });
    expect(linked[3]!.runners[0]!.bibAsRead).toBeUndefined();
  });

  it("completes the digits a race format left without a bib (bibDigits) the same way, and takes it back again", () => {
    const digitsOnly = { ...shoot[1]!, runners: [{ ...shoot[1]!.runners[0]!, bib: null, bibDigits: "662" }] };
    const [whole, second] = linkShoot([shoot[0]!, digitsOnly]);
    expect(second!.runners[0]).toMatchObject({ bib: "A00662", bibAsRead: "662", bibSource: "read" });
    expect(whole!.runners[0]).toMatchObject({ bib: "A00662", bibSource: "read" });
    expect(linkShoot([whole!, second!])).toEqual([whole, second]);
    const alone = linkShoot([second!])[0]!.runners[0]!;
    expect(alone.bib).toBeNull();
    expect(alone.bibAsRead).toBeUndefined();
    expect(alone.bibDigits).toBe("662");
  });

  it("links a second scoring on what was read, so scoring the scored records again changes nothing", () => {
    expect(linkShoot(linked)).toEqual(linked);
    // Without the photo that reads the letter, the read is what it was.
    const alone = linkShoot([linked[1]!, linked[3]!]);
    expect(alone[0]!.runners[0]).toMatchObject({ bib: "662", bibSource: "read" });
    expect(alone[0]!.runners[0]!.bibAsRead).toBeUndefined();
  });
});

describe("the dev figures' arithmetic", () => {
  it("counts carried bibs apart from read ones", () => {
    const records = [
      {
        file: "/d/a.jpg",
        runners: [runner({ bib: "1" }), { ...runner({}), carriedBib: "2", carriedBibConfidence: 0.95 }],
      },
      { file: "/d/b.jpg", runners: [{ ...runner({}), carriedBib: "9", carriedBibConfidence: 0.6 }] },
      { file: "/d/n.jpg", runners: [{ ...runner({}), carriedBib: "3", carriedBibConfidence: 0.99 }] },
    ];
    const manifest = [
      { file: "a.jpg", kind: "running", bibs: ["1", "2", "4"] },
      { file: "b.jpg", kind: "running", bibs: ["5"] },
      { file: "n.jpg", kind: "negative" },
    ];
    expect(evaluateCarried(records, manifest)).toEqual({
      unreadTruth: 3,
      reachable: 0,
      found: 1,
      carried: 2,
      right: 1,
      onNegatives: 1,
    });
    expect(evaluateCarried(records, manifest, 0.9)).toMatchObject({ carried: 1, right: 1 });
  });

  it("counts the reads whose letter the link completed, and the read recall with and without them", () => {
    const records = [
      {
        file: "/d/a.jpg",
        runners: [{ ...runner({ bib: "A00662" }), bibAsRead: "662" }, runner({ bib: "7" })],
      },
      { file: "/d/b.jpg", runners: [{ ...runner({ bib: "B30483" }), bibAsRead: "30483" }] },
    ];
    const manifest = [
      { file: "a.jpg", kind: "running", bibs: ["A00662", "7", "8"] },
      { file: "b.jpg", kind: "running", bibs: ["B30484"] },
    ];
    expect(evaluateCompleted(records, manifest)).toEqual({
      completed: 2,
      inTruth: 1,
      recall: 2,
      recallAsRead: 1,
      truth: 4,
    });
  });

  it("counts a way of reading's reads completed as the product completes them (eval:bibs held-out line)", () => {
    // The scored records carry the shipped reads, 662 already completed to A00662.
    const scored = linkShoot([
      photo("IMG_0051.jpg", [{ bib: "A00662", face: face(6) }]),
      photo("IMG_0052.jpg", [{ bib: "662", face: face(6) }]),
    ]);
    const manifest = [
      { file: "IMG_0051.jpg", kind: "running", bibs: ["A00662"] },
      { file: "IMG_0052.jpg", kind: "running", bibs: ["A00662"] },
    ];
    const reads = (first: string | null, second: string | null) => [
      { file: "IMG_0051.jpg", runners: [{ bib: first }] },
      { file: "IMG_0052.jpg", runners: [{ bib: second }] },
    ];
    const same = (runners: readonly Runner[]) => runners;
    expect(completedRecall(scored, reads("A00662", "662"), same, manifest)).toMatchObject({
      recall: 2,
      recallAsRead: 1,
    });
    // Held out, the whole bib is not read: nothing completes the 662, which stays as read.
    expect(completedRecall(scored, reads(null, "662"), same, manifest)).toMatchObject({
      recall: 0,
      recallAsRead: 0,
    });
    // A photo the way of reading did not read keeps its record's reads.
    expect(completedRecall(scored, reads("A00662", "662").slice(0, 1), same, manifest)).toMatchObject({
      recall: 2,
    });
  });

  it("scores same-person pairs within a series and across series of one source", () => {
    const f = (file: string, group: string, person: string | null, bibs: string[] = []) => ({
      file,
      group,
      source: "s",
      bibs,
      person,
    });
    const figures = evaluatePairs([
      f("1", "g1", "p1"),
      f("2", "g1", "p1"),
      f("3", "g1", null),
      f("4", "g2", "p1"),
      f("5", "g2", "p9", ["7"]),
      f("6", "g1", "p2", ["8"]),
      f("7", "g1", "p3", ["9"]),
    ]);
    // g1 holds 5 frames (10 pairs) but 6-7 have different truth bibs: different runners, no positive; g2 one pair.
    expect(figures.positives).toBe(10);
    expect(figures.linkedPositives).toBe(1);
    expect(figures.negatives).toBe(10);
    expect(figures.linkedNegatives).toBe(2); // 1-4 and 2-4
    expect(figures.precision).toBeCloseTo(1 / 3);
  });
});

describe("the companion's burst re-score and carried bibs", () => {
  const stored = {
    keeper: 0.7,
    stars: 3,
    label: null,
    flags: [],
    bibs: [],
    keywords: ["Stridelight|style|good"],
    burst: null,
    parts: { keeper: 0.7 },
    explanations: [],
  };

  it("brings carried bibs up to date alone, keeping the stored verdict", () => {
    const fresh = { ...stored, stars: 5, carriedBibs: [{ bib: "1234", confidence: 0.95 }] };
    expect(withFreshBibs(stored, fresh)).toEqual({ ...stored, carriedBibs: fresh.carriedBibs });
  });

  it("brings a read up to date when a frame that arrived since completes its hidden letter", () => {
    const read = { ...stored, bibs: ["662"] };
    const fresh = { ...read, stars: 5, bibs: ["A00662"] };
    expect(withFreshBibs(read, fresh)).toEqual({ ...read, bibs: ["A00662"], carriedBibs: [] });
  });

  it("leaves the frame alone when nothing carried changed", () => {
    const same = { ...stored, carriedBibs: [{ bib: "1234", confidence: 0.95 }] };
    expect(withFreshBibs(same, { ...same, stars: 1 })).toBeNull();
    expect(withFreshBibs(stored, { ...stored, carriedBibs: [] })).toBeNull();
  });
});
