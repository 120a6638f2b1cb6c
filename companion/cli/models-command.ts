/** `stridelight models build|list`. */
import { buildModels } from "../../core/models/build.ts";
import { listModels } from "../../core/models/registry.ts";

export async function modelsBuildCommand(flags: {
  force?: boolean;
  only?: string;
  quiet?: boolean;
}): Promise<void> {
  const log = flags.quiet ? () => {} : (line: string) => process.stderr.write(`${line}\n`);
  await buildModels({ force: flags.force, only: flags.only?.split(",").map((s) => s.trim()), log });
}

export async function modelsListCommand(): Promise<void> {
  for (const model of await listModels()) process.stdout.write(`${JSON.stringify(model)}\n`);
}
