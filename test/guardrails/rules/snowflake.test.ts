import { GrantAccountRole } from "@cdktf/provider-snowflake/lib/grant-account-role";
import { GrantOwnership } from "@cdktf/provider-snowflake/lib/grant-ownership";
import { GrantPrivilegesToAccountRole } from "@cdktf/provider-snowflake/lib/grant-privileges-to-account-role";
import { Pipe } from "@cdktf/provider-snowflake/lib/pipe";
import { SnowflakeProvider } from "@cdktf/provider-snowflake/lib/provider";
import { Schema } from "@cdktf/provider-snowflake/lib/schema";
import { Stage } from "@cdktf/provider-snowflake/lib/stage";
import { Task } from "@cdktf/provider-snowflake/lib/task";
import { Warehouse } from "@cdktf/provider-snowflake/lib/warehouse";
import { TerraformStack, Testing } from "cdktf";
import { SnowflakeNoGrantsToPublic } from "../../../guardrails/rules/snowflake/SnowflakeNoGrantsToPublic";
import { SnowflakeNotOwnedByAccountAdmin } from "../../../guardrails/rules/snowflake/SnowflakeNotOwnedByAccountAdmin";
import { SnowflakePipeErrorIntegration } from "../../../guardrails/rules/snowflake/SnowflakePipeErrorIntegration";
import { SnowflakeStageStorageIntegration } from "../../../guardrails/rules/snowflake/SnowflakeStageStorageIntegration";
import { SnowflakeTaskRunsWhenNeeded } from "../../../guardrails/rules/snowflake/SnowflakeTaskRunsWhenNeeded";
import { SnowflakeWarehouseAutoSuspend } from "../../../guardrails/rules/snowflake/SnowflakeWarehouseAutoSuspend";
import { SnowflakeWarehouseResourceMonitor } from "../../../guardrails/rules/snowflake/SnowflakeWarehouseResourceMonitor";
import { minimalStack, verdict, violation } from "../../helpers/guardrails";
import { NetworkPolicy } from "@cdktf/provider-snowflake/lib/network-policy";
import { ServiceUser } from "@cdktf/provider-snowflake/lib/service-user";
import { SnowflakeServiceUserNetworkPolicy } from "../../../guardrails/rules/snowflake/SnowflakeServiceUserNetworkPolicy";

const LANDING = { database: "SENSORS_DEV", schema: "LANDING" };
const COPY = "COPY INTO SENSORS_DEV.LANDING.READINGS_RAW FROM @SENSORS_DEV.LANDING.NORMALIZED";

function warehouse(
  stack: TerraformStack,
  autoSuspend?: number,
  resourceMonitor?: string,
): Warehouse {
  return new Warehouse(stack, "Warehouse", {
    name: "SENSORS_DEV_BI",
    warehouseSize: "XSMALL",
    autoSuspend,
    resourceMonitor,
  });
}

describe("Snowflake.NoGrantsToPublic", () => {
  test("passes a grant to a named role", () => {
    const stack = minimalStack();
    const grant = new GrantPrivilegesToAccountRole(stack, "Grant", {
      accountRoleName: "SENSORS_DEV_REPORTER",
      privileges: ["USAGE"],
      onAccountObject: { objectType: "WAREHOUSE", objectName: "SENSORS_DEV_BI" },
    });
    expect(verdict(stack, SnowflakeNoGrantsToPublic, grant).compliance).toBe("COMPLIANT");
  });

  test("flags privileges granted to PUBLIC, whatever the case", () => {
    const stack = minimalStack();
    const grant = new GrantPrivilegesToAccountRole(stack, "Grant", {
      accountRoleName: "public",
      privileges: ["USAGE"],
      onAccountObject: { objectType: "DATABASE", objectName: "SENSORS_DEV" },
    });
    expect(violation(verdict(stack, SnowflakeNoGrantsToPublic, grant))).toMatch(
      /account_role_name is PUBLIC/,
    );
  });

  test("flags a role granted to PUBLIC", () => {
    const stack = minimalStack();
    const grant = new GrantAccountRole(stack, "Grant", {
      roleName: "SENSORS_DEV_REPORTER",
      parentRoleName: '"PUBLIC"',
    });
    expect(violation(verdict(stack, SnowflakeNoGrantsToPublic, grant))).toMatch(
      /parent_role_name is PUBLIC/,
    );
  });
});

describe("Snowflake.NotOwnedByAccountAdmin", () => {
  test("passes a schema created by the pipeline owner role", () => {
    const stack = minimalStack();
    const schema = new Schema(stack, "Schema", { database: "SENSORS_DEV", name: "LANDING" });
    expect(verdict(stack, SnowflakeNotOwnedByAccountAdmin, schema).compliance).toBe("COMPLIANT");
  });

  test("flags a schema created through a provider running as ACCOUNTADMIN", () => {
    const stack = minimalStack();
    const admin = new SnowflakeProvider(stack, "admin", { alias: "admin", role: "ACCOUNTADMIN" });
    const schema = new Schema(stack, "Schema", {
      provider: admin,
      database: "SENSORS_DEV",
      name: "LANDING",
    });
    expect(violation(verdict(stack, SnowflakeNotOwnedByAccountAdmin, schema))).toMatch(
      /provider snowflake\.admin as ACCOUNTADMIN/,
    );
  });

  test("flags an object created by a provider without a role", () => {
    const stack = new TerraformStack(Testing.app(), "no-role");
    new SnowflakeProvider(stack, "snowflake", {});
    const schema = new Schema(stack, "Schema", { database: "SENSORS_DEV", name: "LANDING" });
    expect(violation(verdict(stack, SnowflakeNotOwnedByAccountAdmin, schema))).toMatch(
      /without a role/,
    );
  });

  test("flags ownership granted to ACCOUNTADMIN", () => {
    const stack = minimalStack();
    const grant = new GrantOwnership(stack, "Ownership", {
      accountRoleName: "ACCOUNTADMIN",
      on: { objectType: "PIPE", objectName: "SENSORS_DEV.LANDING.READINGS" },
    });
    expect(violation(verdict(stack, SnowflakeNotOwnedByAccountAdmin, grant))).toMatch(
      /grants ownership to ACCOUNTADMIN/,
    );
  });
});

describe("Snowflake.WarehouseAutoSuspend", () => {
  test("passes a warehouse suspending after 60 seconds", () => {
    const stack = minimalStack();
    const resource = warehouse(stack, 60, "SENSORS_DEV_MONITOR");
    expect(verdict(stack, SnowflakeWarehouseAutoSuspend, resource).compliance).toBe("COMPLIANT");
  });

  test("flags a warehouse suspending after 10 minutes", () => {
    const stack = minimalStack();
    const resource = warehouse(stack, 600, "SENSORS_DEV_MONITOR");
    expect(violation(verdict(stack, SnowflakeWarehouseAutoSuspend, resource))).toMatch(/is 600/);
  });

  test("flags a warehouse leaving auto_suspend to Snowflake's default", () => {
    const stack = minimalStack();
    const resource = warehouse(stack, undefined, "SENSORS_DEV_MONITOR");
    expect(violation(verdict(stack, SnowflakeWarehouseAutoSuspend, resource))).toMatch(/not set/);
  });
});

describe("Snowflake.WarehouseResourceMonitor", () => {
  test("passes a warehouse under a resource monitor", () => {
    const stack = minimalStack();
    const resource = warehouse(stack, 60, "SENSORS_DEV_MONITOR");
    expect(verdict(stack, SnowflakeWarehouseResourceMonitor, resource).compliance).toBe(
      "COMPLIANT",
    );
  });

  test("flags a warehouse without a resource monitor", () => {
    const stack = minimalStack();
    const resource = warehouse(stack, 60);
    expect(violation(verdict(stack, SnowflakeWarehouseResourceMonitor, resource))).toMatch(
      /no resource_monitor/,
    );
  });
});

describe("Snowflake.TaskRunsOnlyWhenNeeded", () => {
  test("passes a root task that runs only when its stream has data", () => {
    const stack = minimalStack();
    const task = new Task(stack, "Task", {
      ...LANDING,
      name: "MERGE_READINGS",
      started: true,
      when: "SYSTEM$STREAM_HAS_DATA('SENSORS_DEV.LANDING.READINGS_RAW_CHANGES')",
      sqlStatement: "CALL SENSORS_DEV.CORE.MERGE_READINGS()",
    });
    expect(verdict(stack, SnowflakeTaskRunsWhenNeeded, task).compliance).toBe("COMPLIANT");
  });

  test("flags a root task without a when condition", () => {
    const stack = minimalStack();
    const task = new Task(stack, "Task", {
      ...LANDING,
      name: "MERGE_READINGS",
      started: true,
      sqlStatement: "CALL SENSORS_DEV.CORE.MERGE_READINGS()",
    });
    expect(violation(verdict(stack, SnowflakeTaskRunsWhenNeeded, task))).toMatch(
      /no `when` condition/,
    );
  });

  test("leaves a child task to its root", () => {
    const stack = minimalStack();
    const task = new Task(stack, "Task", {
      ...LANDING,
      name: "REFRESH_HOURLY",
      started: true,
      after: ["SENSORS_DEV.LANDING.MERGE_READINGS"],
      sqlStatement: "SELECT 1",
    });
    expect(verdict(stack, SnowflakeTaskRunsWhenNeeded, task).compliance).toBe("NOT_APPLICABLE");
  });
});

describe("Snowflake.PipeErrorIntegration", () => {
  test("passes a pipe with an error integration", () => {
    const stack = minimalStack();
    const pipe = new Pipe(stack, "Pipe", {
      ...LANDING,
      name: "READINGS",
      autoIngest: true,
      copyStatement: COPY,
      errorIntegration: "SENSORS_DEV_PIPE_ERRORS",
    });
    expect(verdict(stack, SnowflakePipeErrorIntegration, pipe).compliance).toBe("COMPLIANT");
  });

  test("flags a pipe without an error integration", () => {
    const stack = minimalStack();
    const pipe = new Pipe(stack, "Pipe", {
      ...LANDING,
      name: "READINGS",
      autoIngest: true,
      copyStatement: COPY,
    });
    expect(violation(verdict(stack, SnowflakePipeErrorIntegration, pipe))).toMatch(
      /no error_integration/,
    );
  });
});

describe("Snowflake.StageStorageIntegration", () => {
  test("passes an external stage on a storage integration", () => {
    const stack = minimalStack();
    const stage = new Stage(stack, "Stage", {
      ...LANDING,
      name: "NORMALIZED",
      url: "s3://example-landing/normalized/",
      storageIntegration: "SENSORS_DEV_S3",
    });
    expect(verdict(stack, SnowflakeStageStorageIntegration, stage).compliance).toBe("COMPLIANT");
  });

  test("flags an external stage with AWS keys", () => {
    const stack = minimalStack();
    const stage = new Stage(stack, "Stage", {
      ...LANDING,
      name: "NORMALIZED",
      url: "s3://example-landing/normalized/",
      credentials: "AWS_KEY_ID='placeholder' AWS_SECRET_KEY='placeholder'",
    });
    expect(violation(verdict(stack, SnowflakeStageStorageIntegration, stage))).toMatch(
      /sets credentials/,
    );
  });

  test("leaves internal stages alone", () => {
    const stack = minimalStack();
    const stage = new Stage(stack, "Stage", { ...LANDING, name: "SCRATCH" });
    expect(verdict(stack, SnowflakeStageStorageIntegration, stage).compliance).toBe(
      "NOT_APPLICABLE",
    );
  });
});

describe("Snowflake.ServiceUserNetworkPolicy", () => {
  test("passes a service user with a network policy", () => {
    const stack = minimalStack();
    const policy = new NetworkPolicy(stack, "Policy", {
      name: "POWERBI_NETWORK",
      allowedIpList: ["203.0.113.0/24"],
    });
    const user = new ServiceUser(stack, "User", { name: "POWERBI", networkPolicy: policy.name });
    expect(verdict(stack, SnowflakeServiceUserNetworkPolicy, user).compliance).toBe("COMPLIANT");
  });

  test("warns about a service user whose key works from any address", () => {
    const stack = minimalStack();
    const user = new ServiceUser(stack, "User", { name: "POWERBI" });
    expect(violation(verdict(stack, SnowflakeServiceUserNetworkPolicy, user))).toMatch(
      /no network policy; list its addresses in snowflake\.networkPolicies/,
    );
    expect(SnowflakeServiceUserNetworkPolicy.level).toBe("WARNING");
  });
});
