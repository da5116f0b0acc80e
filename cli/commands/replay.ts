import { S3Client } from "@aws-sdk/client-s3";
import { InvalidArgumentError } from "commander";
import type { RegisterCommand } from "./command";
import { readDeploymentOutputs } from "../../stacks/outputs";
import { requireAwsCredentials } from "../../ops/aws-credentials";
import { systemClock } from "../../ops/clock";
import { s3ObjectStore } from "../../ops/object-store";
import { NORMALIZER } from "../../ops/replay/normalizer-api";
import { s3Renormalize } from "../../ops/replay/normalizer-binding";
import { replayGeneration, validateGeneration } from "../../ops/replay/generation";
import { type Renormalize, runReplay } from "../../ops/replay/run-replay";
import { parseReplayTime } from "../../ops/replay/selection";

interface ReplayCommandOptions {
  stack: string;
  outputs: string;
  prefix: string;
  since?: Date;
  until?: Date;
  generation?: string;
  dryRun: boolean;
}

/**
 * `sensorctl replay`: re-normalizes raw objects (after a normalizer fix, say) with the Lambda's own
 * code, into new keys that Snowpipe loads; the MERGE keeps the model free of duplicates.
 */
export const registerReplay: RegisterCommand = (program) => {
  program
    .command("replay")
    .description(
      "Re-normalize raw objects with the normalizer's code into new normalized/ keys, so Snowpipe " +
        "loads them and the MERGE replaces earlier rows",
    )
    .requiredOption("--stack <name>", "stack whose bucket to replay, e.g. sensors-dev")
    .requiredOption("--prefix <prefix>", "raw/ prefix to replay, e.g. raw/gw-17/")
    .option(
      "--since <time>",
      "only objects last modified at or after this time (ISO 8601 or date)",
      commanderArgument((text) => parseReplayTime(text, "--since")),
    )
    .option(
      "--until <time>",
      "only objects last modified before this time",
      commanderArgument((text) => parseReplayTime(text, "--until")),
    )
    .option(
      "--generation <id>",
      "replay generation (default: r<UTC start time>); reuse one to resume an interrupted replay",
      commanderArgument(validateGeneration),
    )
    .option("--dry-run", "list what would be replayed; read and write nothing", false)
    .option(
      "--outputs <file>",
      "outputs file written by `cdktf output --outputs-file`",
      "outputs.json",
    )
    .action(async (options: ReplayCommandOptions) => {
      const outputs = readDeploymentOutputs(options.outputs, options.stack);
      const s3 = new S3Client({ region: outputs.awsRegion });
      await requireAwsCredentials(s3.config.credentials);
      const store = s3ObjectStore(s3, outputs.landingBucketName);
      // The deployed function's own environment, so the replay applies the same content rules.
      const environment = JSON.parse(outputs.normalizerEnvironmentJson) as Record<string, string>;
      // A dry run only lists, so it works even where the normalizer cannot be loaded.
      const renormalize: Renormalize = options.dryRun
        ? () => Promise.reject(new Error("a dry run never normalizes"))
        : s3Renormalize(NORMALIZER, s3, outputs.landingBucketName, environment);
      const summary = await runReplay(
        {
          store,
          renormalize,
          clock: systemClock,
          progress: process.stderr,
          print: (line) => process.stdout.write(`${line}\n`),
        },
        {
          selection: { prefix: options.prefix, since: options.since, until: options.until },
          generation: options.generation ?? replayGeneration(new Date()),
          dryRun: options.dryRun,
        },
      );
      if (summary.failures.length > 0) {
        throw new Error(
          `${summary.failures.length} of ${summary.selectedObjects} objects failed to replay (listed above); ` +
            "rerun with the same --generation to retry them: objects already replayed are skipped by Snowpipe.",
        );
      }
    });
};

/** Turns a validator's error into commander's "argument is invalid" message and usage hint. */
function commanderArgument<T>(parse: (text: string) => T): (text: string) => T {
  return (text) => {
    try {
      return parse(text);
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
  };
}
