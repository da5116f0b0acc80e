import { writeFileSync } from "node:fs";
import type { RegisterCommand } from "./command";
import { readOptionFile, wholeNumberOption } from "../option-file";
import { ENVIRONMENTS } from "../../stacks/environments";
import { loadEnvironments } from "../../stacks/load-environments";
import {
  ciNetworkPolicyWarning,
  renderSnowflakeBootstrapSql,
} from "../../stacks/snowflake-bootstrap";

interface BootstrapSqlOptions {
  readonly env: string;
  readonly deployPublicKey: string;
  readonly planPublicKey: string;
  readonly biCreditQuota?: string;
  readonly out?: string;
}

const KEY_FIX =
  "give the .pub file written by `openssl rsa -in <key>.p8 -pubout -out <key>.pub` (docs/ci-cd.md).";

/**
 * `sensorctl bootstrap-sql --env dev --deploy-public-key dev-deploy.pub --plan-public-key
 * dev-plan.pub`: prints the Snowflake bootstrap SQL of one environment, with its role names from
 * stacks/environments.ts and the users' public keys filled in.
 */
export const registerBootstrapSql: RegisterCommand = (program) => {
  program
    .command("bootstrap-sql")
    .description(
      "Render the Snowflake bootstrap SQL (roles, privileges, CI users) of an environment",
    )
    .requiredOption("--env <name>", "environment in stacks/environments.ts, e.g. dev")
    .requiredOption("--deploy-public-key <file>", "PEM public key of the deploy service user")
    .requiredOption("--plan-public-key <file>", "PEM public key of the plan service user")
    .option(
      "--bi-credit-quota <credits>",
      "monthly credits of the BI warehouse's monitor (default: snowflake.biWarehouse.monthlyCreditQuota)",
    )
    .option("--out <file>", "write the SQL here instead of stdout")
    .action((options: BootstrapSqlOptions) => {
      const config = loadEnvironments(ENVIRONMENTS).find((env) => env.name === options.env);
      if (!config) {
        throw new Error(
          `no environment "${options.env}".\n  Fix: use one of ${Object.keys(ENVIRONMENTS).join(", ")}.`,
        );
      }
      const sql = renderSnowflakeBootstrapSql(config, {
        deployPublicKeyPem: readOptionFile("--deploy-public-key", options.deployPublicKey, KEY_FIX),
        planPublicKeyPem: readOptionFile("--plan-public-key", options.planPublicKey, KEY_FIX),
        biCreditQuota:
          options.biCreditQuota === undefined
            ? undefined
            : wholeNumberOption("--bi-credit-quota", options.biCreditQuota, 1, 10000),
      });
      const warning = ciNetworkPolicyWarning(config);
      if (warning) process.stderr.write(`warning: ${warning}\n`);
      if (options.out) writeFileSync(options.out, sql);
      else process.stdout.write(sql);
    });
};
