/** The `stridelight` command line. */
import { Command } from "commander";
import { analyzeCommand } from "./analyze-command.ts";
import { benchCommand } from "./bench-command.ts";
import { modelsBuildCommand, modelsListCommand } from "./models-command.ts";
import { UsageError } from "./options.ts";

const program = new Command("stridelight")
  .description("Photo-culling assistant for people who photograph runners (runs offline, on this machine).")
  .showHelpAfterError();

const analysisOptions = (command: Command): Command =>
  command
    .option("--workers <n>", "worker threads, one model set each (default: number of cores)")
    .option("--provider <name>", "execution provider: auto, cpu, cuda, coreml, dml", "auto")
    .option("--threads <n>", "intra-op threads per worker", "1")
    .option("--max-side <px>", "long side of the working image (shrink on load)");

analysisOptions(
  program
    .command("analyze")
    .description("find every person, their pose and faces, and the prominent runner, in photos and folders")
    .argument("<paths...>", "photos and/or folders (searched recursively)")
    .option("--jsonl", "one JSON record per photo per line")
    .option("--json", "one JSON array of all records"),
).action(analyzeCommand);

const models = program.command("models").description("the models Stridelight runs");
models
  .command("build")
  .description("convert the shipped models to ONNX and check them against their cards (no network)")
  .option("--force", "rebuild even when the file matches its card")
  .option("--only <ids>", "comma-separated model ids")
  .option("--quiet", "print only problems")
  .action(modelsBuildCommand);
models.command("list").description("list the models, their versions and files").action(modelsListCommand);

analysisOptions(
  program
    .command("bench")
    .description("measure per-stage medians and photos per second over a folder (default: ../shared/data/dev)")
    .argument("[folder]", "folder of photos"),
).action(benchCommand);

try {
  await program.parseAsync();
} catch (error) {
  const usage = error instanceof UsageError;
  process.stderr.write(`stridelight: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = usage ? 2 : 1;
}
