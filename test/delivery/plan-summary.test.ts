import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  MAX_LISTED_CHANGES,
  planCommentMarker,
  renderFailedPlanComment,
  renderPlanComment,
} from "../../cli/plan/render-plan-comment";
import { PlanFormatError, summarizePlan } from "../../cli/plan/summarize-plan";

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(__dirname, "fixtures", name), "utf8"));

const planWith = (changes: Array<{ type: string; actions: string[] }>) => ({
  format_version: "1.2",
  resource_changes: changes.map((change, index) => ({
    address: `${change.type}.r${index}`,
    type: change.type,
    change: { actions: change.actions },
  })),
});

describe("summarizePlan", () => {
  test("counts a replacement as one add and one destroy, as Terraform's plan line does", () => {
    // GIVEN a plan with 1 create, 1 update, 2 replacements, 1 delete, a no-op and a data read
    const summary = summarizePlan(fixture("plan-replaces-pipe.json"));
    // THEN adds = creates + replacements, destroys = deletes + replacements
    expect({ adds: summary.adds, changes: summary.changes, destroys: summary.destroys }).toEqual({
      adds: 3,
      changes: 1,
      destroys: 3,
    });
  });

  test("leaves no-op changes and data-source reads out of the changed resources", () => {
    const summary = summarizePlan(fixture("plan-replaces-pipe.json"));
    const addresses = summary.plannedChanges.map((change) => change.address);
    expect(addresses).not.toContain("aws_s3_bucket.LandingBucket_Resource_8F1A2B3C");
    expect(addresses.some((address) => address.startsWith("data."))).toBe(false);
    expect(addresses).toHaveLength(5);
  });

  test("flags a replaced pipe as critical but not a replaced view or a destroyed warehouse", () => {
    const summary = summarizePlan(fixture("plan-replaces-pipe.json"));
    expect(summary.criticalChanges.map((change) => change.address)).toEqual([
      "snowflake_pipe.Ingestion_Pipe_9A8B7C6D",
    ]);
  });

  test("flags replaced or destroyed topics, integrations, stages and streams, but not an updated pipe or a topic policy", () => {
    const summary = summarizePlan(fixture("plan-replaces-ingestion-chain.json"));
    expect(summary.criticalChanges.map((change) => change.type)).toEqual([
      "aws_sns_topic",
      "snowflake_storage_integration",
      "snowflake_notification_integration",
      "snowflake_stage",
      "snowflake_stream_on_table",
    ]);
  });

  test.each([
    ["snowflake_pipe", true],
    ["snowflake_stage", true],
    ["snowflake_stage_external_s3", true],
    ["snowflake_stream_on_table", true],
    ["snowflake_storage_integration", true],
    ["snowflake_api_integration", true],
    ["aws_sns_topic", true],
    ["aws_sns_topic_subscription", false],
    ["snowflake_stages_reader", false],
    ["snowflake_table", false],
  ])("a replaced %s is critical: %s", (type, critical) => {
    const summary = summarizePlan(planWith([{ type, actions: ["delete", "create"] }]));
    expect(summary.criticalChanges.length > 0).toBe(critical);
  });

  test("a plan without resource changes has all counts at zero", () => {
    const summary = summarizePlan({ format_version: "1.2" });
    expect(summary).toEqual({
      adds: 0,
      changes: 0,
      destroys: 0,
      forgets: 0,
      plannedChanges: [],
      criticalChanges: [],
    });
  });

  test("counts forget actions on their own, never as destroys", () => {
    const summary = summarizePlan(planWith([{ type: "aws_sns_topic", actions: ["forget"] }]));
    expect({ forgets: summary.forgets, destroys: summary.destroys }).toEqual({
      forgets: 1,
      destroys: 0,
    });
  });

  test("rejects JSON that is not a Terraform plan and names the fix", () => {
    expect(() => summarizePlan({ resource_changes: "nope" })).toThrow(PlanFormatError);
    expect(() => summarizePlan({ resource_changes: "nope" })).toThrow(/terraform show -json/);
  });

  test("rejects an unknown action list instead of silently dropping the change", () => {
    expect(() =>
      summarizePlan(planWith([{ type: "aws_sns_topic", actions: ["teleport"] }])),
    ).toThrow(/aws_sns_topic\.r0: unknown change actions \[teleport\]/);
  });
});

describe("renderPlanComment", () => {
  test("starts with the stack's hidden marker so the workflow can update its own comment", () => {
    const comment = renderPlanComment(summarizePlan(fixture("plan-no-changes.json")), {
      stack: "sensors-dev",
    });
    expect(comment.split("\n")[0]).toBe(planCommentMarker("sensors-dev"));
    expect(planCommentMarker("sensors-dev")).not.toBe(planCommentMarker("sensors-prod"));
  });

  test("states the three counts in one line", () => {
    const comment = renderPlanComment(summarizePlan(fixture("plan-replaces-pipe.json")), {
      stack: "sensors-dev",
    });
    expect(comment).toMatch(/\*\*3 to add, 1 to change, 3 to destroy\*\*/);
  });

  test("puts a caution block naming each critical resource before the resource list", () => {
    const comment = renderPlanComment(
      summarizePlan(fixture("plan-replaces-ingestion-chain.json")),
      { stack: "sensors-prod" },
    );
    const caution = comment.indexOf("> [!CAUTION]");
    expect(caution).toBeGreaterThan(0);
    expect(caution).toBeLessThan(comment.indexOf("<details>"));
    const cautionLines = comment.split("\n").filter((line) => line.startsWith("> - "));
    expect(cautionLines).toHaveLength(5);
    expect(cautionLines[0]).toContain("aws_sns_topic.Notifications_Topic_2B3C4D5E");
  });

  test("has no caution block when nothing critical changes", () => {
    const comment = renderPlanComment(summarizePlan(fixture("plan-no-changes.json")), {
      stack: "sensors-dev",
    });
    expect(comment).not.toContain("CAUTION");
    expect(comment).toContain("No changes.");
  });

  test("never copies attribute values from the plan into the comment", () => {
    const plan = planWith([{ type: "snowflake_user", actions: ["update"] }]) as {
      resource_changes: Array<{ change: Record<string, unknown> }>;
    };
    plan.resource_changes[0].change.after = { rsa_public_key: "MIIBIjANBgkqhkiG9w0BAQEF" };
    const comment = renderPlanComment(summarizePlan(plan), { stack: "sensors-dev" });
    expect(comment).not.toContain("MIIBIjANBgkqhkiG9w0BAQEF");
  });

  test("lists at most the row limit and says how many more there are", () => {
    const total = MAX_LISTED_CHANGES + 7;
    const plan = planWith(
      Array.from({ length: total }, () => ({ type: "aws_s3_object", actions: ["create"] })),
    );
    const comment = renderPlanComment(summarizePlan(plan), { stack: "sensors-dev" });
    const rows = comment.split("\n").filter((line) => line.startsWith("| `aws_s3_object."));
    expect(rows).toHaveLength(MAX_LISTED_CHANGES);
    expect(comment).toContain("… and 7 more");
  });

  test("links the workflow run when given", () => {
    const comment = renderPlanComment(summarizePlan(fixture("plan-no-changes.json")), {
      stack: "sensors-dev",
      detailsUrl: "https://example.invalid/runs/1",
    });
    expect(comment.trimEnd().endsWith("https://example.invalid/runs/1")).toBe(true);
  });
});

describe("renderFailedPlanComment", () => {
  test("replaces the stack's comment with a failure notice so no stale plan stays visible", () => {
    const comment = renderFailedPlanComment({ stack: "sensors-prod" });
    expect(comment.split("\n")[0]).toBe(planCommentMarker("sensors-prod"));
    expect(comment).toMatch(/plan failed/i);
    expect(comment).not.toMatch(/to add/);
  });
});
