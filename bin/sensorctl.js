#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's require hook: no build step between a change and its use.
require("tsx/cjs");
require("../cli/sensorctl.ts").main();
