/** The reason shown beside a proposal: short, in the photographer's words, built from what the crop achieves. */
import type { Subject } from "./compose.ts";
import type { PxBox } from "./geometry.ts";
import type { RuleCheck } from "./rules.ts";

export interface ReasonFacts {
  aspect: string;
  subject: Subject;
  crop: PxBox;
  check: RuleCheck;
  group: number;
  pixels: { width: number; height: number };
  belowMinResolution: boolean;
}

const JOINT_WORDS: Record<string, string> = { ankle: "ankle", knee: "knee", wrist: "wrist", neck: "neck" };

function framing(f: ReasonFacts): string {
  const who = f.group > 1 ? `${f.group} runners together` : "runner";
  if (f.check.coreOut > 0.02) return `${who} too big for ${f.aspect}: partial framing, head or torso cut`;
  if (f.check.runnerOut > 0.02) return `${who} too big for ${f.aspect}: head and torso kept, limbs cut`;
  return f.group > 1 ? `${who}, full length` : "runner full length";
}

function leadRoom(f: ReasonFacts): string | null {
  const d = f.subject.direction;
  if (d === 0) return null;
  const ahead = d > 0 ? f.crop[2] - f.subject.box[2] : f.subject.box[0] - f.crop[0];
  const behind = d > 0 ? f.subject.box[0] - f.crop[0] : f.crop[2] - f.subject.box[2];
  return ahead > behind
    ? `lead room to the ${d > 0 ? "right" : "left"}`
    : `little lead room (running ${d > 0 ? "right" : "left"})`;
}

function thirds(f: ReasonFacts): string | null {
  const [x0, y0, x1, y1] = f.crop;
  const headY = (f.subject.headTop + f.subject.core[1] + (f.subject.core[3] - f.subject.core[1]) * 0.15) / 2;
  const torsoX = (f.subject.core[0] + f.subject.core[2]) / 2;
  const ty = (headY - y0) / (y1 - y0);
  const tx = (torsoX - x0) / (x1 - x0);
  if (Math.abs(tx - 1 / 3) < 0.05 || Math.abs(tx - 2 / 3) < 0.05)
    return `runner on the ${tx < 0.5 ? "left" : "right"} third`;
  return Math.abs(ty - 1 / 3) < 0.06 ? "head on upper third" : null;
}

function cuts(f: ReasonFacts): string | null {
  const names = [
    ...new Set(f.check.cutJoints.map((j) => JOINT_WORDS[j.name.replace(/^(left|right)_/, "")] ?? j.name)),
  ];
  return names.length > 0 ? `edge close to the ${names.join(" and ")}` : null;
}

export function reasonFor(f: ReasonFacts): string {
  const parts = [framing(f), leadRoom(f), thirds(f), cuts(f)];
  if (f.belowMinResolution) parts.push(`only ${Math.max(f.pixels.width, f.pixels.height)} px long side`);
  return parts.filter((p): p is string => p !== null).join(", ");
}
