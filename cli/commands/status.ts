import type { Command } from "commander";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { openPipelineDatabase } from "../../local/pipeline/database";
import { formatHealth } from "../../ops/status/format-health";
import { readHealth, type QueryRows } from "../../ops/status/read-health";
import { connectSnowflake } from "../../ops/snowflake-sql-client";
import { ENVIRONMENTS } from "../../stacks/environments";
import { loadEnvironments } from "../../stacks/load-environments";
import { environmentNames } from "../../stacks/names";
import type { RegisterCommand } from "./command";

/** Exit code when the pipeline is unhealthy (1 stays for "the command itself failed"). */
export const UNHEALTHY_EXIT_CODE = 2;

interface StatusFlags {
  readonly db?: string;
  readonly env?: string;
  readonly role?: string;
  readonly warehouse?: string;
}

/** `sensorctl status --db <file>` or `--env <name>`: one screen of pipeline health. */
export const registerStatus: RegisterCommand = (program: Command) => {
  program
    .command("status")
    .description(
      "One screen of pipeline health from the MONITORING views: per gateway last upload, readings and rejections in the last hour, rejection rate and top reason; pipes; tasks; freshness. Exits 2 when something is unhealthy",
    )
    .option("--db <file>", "local DuckDB database written by `sensorctl local`")
    .option(
      "--env <name>",
      "deployed environment, e.g. dev (key-pair credentials from SNOWFLAKE_*)",
    )
    .option("--role <role>", "with --env, Snowflake role (default: the engineer role)")
    .option(
      "--warehouse <name>",
      "with --env, warehouse (default: the environment's operators' warehouse)",
    )
    .action(async (flags: StatusFlags) => {
      if ((flags.db === undefined) === (flags.env === undefined)) {
        throw new Error(
          "give exactly one of --db <file> (local) or --env <name> (Snowflake), e.g. sensorctl status --db demo/pipeline.duckdb",
        );
      }
      const { report, source } =
        flags.db !== undefined ? await localHealth(flags.db) : await snowflakeHealth(flags);
      process.stdout.write(formatHealth(report, source));
      if (report.problems.length > 0) process.exitCode = UNHEALTHY_EXIT_CODE;
    });
};

async function localHealth(db: string) {
  const path = resolve(db);
  if (!existsSync(path)) {
    throw new Error(
      `--db ${db}: no such database. Fix: run \`sensorctl local --input <dir> --db ${db}\` first.`,
    );
  }
  const database = await openPipelineDatabase(path);
  try {
    const query: QueryRows = async (sql) =>
      (await database.connection.runAndReadAll(sql)).getRowObjectsJson();
    return { report: await readHealth(query, "monitoring"), source: `local ${db}` };
  } finally {
    database.close();
  }
}

async function snowflakeHealth(flags: StatusFlags) {
  const config = loadEnvironments(ENVIRONMENTS).find((env) => env.name === flags.env);
  if (config === undefined) {
    throw new Error(
      `--env ${flags.env}: no such environment. Fix: use one of ${Object.keys(ENVIRONMENTS).join(", ")} (stacks/environments.ts).`,
    );
  }
  const names = environmentNames(config).snowflake;
  const sql = await connectSnowflake({
    organizationName: config.snowflake.organizationName,
    accountName: config.snowflake.accountName,
    role: flags.role ?? names.engineerRole,
    warehouse: flags.warehouse ?? names.opsWarehouse,
  });
  try {
    const schema = `${names.database}.MONITORING`;
    return {
      report: await readHealth((text) => sql.query(text), schema),
      source: `Snowflake ${schema}`,
    };
  } finally {
    await sql.close();
  }
}
