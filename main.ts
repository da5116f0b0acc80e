import { App } from "cdktf";
import { loadBootstrapConfig } from "./stacks/load-bootstrap-config";
import { BOOTSTRAP_STACK_NAME, BootstrapStack } from "./stacks/bootstrap-stack";
import { ENVIRONMENTS } from "./stacks/environments";
import { ConfigError, loadEnvironments } from "./stacks/load-environments";
import { environmentNames } from "./stacks/names";
import { stateBackendFromEnvironment } from "./stacks/remote-state";
import { SensorPipelineStack } from "./stacks/sensor-pipeline-stack";

/**
 * Builds the app: one `sensors-<env>` stack per environment in stacks/environments.ts, plus the
 * `sensors-bootstrap` stack (state bucket and CI roles) that an admin applies once.
 */
export function buildApp(app: App = new App()): App {
  const stateBackend = stateBackendFromEnvironment();
  const environments = loadEnvironments(ENVIRONMENTS);
  for (const config of environments) {
    new SensorPipelineStack(app, environmentNames(config).stack, { config, stateBackend });
  }
  new BootstrapStack(app, BOOTSTRAP_STACK_NAME, { config: loadBootstrapConfig(environments) });
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
