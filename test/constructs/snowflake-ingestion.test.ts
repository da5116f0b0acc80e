import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SnowflakeProvider } from "@cdktf/provider-snowflake/lib/provider";
import { LINEAGE_COLUMNS, READING_COLUMNS } from "../../contract/reading";
import {
  SnowflakeIngestion,
  type SnowflakeIngestionProps,
} from "../../constructs/snowflake-ingestion";
import {
  type IngestionTestStack,
  ingestionTestStack,
  onlyAddress,
} from "../helpers/snowflake-ingestion-stack";
import { type SynthesizedStack, onlyResource, resourcesOfType, synthesize } from "../helpers/synth";

const GOLDEN_COPY = join(__dirname, "golden", "copy_into_readings_raw.sql");

function ingestion(
  change: (base: IngestionTestStack) => Partial<SnowflakeIngestionProps> = () => ({}),
): SynthesizedStack {
  const base = ingestionTestStack();
  new SnowflakeIngestion(base.stack, "SnowflakeIngestion", {
    database: base.database,
    bucket: base.bucket,
    ingestTopic: base.ingestTopic,
    alertsTopic: base.alertsTopic,
    pipeDependsOn: [base.ingestTopicPolicy],
    storageIntegrationName: "SENSORS_DEV_NORMALIZED_S3",
    storageRoleName: "sensors-dev-snowflake-read-normalized",
    storageExternalId: "test-external-id-4f2a9c",
    errorIntegrationName: "SENSORS_DEV_PIPELINE_ERRORS",
    errorRoleName: "sensors-dev-snowflake-publish-errors",
    ownerProvider: base.ownerProvider,
    adminProvider: base.adminProvider,
    ...change(base),
  });
  return synthesize(base.stack);
}

/** The address of the only resource of `type` whose logical id contains `idPart`. */
function addressOf(synthesized: SynthesizedStack, type: string, idPart: string): string {
  const ids = Object.keys(resourcesOfType(synthesized, type)).filter((id) => id.includes(idPart));
  if (ids.length !== 1) throw new Error(`expected one ${type} with "${idPart}", got ${ids.length}`);
  return `${type}.${ids[0]}`;
}

const DATABASE_OBJECTS = [
  "snowflake_file_format",
  "snowflake_stage",
  "snowflake_table",
  "snowflake_pipe",
];
const ACCOUNT_OBJECTS = [
  "snowflake_storage_integration",
  "snowflake_notification_integration",
  "snowflake_grant_privileges_to_account_role",
];

describe("SnowflakeIngestion", () => {
  let synthesized: SynthesizedStack;
  beforeAll(() => {
    synthesized = ingestion();
  });

  describe("pipe", () => {
    test("loads with the COPY statement in the golden file, byte for byte", () => {
      const golden = readFileSync(GOLDEN_COPY, "utf8");
      expect(`${onlyResource(synthesized, "snowflake_pipe").copy_statement}\n`).toBe(golden);
    });

    test("names in its COPY the table, stage and file format this construct declares", () => {
      const copy = onlyResource(synthesized, "snowflake_pipe").copy_statement as string;
      const qualified = (type: string) =>
        `SENSORS_DEV.LANDING.${onlyResource(synthesized, type).name as string}`;
      expect(copy.split("\n")[0]).toBe(`COPY INTO ${qualified("snowflake_table")} (`);
      expect(copy).toContain(`\n  FROM @${qualified("snowflake_stage")}\n`);
      expect(copy).toContain(`FORMAT_NAME = '${qualified("snowflake_file_format")}'`);
    });

    test("ingests automatically from the ingest topic and reports errors through the notification integration", () => {
      const pipe = onlyResource(synthesized, "snowflake_pipe");
      expect(pipe.auto_ingest).toBe(true);
      expect(pipe.aws_sns_topic_arn).toBe("${aws_sns_topic.IngestTopic.arn}");
      expect(pipe.error_integration).toBe(
        `\${${onlyAddress(synthesized, "snowflake_notification_integration")}.name}`,
      );
    });

    test("waits for its table, file format, stage, both role policies, the USAGE grant on the error integration and the topic policy", () => {
      const pipe = onlyResource(synthesized, "snowflake_pipe");
      expect([...(pipe.depends_on as string[])].sort()).toEqual(
        [
          onlyAddress(synthesized, "snowflake_table"),
          onlyAddress(synthesized, "snowflake_file_format"),
          onlyAddress(synthesized, "snowflake_stage"),
          addressOf(synthesized, "aws_iam_role_policy", "StorageAccess"),
          addressOf(synthesized, "aws_iam_role_policy", "ErrorNotifications"),
          addressOf(
            synthesized,
            "snowflake_grant_privileges_to_account_role",
            "ErrorNotifications",
          ),
          onlyAddress(synthesized, "aws_sns_topic_policy"),
        ].sort(),
      );
    });

    test("is replaced when the stage is replaced or repointed, the table is replaced or the ingest topic is replaced", () => {
      const pipe = onlyResource(synthesized, "snowflake_pipe") as {
        lifecycle: { replace_triggered_by: string[] };
      };
      const stage = onlyAddress(synthesized, "snowflake_stage");
      expect(pipe.lifecycle.replace_triggered_by).toEqual([
        `${stage}.id`,
        `${stage}.url`,
        `${stage}.storage_integration`,
        `${stage}.encryption`,
        `${onlyAddress(synthesized, "snowflake_table")}.id`,
        "aws_sns_topic.IngestTopic.id",
      ]);
    });

    test("writes its replace triggers as bare references, the only form Terraform accepts there", () => {
      const triggers = [
        ...((onlyResource(synthesized, "snowflake_pipe").lifecycle as Record<string, string[]>)
          .replace_triggered_by ?? []),
        ...((onlyResource(synthesized, "snowflake_stage").lifecycle as Record<string, string[]>)
          .replace_triggered_by ?? []),
      ];
      expect(triggers.length).toBeGreaterThan(0);
      for (const trigger of triggers) {
        expect(trigger).not.toContain("${");
        const [type, id] = trigger.split(".");
        expect(resourcesOfType(synthesized, type)).toHaveProperty([id]);
      }
    });
  });

  describe("stage", () => {
    test("points at exactly the location the storage integration allows, through that integration", () => {
      const stage = onlyResource(synthesized, "snowflake_stage");
      const integration = onlyResource(synthesized, "snowflake_storage_integration");
      expect([stage.url]).toEqual(integration.storage_allowed_locations);
      expect(stage.url).toBe("s3://${aws_s3_bucket.Bucket.bucket}/normalized/");
      expect(stage.storage_integration).toBe(
        `\${${onlyAddress(synthesized, "snowflake_storage_integration")}.name}`,
      );
    });

    test("sets no file format, copy options, directory or encryption (their read-back recreates the stage)", () => {
      const stage = onlyResource(synthesized, "snowflake_stage");
      for (const setting of ["file_format", "copy_options", "directory", "encryption"]) {
        expect(stage).not.toHaveProperty(setting);
      }
    });

    test("is replaced when its storage integration is replaced (they link by a hidden ID)", () => {
      const stage = onlyResource(synthesized, "snowflake_stage");
      expect(stage.lifecycle).toEqual({
        replace_triggered_by: [`${onlyAddress(synthesized, "snowflake_storage_integration")}.id`],
      });
    });

    test("waits for the owner's USAGE on the storage integration and for the role's read policy", () => {
      const stage = onlyResource(synthesized, "snowflake_stage");
      expect([...(stage.depends_on as string[])].sort()).toEqual(
        [
          addressOf(synthesized, "snowflake_grant_privileges_to_account_role", "StorageAccess"),
          addressOf(synthesized, "aws_iam_role_policy", "StorageAccess"),
        ].sort(),
      );
    });
  });

  describe("landing table", () => {
    test("has the contract's columns then the lineage columns, upper case, with their types and nullability", () => {
      const table = onlyResource(synthesized, "snowflake_table");
      expect(table.name).toBe("READINGS_RAW");
      expect(table.column).toEqual(
        [...READING_COLUMNS, ...LINEAGE_COLUMNS].map((column) => ({
          name: column.name.toUpperCase(),
          type: column.snowflakeType,
          nullable: column.nullable,
          comment: column.description,
        })),
      );
    });

    test("declares change tracking on, as the stream on it will set it", () => {
      expect(onlyResource(synthesized, "snowflake_table").change_tracking).toBe(true);
    });
  });

  test("reads the normalized files as gzip-compressed JSON", () => {
    expect(onlyResource(synthesized, "snowflake_file_format")).toMatchObject({
      format_type: "JSON",
      compression: "GZIP",
    });
  });

  test("creates the file format, stage, table and pipe in LANDING as the owner role", () => {
    const [landing] = Object.entries(resourcesOfType(synthesized, "snowflake_schema")).find(
      ([, schema]) => schema.name === "LANDING",
    ) ?? [""];
    for (const type of DATABASE_OBJECTS) {
      expect(onlyResource(synthesized, type)).toMatchObject({
        provider: "snowflake",
        database: `\${snowflake_schema.${landing}.database}`,
        schema: `\${snowflake_schema.${landing}.name}`,
      });
    }
  });

  test("creates the integrations and their grants as the admin role", () => {
    for (const type of ACCOUNT_OBJECTS) {
      for (const resource of Object.values(resourcesOfType(synthesized, type))) {
        expect(resource.provider).toBe("snowflake.admin");
      }
    }
  });

  test("grants nothing to PUBLIC", () => {
    const grants = Object.values(
      resourcesOfType(synthesized, "snowflake_grant_privileges_to_account_role"),
    );
    expect(grants).toHaveLength(2);
    for (const grant of grants) expect(grant.account_role_name).not.toMatch(/PUBLIC/i);
  });

  test("looks the AWS account and partition up once for both roles", () => {
    expect(Object.keys(synthesized.data?.aws_caller_identity ?? {})).toHaveLength(1);
    expect(Object.keys(synthesized.data?.aws_partition ?? {})).toHaveLength(1);
  });

  test("refuses an owner provider without a role, which would leave USAGE ungranted", () => {
    expect(() =>
      ingestion((base) => ({
        ownerProvider: new SnowflakeProvider(base.stack, "roleless", { alias: "roleless" }),
      })),
    ).toThrow(/ownerProvider must set role/);
  });
});
