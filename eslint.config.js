import js from "@eslint/js";
import tseslint from "typescript-eslint";

const nodeGlobals = { process: "readonly", console: "readonly", URL: "readonly", Buffer: "readonly" };
const browserGlobals = {
  window: "readonly",
  document: "readonly",
  fetch: "readonly",
  EventSource: "readonly",
  console: "readonly",
  URL: "readonly",
  URLSearchParams: "readonly",
  setTimeout: "readonly",
  clearTimeout: "readonly",
  requestAnimationFrame: "readonly",
  FormData: "readonly",
  Blob: "readonly",
  Option: "readonly",
};

export default tseslint.config(
  {
    ignores: ["node_modules/**", "models/**/*.onnx", "plugin/*/dist/**", "test/artifacts/**", "**/*.lua"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    // Plain JavaScript outside the TypeScript project: linted without type information.
    files: ["**/*.js", "**/*.mjs"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      parserOptions: { projectService: false, program: null },
      globals: nodeGlobals,
    },
  },
  {
    files: ["companion/web/**/*.js"],
    languageOptions: { sourceType: "script", globals: browserGlobals },
  },
  {
    // The core never reaches into the companion: the companion imports core, never the reverse.
    files: ["core/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: ["**/companion/**"] }] },
  },
  {
    // Layers point one way: the CLI sits on top (with the evaluation tools it drives); nothing below it imports it.
    files: ["companion/**/*.ts"],
    ignores: ["companion/cli/**", "companion/eval/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/cli/*", "**/cli"],
              message:
                "below the CLI nothing imports it: move what both need into its own module (files/, batch/)",
            },
          ],
        },
      ],
    },
  },
  {
    // The domain is pure: plain data in, plain data out. Native libraries live in adapters only.
    files: ["core/domain/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            "**/companion/**",
            "sharp",
            "onnxruntime-node",
            "exiftool-vendored",
            "node:fs*",
            "node:child_process",
            "**/adapters/**",
          ],
        },
      ],
    },
  },
);
