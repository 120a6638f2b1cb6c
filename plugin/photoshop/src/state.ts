/**
 * What the panel can be showing. Every state the photographer may meet has its own kind, with the words that
 * tell them what to do next; the view renders exactly one of them.
 */
import type { CropSuggestion, Suggestion } from "./companion-client.ts";
import type { Box, Size } from "./crop-mapping.ts";
import type { DocumentInfo } from "./host-port.ts";

/** The photo as the companion analyzed it: what the panel shows beside the crops. */
export interface PhotoVerdict {
  readonly photoId: number;
  readonly analyzed: Size;
  readonly keeper: number | null;
  readonly runningStyle: number | null;
  readonly explanations: readonly string[];
  readonly flags: readonly string[];
  readonly bibs: readonly string[];
  readonly rating: number | null;
  readonly crops: readonly CropSuggestion[];
}

/** The crop being prepared: the proposal it started from and where the photographer has moved it. */
export interface CropDraft {
  readonly aspect: string;
  /** The companion's proposal this draft answers (for an aspect it did not propose: the one it started from). */
  readonly proposal: CropSuggestion;
  readonly box: Box;
}

export interface Notice {
  readonly tone: "info" | "error";
  readonly text: string;
}

export type PanelState =
  | { readonly kind: "starting" }
  | { readonly kind: "unpaired"; readonly companion: string; readonly problem: string | null }
  | { readonly kind: "offline"; readonly companion: string }
  /** Something answers at the companion's address but cannot be used: each cause with its own next step. */
  | {
      readonly kind: "problem";
      readonly companion: string;
      readonly cause: "forbidden" | "not-stridelight" | "companion-error";
      readonly detail: string;
    }
  | { readonly kind: "no-document" }
  | { readonly kind: "unsaved"; readonly doc: DocumentInfo }
  | { readonly kind: "missing-file"; readonly doc: DocumentInfo }
  | {
      readonly kind: "not-analyzed";
      readonly doc: DocumentInfo;
      readonly photoId: number;
      readonly asked: boolean;
    }
  | { readonly kind: "analyzing"; readonly doc: DocumentInfo; readonly photoId: number }
  | { readonly kind: "failed"; readonly doc: DocumentInfo; readonly error: string }
  | {
      readonly kind: "ready";
      readonly doc: DocumentInfo;
      readonly verdict: PhotoVerdict;
      readonly thumbnail: string | null;
      /**
       * The part of the analyzed frame the document shows now: all of it, the applied crop after our crop, or null
       * when the document was reshaped in a way the panel cannot follow (rotated, canvas size).
       */
      readonly shown: Box | null;
      readonly draft: CropDraft | null;
      readonly notice: Notice | null;
    };

export type ReadyState = Extract<PanelState, { kind: "ready" }>;

/** The suggestion and the photo's facts together; null when the analyzed size is unknown. */
export function verdictOf(
  s: Suggestion,
  width: number | null,
  height: number | null,
  parts: Record<string, number> | null,
): PhotoVerdict | null {
  if (!width || !height) return null;
  return {
    photoId: s.photoId,
    analyzed: { width, height },
    keeper: s.keeper,
    runningStyle: parts?.runningStyle ?? null,
    explanations: s.explanations,
    flags: s.flags,
    bibs: s.bibs,
    rating: s.rating,
    crops: s.crops,
  };
}

/** The companion's best proposal of each aspect, best first (the list it sends may hold several per aspect). */
export function bestPerAspect(crops: readonly CropSuggestion[]): CropSuggestion[] {
  const best = new Map<string, CropSuggestion>();
  for (const c of crops) if ((best.get(c.aspect)?.score ?? -1) < c.score) best.set(c.aspect, c);
  return [...best.values()].sort((a, b) => b.score - a.score);
}

export function draftFrom(proposal: CropSuggestion): CropDraft {
  return { aspect: proposal.aspect, proposal, box: [...proposal.box] };
}

/** The first draft: the best-scored proposal, or none when the companion proposed nothing. */
export function firstDraft(verdict: PhotoVerdict): CropDraft | null {
  const best = bestPerAspect(verdict.crops)[0];
  return best ? draftFrom(best) : null;
}
