import type { BootstrapSettingsInput } from "./bootstrap-config";

/**
 * Settings of the bootstrap stack (`sensors-bootstrap`), run once by an admin; see docs/ci-cd.md.
 *
 * Replace the example GitHub owner and repository with yours: only that repository's pull requests
 * may assume the plan role, and only its `dev` and `prod` environments the deploy role.
 * `stacks/bootstrap-config.ts` documents every setting and its default.
 */
export const BOOTSTRAP_SETTINGS = {
  github: { owner: "example-org", repository: "sensor-pipeline" },
} satisfies BootstrapSettingsInput;
