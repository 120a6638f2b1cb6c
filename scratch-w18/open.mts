const t0 = performance.now();
const { Analyzer } = await import("../core/pipeline/analyzer.ts");
const t1 = performance.now();
const a = await Analyzer.open({});
const t2 = performance.now();
const r = await a.analyze("/work/shared/data/dev/brownrc-nirca-track-peter.png");
const t3 = performance.now();
console.log("import", (t1-t0).toFixed(0), "open", (t2-t1).toFixed(0), "first", (t3-t2).toFixed(0), JSON.stringify((r as any).timings));
await a.close();
