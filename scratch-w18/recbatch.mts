const { openModel } = await import("../core/models/registry.ts");
for (const level of ["all", "extended", "basic"] as const) {
  const rec = await openModel("ocr-rec", { executionProvider: "cpu", intraOpThreads: 1, graphOptimisationLevel: level });
  const det = await openModel("ocr-det", { executionProvider: "cpu", intraOpThreads: 1, graphOptimisationLevel: level });
  const run = (m: any, n: number, w: number, h = 48) => m.run({ x: { type: "float32", data: new Float32Array(n * 3 * h * w).fill(0.1), dims: [n, 3, h, w] } });
  for (let i = 0; i < 3; i++) { await run(rec, 1, 160); await run(det, 1, 320, 480); }
  let t = performance.now(); for (let i = 0; i < 24; i++) await run(rec, 1, 160); const single = (performance.now() - t) / 24;
  t = performance.now(); for (let i = 0; i < 6; i++) await run(rec, 4, 160); const batched = (performance.now() - t) / 24;
  t = performance.now(); for (let i = 0; i < 6; i++) await run(det, 1, 320, 480); const d1 = (performance.now() - t) / 6;
  t = performance.now(); for (let i = 0; i < 3; i++) await run(det, 2, 320, 480); const d2 = (performance.now() - t) / 6;
  console.log(level, "rec single", single.toFixed(1), "rec batched(4) per item", batched.toFixed(1), "det single", d1.toFixed(1), "det batched(2) per item", d2.toFixed(1));
  await rec.close(); await det.close();
}
