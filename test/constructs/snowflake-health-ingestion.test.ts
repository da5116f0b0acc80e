import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  HEALTH_OBJECT_NAMES,
  SnowflakeHealthIngestion,
} from "../../constructs/snowflake-health-ingestion";
import { SnowflakeIngestion } from "../../constructs/snowflake-ingestion";
import { HEALTH_COPIES, healthCopyTemplate } from "../../sql/health-copy-statements";
import { renderSqlText, SQL_DIR } from "../../sql/render";
import { environment, pipelineStack, resourcesOfType, synthesize } from "../helpers/synth";
import { address } from "../helpers/aws";

const synthesized = synthesize(pipelineStack(environment("prod")));
const pipes = Object.values(resourcesOfType(synthesized, "snowflake_pipe"));
const pipeNamed = (name: string) => pipes.find((pipe) => pipe.name === name);

describe("SnowflakeHealthIngestion", () => {
  test("loads rejected/ and ledger/ through their own auto-ingest pipes on the readings pipe's topic", () => {
    const readings = pipeNamed("READINGS_PIPE");
    for (const name of ["REJECTED_RECORDS_PIPE", "INGEST_LEDGER_PIPE"]) {
      expect(pipeNamed(name)).toMatchObject({
        auto_ingest: true,
        aws_sns_topic_arn: readings?.aws_sns_topic_arn,
        error_integration: readings?.error_integration,
        provider: "snowflake",
      });
    }
  });

  test("reads each prefix through a stage of the same storage integration", () => {
    const stages = Object.values(resourcesOfType(synthesized, "snowflake_stage"));
    const urls = Object.fromEntries(stages.map((stage) => [stage.name, stage.url]));
    expect(urls).toEqual({
      NORMALIZED_STAGE: expect.stringMatching(/\/normalized\/$/),
      REJECTED_STAGE: expect.stringMatching(/\/rejected\/$/),
      LEDGER_STAGE: expect.stringMatching(/\/ledger\/$/),
    });
    expect(new Set(stages.map((stage) => stage.storage_integration)).size).toBe(1);
  });

  test("lets the storage integration allow normalized/, rejected/ and ledger/, never raw/", () => {
    const integration = Object.values(
      resourcesOfType(synthesized, "snowflake_storage_integration"),
    )[0];
    const locations = integration.storage_allowed_locations as string[];
    expect(locations.map((location) => location.replace(/^.*\}\//, ""))).toEqual([
      "normalized/",
      "rejected/",
      "ledger/",
    ]);
  });

  test("loads with the checked-in COPY templates, qualified in the environment's LANDING schema", () => {
    const stages: Record<string, [string, string]> = {
      REJECTED_RECORDS: [HEALTH_OBJECT_NAMES.rejectedStage, "NDJSON_GZ"],
      INGEST_LEDGER: [HEALTH_OBJECT_NAMES.ledgerStage, HEALTH_OBJECT_NAMES.ledgerFileFormat],
    };
    for (const copy of HEALTH_COPIES) {
      const template = readFileSync(join(SQL_DIR, copy.file), "utf8");
      expect(template).toBe(healthCopyTemplate(copy));
      const landing = "SENSORS_PROD.LANDING";
      const expected = renderSqlText(
        template,
        {
          TABLE: `${landing}.${copy.table.name}`,
          STAGE: `${landing}.${stages[copy.table.name][0]}`,
          FILE_FORMAT: `${landing}.${stages[copy.table.name][1]}`,
        },
        copy.file,
      ).trimEnd();
      expect(pipes.map((pipe) => pipe.copy_statement)).toContain(expected);
    }
  });

  test("streams only appended ledger rows, for the gateway health check", () => {
    const stream = Object.values(resourcesOfType(synthesized, "snowflake_stream_on_table")).find(
      (candidate) => candidate.name === "INGEST_LEDGER_CHANGES",
    );
    expect(stream).toMatchObject({
      append_only: "true",
      table: `\${${address(synthesized, "snowflake_table", "SnowflakeHealthIngestion_LedgerTable")}.fully_qualified_name}`,
    });
  });

  test("refuses an ingestion whose storage integration does not allow its prefixes, naming the fix", () => {
    const stack = pipelineStack(environment("dev"));
    const ingestion = new SnowflakeIngestion(stack, "NarrowIngestion", {
      database: stack.snowflakeDatabase,
      bucket: stack.landingBucket.bucket,
      ingestTopic: stack.ingestTopic.topic,
      alertsTopic: stack.alertsTopic.topic,
      storageIntegrationName: "NARROW_S3",
      storageRoleName: "narrow-read",
      storageExternalId: "0123456789abcdef0123",
      errorIntegrationName: "NARROW_ERRORS",
      errorRoleName: "narrow-errors",
      ownerProvider: stack.snowflakeOwner,
      adminProvider: stack.snowflakeAdmin,
    });
    expect(
      () =>
        new SnowflakeHealthIngestion(stack, "NarrowHealth", {
          database: stack.snowflakeDatabase,
          ingestion,
          ingestTopic: stack.ingestTopic.topic,
        }),
    ).toThrow(
      /does not allow rejected\/\. Fix: pass "rejected\/" in the ingestion's additionalReadPrefixes/,
    );
  });
});

describe("the storage role's read policy", () => {
  test("reads objects under the three stage prefixes only", () => {
    const documents = Object.values(synthesized.data?.aws_iam_policy_document ?? {});
    const read = documents
      .flatMap((document) => document.statement as Array<{ sid?: string; resources?: string[] }>)
      .find((statement) => statement.sid === "ReadObjects");
    expect(read?.resources?.map((resource) => resource.replace(/^.*\}\//, ""))).toEqual([
      "normalized/*",
      "rejected/*",
      "ledger/*",
    ]);
  });
});
