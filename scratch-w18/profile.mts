import { readdirSync } from "node:fs";
import * as ort from "onnxruntime-node";
const argv = process.argv.slice(2);
const limit = Number(argv[0] ?? 40);
const stats = new Map<string, { n: number; ms: number }>();
const add = (k: string, ms: number) => { const s = stats.get(k) ?? { n: 0, ms: 0 }; s.n++; s.ms += ms; stats.set(k, s); };
const proto = (ort.InferenceSession as any).prototype;
const orig = proto.run;
proto.run = async function (...a: any[]) { const t = performance.now(); const r = await orig.apply(this, a); const f0: any = Object.values(a[0])[0]; add(`run:${this.inputNames[0]}:${this.outputNames.length}:${f0.dims[0]}x${this.inputNames[0]==="x" && f0.dims[2]===48 ? "rec" : f0.dims.slice(1).join("x")}`, performance.now() - t); return r; };
const pix = await import("../core/domain/pixels/runner-pixels.ts");
const { Analyzer } = await import("../core/pipeline/analyzer.ts");
const a = await Analyzer.open({ bibs: argv[1] !== "nobibs" });
const dir = "/work/shared/data/dev";
const files = readdirSync(dir).filter((f) => /\.(jpe?g|png)$/i.test(f)).slice(0, limit);
const tim = new Map<string, number>();
for (const f of files) { const r: any = await a.analyze(`${dir}/${f}`); for (const [k, v] of Object.entries(r.timings ?? {})) tim.set(k, (tim.get(k) ?? 0) + (v as number)); }
await a.close();
for (const [k, v] of tim) console.log(k.padEnd(10), (v / files.length).toFixed(1));
for (const [k, s] of stats) console.log(k.padEnd(28), "calls/photo", (s.n / files.length).toFixed(2), "ms/photo", (s.ms / files.length).toFixed(1), "ms/call", (s.ms / s.n).toFixed(1));
