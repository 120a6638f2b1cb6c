import { readdirSync, writeFileSync } from "node:fs";
const { Analyzer } = await import("../core/pipeline/analyzer.ts");
const { BibReader } = await import("../core/pipeline/bib-reader.ts");
const { legibleBib, DEFAULT_BIB_RULES } = await import("../core/domain/bib/index.ts");
const rows: any[] = [];
let current = "";
const orig = BibReader.prototype.readTexts;
BibReader.prototype.readTexts = async function (image: any, runners: any) {
  const texts = await orig.call(this, image, runners);
  texts.forEach((t: any, i: number) => {
    const r = runners[i];
    const legible = t.lines.map((l: any) => ({ h: l.box.h, w: l.box.w, bib: legibleBib(l, DEFAULT_BIB_RULES)?.bib ?? null, txt: l.passes.map((p: any) => p.text) }));
    rows.push({ file: current, W: image.width, H: image.height, boxH: (r.box[3]-r.box[1])*image.height, torso: t.torso, poseScore: r.poseScore, lines: legible });
  });
  return texts;
};
const a = await Analyzer.open({});
const dir = "/work/shared/data/dev";
const files = readdirSync(dir).filter((f) => /\.(jpe?g|png|cr3|cr2|nef|arw|dng|heic|tiff?)$/i.test(f));
for (const f of files) { current = f; await a.analyze(`${dir}/${f}`); }
await a.close();
writeFileSync("/tmp/w18/torso.json", JSON.stringify(rows));
console.log(rows.length);
