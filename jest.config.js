/** Jest runs TypeScript through SWC: no type-checking here (that is `npm run typecheck`), so tests start fast. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" } }],
    // aedes (the local MQTT broker) ships ES modules only; Jest's module system loads CommonJS.
    "/node_modules/aedes/.+\\.js$": ["@swc/jest", { module: { type: "commonjs" } }],
  },
  transformIgnorePatterns: ["/node_modules/(?!aedes/)"],
  testTimeout: 60000,
};
