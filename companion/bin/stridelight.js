#!/usr/bin/env node
// Launcher: registers the TypeScript loader so the CLI runs from source with no build step.
import { register } from "tsx/esm/api";

register();
await import("../cli/main.ts");
