/** Readers for TensorFlow node attributes as the TFJS model.json stores them (ints as strings, strings in base64). */
import type { TfNode } from "../../tfjs-graph.ts";
import type { OnnxDType } from "../builder.ts";

type Attr = Record<string, unknown>;

function attr(node: TfNode, key: string): Attr | undefined {
  return node.attr?.[key];
}

export function attrInt(node: TfNode, key: string, fallback: number): number {
  const value = attr(node, key)?.i;
  return value === undefined ? fallback : Number(value);
}

export function attrFloat(node: TfNode, key: string, fallback: number): number {
  const value = attr(node, key)?.f;
  return value === undefined ? fallback : Number(value);
}

export function attrBool(node: TfNode, key: string, fallback: boolean): boolean {
  const value = attr(node, key)?.b;
  return value === undefined ? fallback : Boolean(value);
}

export function attrInts(node: TfNode, key: string, fallback: readonly number[]): number[] {
  const list = attr(node, key)?.list as { i?: unknown[] } | undefined;
  return list?.i ? list.i.map(Number) : [...fallback];
}

export function attrString(node: TfNode, key: string, fallback: string): string {
  const value = attr(node, key)?.s;
  return typeof value === "string" ? Buffer.from(value, "base64").toString("utf8") : fallback;
}

export function attrStrings(node: TfNode, key: string): string[] {
  const list = attr(node, key)?.list as { s?: unknown[] } | undefined;
  return (list?.s ?? []).map((s) => Buffer.from(String(s), "base64").toString("utf8"));
}

const TF_TYPES: Record<string, OnnxDType> = {
  DT_FLOAT: "float32",
  DT_INT32: "int32",
  DT_INT64: "int64",
  DT_UINT8: "uint8",
  DT_BOOL: "bool",
};

/** The ONNX element type of a TF dtype name (DT_FLOAT …); undefined for types we do not carry. */
export function onnxTypeOfTf(tfType: string | undefined): OnnxDType | undefined {
  return tfType === undefined ? undefined : TF_TYPES[tfType];
}

export function attrType(node: TfNode, key: string): OnnxDType | undefined {
  return onnxTypeOfTf(attr(node, key)?.type as string | undefined);
}
