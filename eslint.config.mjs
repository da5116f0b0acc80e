// @ts-check
import tseslint from "typescript-eslint";

/** Importing a prebuilt provider's package root loads every resource class: synth gets ~10x slower. */
const providerBarrels = ["@cdktf/provider-aws", "@cdktf/provider-snowflake"].map((name) => ({
  name,
  message: `Import the resource by deep path instead, e.g. "${name}/lib/<resource>": the package root makes synth ~10x slower.`,
}));

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      "cdktf.out/**",
      "coverage/**",
      ".bench/**",
      "**/cdktf.out/**",
      "dist/**",
      // AssemblyScript, checked by its own compiler (npm run build:lanes).
      "lambda/normalizer/lanes/assembly/**",
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.mjs", "**/*.js"],
    rules: {
      "no-restricted-imports": ["error", { paths: providerBarrels }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["**/*.js"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
