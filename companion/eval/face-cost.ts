/**
 * What describing faces (faceres) adds per photo: the same photos analyzed with and without it, alternately in one
 * process, the analyzer's face stage timed each way (the describer runs inside it):
 *
 *   npx tsx companion/eval/face-cost.ts ../shared/data/dev [--photos 40]
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { Analyzer } from "../../core/pipeline/analyzer.ts";

async function main(folder: string, count: number): Promise<void> {
  const files = (await readdir(folder))
    .filter((f) => /\.(jpe?g|png)$/i.test(f))
    .sort()
    .slice(0, count);
  const [plain, describing] = [
    await Analyzer.open({ describeFaces: false, bibs: false }),
    await Analyzer.open({ describeFaces: true, bibs: false }),
  ];
  const sums = { plain: 0, describing: 0, described: 0 };
  try {
    for (const f of files) {
      const a = await plain.analyze(join(folder, f));
      const b = await describing.analyze(join(folder, f));
      if ("error" in a || "error" in b) continue;
      sums.plain += a.timings.face;
      sums.describing += b.timings.face;
      sums.described += b.runners.filter((r) => r.faceEmbedding).length;
    }
  } finally {
    await Promise.all([plain.close(), describing.close()]);
  }
  const n = files.length;
  console.log(
    `${n} photos, ${sums.described} faces described: face stage ${(sums.plain / n).toFixed(1)} ms/photo without, ` +
      `${(sums.describing / n).toFixed(1)} ms/photo with faceres (+${((sums.describing - sums.plain) / n).toFixed(1)} ms/photo, ` +
      `${((sums.describing - sums.plain) / Math.max(1, sums.described)).toFixed(1)} ms per described face)`,
  );
}

const args = process.argv.slice(2);
const at = args.indexOf("--photos");
await main(args[0] ?? "../shared/data/dev", at >= 0 ? Number(args[at + 1]) : 40);
