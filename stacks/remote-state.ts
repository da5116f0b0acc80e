import { LocalBackend, S3Backend, type TerraformStack } from "cdktf";
import type { EnvironmentConfig } from "./config";
import { environmentNames } from "./names";

/** Where a stack keeps its Terraform state. */
export type StateBackendKind = "s3" | "local";

/**
 * Environment variable that switches every stack to local state (`SENSORS_STATE_BACKEND=local`),
 * for a first look without the bootstrap stack's state bucket.
 */
export const STATE_BACKEND_VARIABLE = "SENSORS_STATE_BACKEND";

/** Reads the state backend kind from the environment; anything but `local` or `s3` is an error. */
export function stateBackendFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
): StateBackendKind {
  const value = env[STATE_BACKEND_VARIABLE] ?? "s3";
  if (value !== "s3" && value !== "local") {
    throw new Error(
      `${STATE_BACKEND_VARIABLE}=${value} is not a state backend.\n  Fix: set it to "s3" (the default, shared state) or "local" (terraform.<stack>.tfstate at the repository root).`,
    );
  }
  return value;
}

/**
 * Configures the stack's state: S3 with S3-native locking (one state file per environment), or a
 * local file. `use_lockfile` is set by override because cdktf 0.21's S3BackendConfig has no typed
 * field for it; CDK Terrain's `useLockfile` replaces this line when the project moves there.
 */
export function configureStateBackend(
  stack: TerraformStack,
  config: EnvironmentConfig,
  kind: StateBackendKind,
): void {
  const names = environmentNames(config);
  if (kind === "local") {
    // Terraform resolves the path from the stack's folder, cdktf.out/stacks/<stack>/, which a clean
    // or a new outdir loses: the file lives at the repository root instead, like the bootstrap
    // stack's, where `*.tfstate` is git-ignored.
    new LocalBackend(stack, { path: `../../../${names.localStateFile}` });
    return;
  }
  const backend = new S3Backend(stack, {
    bucket: config.state.bucket,
    key: names.stateKey,
    region: config.state.region ?? config.aws.region,
    encrypt: true,
  });
  backend.addOverride("use_lockfile", true);
}
