/** The `stridelight` command line. */
import { readFileSync } from "node:fs";
import { Command, CommanderError, Option } from "commander";
import { analyzeCommand } from "./analyze-command.ts";
import { benchCommand } from "./bench-command.ts";
import {
  modelsActivateCommand,
  modelsBuildCommand,
  modelsListCommand,
  modelsRollbackCommand,
  modelsVersionsCommand,
} from "./models-command.ts";
import { trainCommand } from "./train-command.ts";
import { workerCommand } from "./worker-command.ts";
import { benchCompanionCommand } from "./bench-companion-command.ts";
import { benchScaleCommand } from "./bench-scale-command.ts";
import { evalCommand } from "./eval-command.ts";
import { findCommand } from "./find-command.ts";
import { UsageError } from "./options.ts";
import { collect } from "./queue-options.ts";
import { scoreCommand } from "./score-command.ts";
import { DEFAULT_CROP_ASPECT } from "./write-xmp.ts";
import { startCommand } from "./start-command.ts";
import { openCommand } from "./open-command.ts";
import { xmpReadCommand } from "./xmp-command.ts";

const program = new Command("stridelight")
  .description("Photo-culling assistant for people who photograph runners (runs offline, on this machine).")
  .version(packageVersion(), "-V, --version", "print the version")
  .showHelpAfterError("(stridelight help <command> shows its options)")
  // Commander exits by itself (code 1) on a usage mistake; we want 2 (README), and 0 after --help/--version.
  .exitOverride();

const analysisOptions = (command: Command): Command =>
  command
    .option("--workers <n>", "worker threads, one model set each (default: number of cores)")
    .option("--provider <name>", "execution provider: auto, cpu, cuda, coreml, dml", "auto")
    .option("--threads <n>", "intra-op threads per worker", "1")
    .option("--max-side <px>", "long side of the working image (shrink on load)")
    .option("--no-bibs", "do not read bib numbers");

program.commandsGroup("For the photographer:");

program
  .command("start")
  .description(
    "run the companion: watch the import folders, score, write XMP, serve the plugins and the web page",
  )
  .option(
    "--config <file>",
    "watch-config.json to use (default: ./watch-config.json, else the embedded defaults)",
  )
  .option("--port <n>", "HTTP port on 127.0.0.1")
  .option(
    "--log-format <format>",
    "human (a banner and a line per photo) or json (pino lines); default: human on a terminal, else json",
  )
  .option("--no-browser", "print the pairing link without opening a browser")
  .action(async (flags: { config?: string; port?: string; logFormat?: string; browser?: boolean }) => {
    await startCommand(flags);
  });

program
  .command("open")
  .description("pair this machine's browser: print and open a one-time link to the running companion's page")
  .option("--config <file>", "watch-config.json of the running companion (default: ./watch-config.json)")
  .option("--port <n>", "the companion's port, when it was started with --port")
  .option("--no-browser", "print the link only")
  .action(async (flags: { config?: string; port?: string; browser?: boolean }) => {
    await openCommand(flags);
  });

analysisOptions(
  program
    .command("analyze")
    .description("find every person, their pose and faces, and the prominent runner, in photos and folders")
    .argument("<paths...>", "photos and/or folders (searched recursively)")
    .option("--jsonl", "one JSON record per photo per line")
    .option("--json", "one JSON array of all records"),
).action(analyzeCommand);

const xmpPolicyOptions = (command: Command): Command =>
  command
    .option(
      "--sidecar-style <style>",
      "sidecar names for RAW: basename (Lightroom) or name.ext (darktable, digiKam)",
    )
    .option("--never-modify-originals", "write XMP sidecars only, never into a photo file")
    .option("--no-write-rating", "leave star ratings alone")
    .option("--write-label", "write the colour label")
    .option("--write-crop", "write the Camera Raw crop");

analysisOptions(
  xmpPolicyOptions(
    program
      .command("score")
      .description("score running style, keeper, flags, bursts, crops and bibs; optionally write XMP")
      .argument("<paths...>", "photos and/or folders (searched recursively)")
      .option("--jsonl", "one JSON record per photo per line")
      .option("--json", "one JSON array of all records")
      .option(
        "--policy <file>",
        "JSON file with the star/label/keyword policy (only what differs from the defaults)",
      )
      .option(
        "--aspects <list>",
        "crop aspects, e.g. original,4:5,3:2 (default: original,3:2,2:3,4:5,5:4,1:1,16:9,9:16)",
      )
      .option("--start-list <csv>", "CSV with bib and name columns: runners' names become keywords")
      .option("--bib <number>", "show only the photos where this bib was read")
      .option(
        "--write-xmp",
        "write stars, label, keywords and crop into XMP (never over the photographer's own)",
      )
      .option(
        "--crop-aspect <aspect>",
        "the aspect whose best crop is written with --write-crop",
        DEFAULT_CROP_ASPECT,
      )
      .option("--verbose", "name every field left as the photographer set it")
      .option(
        "--queue <url>",
        "analyze on a Redis queue's workers: redis://[:password@]host:port[/db] (then --workers may be 0)",
      )
      .option(
        "--path-map <local=shared>",
        "a local folder's shared name, for workers on other machines (repeatable)",
        collect,
      )
      .option(
        "--model-source <url>",
        "the coordinator's companion URL: workers fetch a model version they lack from it",
      ),
  ),
).action(scoreCommand);

xmpPolicyOptions(
  program
    .command("xmp")
    .description("what Stridelight wrote into photos' XMP")
    .command("read")
    .description(
      "compare what we wrote with what is there now; the photographer's changes as feedback events",
    )
    .argument("<paths...>", "photos and/or folders"),
).action(xmpReadCommand);

program
  .command("find")
  .description(
    "list the photos whose XMP carries a bib, read or carried from another photo of the same runner " +
      '(printed as "path<TAB>carried"); no analysis: reads what score --write-xmp wrote',
  )
  .option("--bib <number>", "the bib to look for")
  .option("--name <text>", "the runner's name (part of it), looked up in --start-list")
  .option("--start-list <csv>", "the race's start list (CSV with bib and name columns)")
  .argument("<paths...>", "photos and/or folders")
  .action(findCommand);

program
  .command("train")
  .description(
    "retrain the learned heads (keeper ranker, running style, crop adjuster) from the photographer's feedback",
  )
  .option("--config <file>", "watch-config.json (default: ./watch-config.json)")
  .option("--data-dir <dir>", "the companion's data folder (default: the config's dataDir)")
  .option("--seed <n>", "seed of the split and pair sampling (default: learning.seed)")
  .option("--import-folders <dir>", "hand-sorted good/ and bad/ subfolders as running-style labels")
  .option(
    "--reproduce <[head:]version>",
    "rebuild a stored head from its snapshot; exit 1 unless the sha256 is identical",
  )
  .action(trainCommand);

const models = program.command("models").description("the models Stridelight runs");
models
  .command("build")
  .description("convert the shipped models to ONNX and check them against their cards (no network)")
  .option("--force", "rebuild even when the file matches its card")
  .option("--only <ids>", "comma-separated model ids")
  .option("--quiet", "print only problems")
  .action(modelsBuildCommand);
models.command("list").description("list the models, their versions and files").action(modelsListCommand);

const dataDirOptions = (c: Command): Command =>
  c.option("--config <file>", "watch-config.json").option("--data-dir <dir>", "the companion's data folder");
dataDirOptions(
  models.command("versions").description("every version of the learned heads, active or not"),
).action(modelsVersionsCommand);
dataDirOptions(
  models
    .command("activate")
    .description("make a version of a learned head (keeper-head, style-head, crop-adjuster) active")
    .argument("<model>")
    .argument("<version>"),
).action(modelsActivateCommand);
dataDirOptions(
  models
    .command("rollback")
    .description("go back to the previous version of a learned head")
    .argument("<model>"),
).action(modelsRollbackCommand);

program.commandsGroup("For developers (evaluation, benchmarks, distributed workers):");

analysisOptions(
  program
    .command("eval")
    .description(
      "score a folder with manifest.json (and labels.json) and compare with the photographer, beside the naive baseline",
    )
    .argument("<folder>", "folder with photos, manifest.json and labels.json"),
).action(evalCommand);

analysisOptions(
  program
    .command("worker")
    .description("analyze photos for a Redis queue (companions and batch runs on any machine) until stopped")
    .option("--queue <url>", "redis://[:password@]host:port[/db] (default: $STRIDELIGHT_QUEUE)")
    .option("--path-map <local=shared>", "a local folder's shared name (repeatable)", collect)
    .option("--token-file <file>", "the companion's pairing token: fetch a model version this machine lacks")
    .option("--name <name>", "how this machine is named in results and failures")
    .option("--lock-ms <ms>", "job lock; a killed worker's photo is taken again after about this long")
    .option("--models-dir <dir>", "this machine's models folder (default: models/)")
    .option("--model-cache <dir>", "where models fetched from the companion are kept"),
).action(async (flags: Parameters<typeof workerCommand>[0]) => {
  await workerCommand(flags);
});

analysisOptions(
  program
    .command("bench-companion")
    .description("photos/s through the batch pool and through a running companion (watch, queue, score, XMP)")
    .argument("[folder]", "folder of photos (default: ../shared/data/dev)"),
).action(benchCompanionCommand);

program
  .command("bench-scale")
  .description("photos/s embedded vs Redis with 1 and 2 worker processes, and Redis traffic per photo")
  .argument("[folder]", "folder of photos (default: ../shared/data/dev)")
  .option("--queue <url>", "use this Redis (default: start a private redis-server on a free loopback port)")
  .option("--limit <n>", "only the first n photos")
  .option("--max-side <px>", "long side of the working image")
  .action(benchScaleCommand);

analysisOptions(
  program
    .command("bench")
    .description(
      "end-to-end photos/s (start-up included and not), mean and p95 per photo and stage, default and --no-bibs, " +
        "against the obvious JavaScript stack in the same run (default folder: ../shared/data/dev)",
    )
    .argument("[folder]", "folder of photos")
    .option("--repeat <n>", "rounds of the three runs (default 1)")
    .option("--limit <n>", "only the first n photos")
    .option("--no-compare", "skip the obvious JavaScript stack")
    .option("--memory", "instead: peak RSS of a process with 1, 2 and 8 workers")
    .option("--markdown", "also print the README's speed table")
    .addOption(new Option("--rss-probe").hideHelp()),
).action(benchCommand);

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version?: string;
  };
  return pkg.version ?? "unknown";
}

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander has already printed its message (and the help); only the exit code is ours.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
    process.exit();
  }
  const usage = error instanceof UsageError;
  process.stderr.write(`stridelight: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = usage ? 2 : 1;
}
