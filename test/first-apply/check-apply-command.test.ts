import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthesizeQuietly } from "../../first-apply/check-app";
import { sensorctl } from "../helpers/run-sensorctl";

/** Runs the command with standard output captured. */
async function checkApply(...args: string[]): Promise<{ error?: Error; stdout: string }> {
  let stdout = "";
  const spy = jest.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  try {
    const { error } = await sensorctl("check-apply", ...args);
    return { error, stdout };
  } finally {
    spy.mockRestore();
  }
}

describe("sensorctl check-apply", () => {
  const synthesized = synthesizeQuietly();

  test("passes the synthesized stacks of this repository and says so", async () => {
    const { error, stdout } = await checkApply("--synth-dir", synthesized);
    expect(error).toBeUndefined();
    expect(stdout).toBe(
      "check-apply: every Snowflake resource and operator tool has what it needs.\n",
    );
  });

  test("prints each finding with its fix and fails when a task no longer waits for its grant", async () => {
    const copy = mkdtempSync(join(tmpdir(), "check-apply-"));
    cpSync(synthesized, copy, { recursive: true });
    const file = join(copy, "stacks", "sensors-dev", "cdk.tf.json");
    const stack = JSON.parse(readFileSync(file, "utf8"));
    for (const task of Object.values(stack.resource.snowflake_task) as Array<{
      depends_on: string[];
    }>) {
      task.depends_on = task.depends_on.filter((address) => !address.includes("UsageGrant"));
    }
    writeFileSync(file, JSON.stringify(stack));
    const { error, stdout } = await checkApply("--synth-dir", copy);
    // Dev's MQTT path adds its unpack task to the tasks that name the error integration.
    expect(error?.message).toMatch(/^4 first-apply findings\.\n {2}Fix: /);
    expect(stdout).toMatch(
      /^sensors-dev: snowflake_task\.\S+ \(sensors-dev\/[^)]+\) as role SENSORS_DEV_PIPELINE_OWNER: missing USAGE on INTEGRATION SENSORS_DEV_PIPELINE_ERRORS \[error_integration\]\n {2}Fix: snowflake_grant_privileges_to_account_role\.\S+ grants it but Terraform may run it later: add it to depends_on of snowflake_task\.\S+\.\n {2}Source: user-guide\/tasks-errors-integrate/m,
    );
  });

  test("names the missing synth output and how to make it", async () => {
    const { error } = await checkApply("--synth-dir", join(tmpdir(), "no-such-cdktf-out"));
    expect(error?.message).toMatch(
      /cannot read .*cdk\.tf\.json.*\n {2}Fix: run `npx cdktf synth` first/,
    );
  });
});
