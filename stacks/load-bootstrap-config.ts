import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type BootstrapConfig, resolveBootstrapConfig } from "./bootstrap-config";
import { BOOTSTRAP_SETTINGS } from "./bootstrap-settings";
import type { EnvironmentConfig } from "./config";

/**
 * The bootstrap configuration from the checked-in `stacks/bootstrap-settings.ts`, with errors that
 * point at the line of the bad setting.
 */
export function loadBootstrapConfig(environments: readonly EnvironmentConfig[]): BootstrapConfig {
  return resolveBootstrapConfig(BOOTSTRAP_SETTINGS, environments, readSettingsSource());
}

function readSettingsSource(): string {
  try {
    return readFileSync(join(__dirname, "bootstrap-settings.ts"), "utf8");
  } catch {
    return "";
  }
}
