import type { BootstrapSettingsInput } from "./bootstrap-config";

/**
 * Settings of the bootstrap stack (`sensors-bootstrap`), run once by an admin; see docs/ci-cd.md.
 *
 * Replace the example GitHub owner and repository with yours: only that repository's pull requests
 * may assume the dev plan role, and only each of its GitHub environments that environment's roles.
 * `stacks/bootstrap-config.ts` documents every setting and its default.
 */
export const BOOTSTRAP_SETTINGS = {
  github: { owner: "example-org", repository: "sensor-pipeline" },
} satisfies BootstrapSettingsInput;
