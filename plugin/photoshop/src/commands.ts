/**
 * Typed commands the panel asks Photoshop to run. Each runs inside executeAsModal as one history step, so one
 * Undo takes it back; the host checks the document is still the one the command was planned for.
 */

/** Pixel edges in the document, Photoshop's crop bounds. */
export interface PixelBounds {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

export interface CropCommand {
  readonly kind: "crop";
  readonly documentId: number;
  readonly bounds: PixelBounds;
  /** The document size the bounds were computed for: the host refuses if it changed meanwhile. */
  readonly plannedFor: { readonly width: number; readonly height: number };
  /** The name of the history step. */
  readonly historyName: string;
}

export type DocumentCommand = CropCommand;

export const CROP_HISTORY_NAME = "Stridelight crop";

export function cropCommand(
  documentId: number,
  bounds: PixelBounds,
  plannedFor: { width: number; height: number },
): CropCommand {
  return { kind: "crop", documentId, bounds, plannedFor: { ...plannedFor }, historyName: CROP_HISTORY_NAME };
}
