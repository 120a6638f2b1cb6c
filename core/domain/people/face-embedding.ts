/**
 * A face embedding in the record: the face model's descriptor, unit length, quantised to one signed byte per value
 * and written as base64. Saved records can then be linked again without the models, and the record grows by
 * ~1.4 kB per described face rather than ~20 kB of JSON numbers. Cosine similarity survives the quantisation to
 * about ±0.01 (each value keeps 1/127 of the vector's largest value).
 */

/** Scale of the signed bytes: the largest absolute value of the vector maps to ±127. */
const LEVELS = 127;

/** Unit-length copy of a descriptor (a zero vector stays zero). */
export function unitVector(values: ArrayLike<number>): Float32Array {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]! * values[i]!;
  const norm = Math.sqrt(sum);
  const out = new Float32Array(values.length);
  if (norm === 0) return out;
  for (let i = 0; i < values.length; i++) out[i] = values[i]! / norm;
  return out;
}

/** The descriptor as base64 of signed bytes, scaled so its largest absolute value is ±127. */
export function encodeEmbedding(values: ArrayLike<number>): string {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i]!));
  const bytes = new Int8Array(values.length);
  if (max > 0) for (let i = 0; i < values.length; i++) bytes[i] = Math.round((values[i]! / max) * LEVELS);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

/** The unit-length descriptor back from encodeEmbedding's text; null for text that is not one. */
export function decodeEmbedding(text: string): Float32Array | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return null;
  const raw = Buffer.from(text, "base64");
  if (raw.length === 0) return null;
  return unitVector(new Int8Array(raw.buffer, raw.byteOffset, raw.length));
}

/** Cosine similarity of two unit vectors (-1..1); 0 when their lengths differ. */
export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return 0;
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}
