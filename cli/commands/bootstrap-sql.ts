import { readFileSync, writeFileSync } from "node:fs";
import type { RegisterCommand } from "./index";
import { ENVIRONMENTS } from "../../stacks/environments";
import { loadEnvironments } from "../../stacks/load-environments";
import { renderSnowflakeBootstrapSql } from "../../stacks/snowflake-bootstrap";

interface BootstrapSqlOptions {
  readonly env: string;
  readonly deployPublicKey: string;
  readonly planPublicKey: string;
  readonly biCreditQuota?: string;
  readonly out?: string;
}

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
        deployPublicKeyPem: readFileSync(options.deployPublicKey, "utf8"),
        planPublicKeyPem: readFileSync(options.planPublicKey, "utf8"),
        biCreditQuota:
          options.biCreditQuota === undefined ? undefined : Number(options.biCreditQuota),
      });
      if (options.out) writeFileSync(options.out, sql);
      else process.stdout.write(sql);
    });
};
