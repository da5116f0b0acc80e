import { App } from "cdktf";
import { ENVIRONMENTS } from "./stacks/environments";
import { ConfigError, loadEnvironments } from "./stacks/load-environments";
import { stateBackendFromEnvironment } from "./stacks/remote-state";
import { SensorPipelineStack } from "./stacks/sensor-pipeline-stack";

/** Builds the app: one `sensors-<env>` stack per environment in stacks/environments.ts. */
export function buildApp(app: App = new App()): App {
  const stateBackend = stateBackendFromEnvironment();
  for (const config of loadEnvironments(ENVIRONMENTS)) {
    new SensorPipelineStack(app, `sensors-${config.name}`, { config, stateBackend });
  }
  return app;
}

if (require.main === module) {
  try {
    buildApp().synth();
  } catch (error) {
    if (error instanceof ConfigError || (error instanceof Error && /Fix:/.test(error.message))) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
