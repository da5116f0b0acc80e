import { readFileSync } from "node:fs";
import { join } from "node:path";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import {
  AnnotationMetadataEntryType,
  App,
  Aspects,
  Lazy,
  type TerraformStack,
  Testing,
} from "cdktf";
import type { IConstruct } from "constructs";
import { GuardrailsAspect } from "../../guardrails/guardrails-aspect";
import type { GuardrailReport } from "../../guardrails/report";
import type { GuardrailRule } from "../../guardrails/rule";
import { S3BucketVersioned } from "../../guardrails/rules/s3/S3BucketVersioned";
import { SnsTopicEncrypted } from "../../guardrails/rules/sns/SnsTopicEncrypted";
import { SqsQueueEncrypted } from "../../guardrails/rules/sqs/SqsQueueEncrypted";
import { suppressGuardrail } from "../../guardrails/suppressions";
import { TEST_DAY, minimalStack } from "../helpers/guardrails";

/** Attaches the aspect with the given rules, collecting the printed reports. */
function guard(stack: TerraformStack, rules: readonly GuardrailRule[]): string[] {
  const printed: string[] = [];
  Aspects.of(stack).add(
    new GuardrailsAspect({ rules, today: TEST_DAY, reportTo: (text) => printed.push(text) }),
  );
  return printed;
}

function annotations(construct: IConstruct, type: AnnotationMetadataEntryType): string[] {
  return construct.node.metadata
    .filter((entry) => entry.type === type)
    .map((entry) => String(entry.data));
}

function jsonReport(stack: TerraformStack): GuardrailReport {
  const path = join(App.of(stack).outdir, "guardrails", `${stack.node.id}.json`);
  return JSON.parse(readFileSync(path, "utf8")) as GuardrailReport;
}

describe("GuardrailsAspect", () => {
  test("fails a full synth on an ERROR finding, naming the rule and the resource", () => {
    const stack = minimalStack();
    guard(stack, [SqsQueueEncrypted]);
    new SqsQueue(stack, "Queue", { name: "failures", sqsManagedSseEnabled: false });
    expect(() => Testing.fullSynth(stack)).toThrow(
      /\[guardrails-test\/Queue\] \[SQS\.Encryption\] the queue is not encrypted/,
    );
  });

  test("synthesizes a stack whose only finding is a WARNING, and annotates it", () => {
    const stack = minimalStack();
    guard(stack, [SnsTopicEncrypted]);
    const topic = new SnsTopic(stack, "Topic", { name: "alerts" });
    expect(() => Testing.fullSynth(stack)).not.toThrow();
    expect(annotations(topic, AnnotationMetadataEntryType.WARN)).toEqual([
      expect.stringMatching(/^\[SNS\.Encryption\] the topic is not encrypted/),
    ]);
  });

  test("lets a suppression with a reason silence the finding, keeping the reason as an annotation", () => {
    const stack = minimalStack();
    const printed = guard(stack, [SqsQueueEncrypted]);
    const queue = new SqsQueue(stack, "Queue", { name: "failures", sqsManagedSseEnabled: false });
    suppressGuardrail(queue, "SQS.Encryption", "Holds only synthetic test messages");
    expect(() => Testing.fullSynth(stack)).not.toThrow();
    expect(annotations(queue, AnnotationMetadataEntryType.INFO)).toEqual([
      "[SQS.Encryption] suppressed at guardrails-test/Queue: Holds only synthetic test messages",
    ]);
    // Synth succeeds, so nothing goes to standard error (the cdktf CLI shows it as [ERROR]).
    expect(printed).toEqual([]);
    expect(jsonReport(stack).suppressed).toEqual([
      expect.objectContaining({
        ruleId: "SQS.Encryption",
        reason: "Holds only synthetic test messages",
      }),
    ]);
  });

  test("applies a suppression on a construct to the resources inside it", () => {
    const stack = minimalStack();
    guard(stack, [SqsQueueEncrypted]);
    new SqsQueue(stack, "Queue", { name: "failures", sqsManagedSseEnabled: false });
    suppressGuardrail(stack, "SQS.Encryption", "Sandbox stack for a load test");
    Testing.synth(stack);
    expect(jsonReport(stack).suppressed).toEqual([
      expect.objectContaining({
        ruleId: "SQS.Encryption",
        path: "guardrails-test/Queue",
        suppressedAt: "guardrails-test",
        reason: "Sandbox stack for a load test",
      }),
    ]);
  });

  test("treats a suppression without a reason as an error and leaves the finding in place", () => {
    const stack = minimalStack();
    guard(stack, [SqsQueueEncrypted]);
    const queue = new SqsQueue(stack, "Queue", { name: "failures", sqsManagedSseEnabled: false });
    suppressGuardrail(queue, "SQS.Encryption", "   ");
    Testing.synth(stack);
    expect(annotations(queue, AnnotationMetadataEntryType.ERROR)).toEqual([
      expect.stringMatching(/^\[SQS\.Encryption\] the queue is not encrypted/),
      expect.stringMatching(
        /^\[Guardrails\.Suppression\] suppression of SQS\.Encryption gives no reason/,
      ),
    ]);
  });

  test("treats a suppression of an unknown rule as an error", () => {
    const stack = minimalStack();
    guard(stack, [SqsQueueEncrypted]);
    const queue = new SqsQueue(stack, "Queue", { name: "failures", sqsManagedSseEnabled: true });
    suppressGuardrail(queue, "SQS.Encrypted", "Typo in the rule id");
    expect(() => Testing.fullSynth(stack)).toThrow(/suppression names unknown rule SQS\.Encrypted/);
  });

  test("warns about a suppression that matches no finding", () => {
    const stack = minimalStack();
    guard(stack, [SqsQueueEncrypted]);
    const queue = new SqsQueue(stack, "Queue", { name: "failures", sqsManagedSseEnabled: true });
    suppressGuardrail(queue, "SQS.Encryption", "Was unencrypted once");
    Testing.synth(stack);
    expect(annotations(queue, AnnotationMetadataEntryType.WARN)).toEqual([
      "[Guardrails.Suppression] suppression of SQS.Encryption matches no finding; remove it",
    ]);
  });

  test("writes the JSON report under the app's outdir, with each finding's rule, path and message", () => {
    const stack = minimalStack();
    guard(stack, [S3BucketVersioned, SqsQueueEncrypted]);
    new S3Bucket(stack, "Bucket", { bucket: "example-landing" });
    Testing.synth(stack);
    const report = jsonReport(stack);
    expect(report.summary).toEqual({ errors: 1, warnings: 0, suppressed: 0, notes: 0 });
    expect(report.findings).toEqual([
      {
        ruleId: "S3.Versioning",
        level: "ERROR",
        path: "guardrails-test/Bucket",
        address: "aws_s3_bucket.Bucket",
        message: expect.stringMatching(/no aws_s3_bucket_versioning/),
      },
    ]);
  });

  test("prints one report per stack and synth, and does not repeat annotations on a second synth", () => {
    const stack = minimalStack();
    const printed = guard(stack, [SqsQueueEncrypted]);
    const queue = new SqsQueue(stack, "Queue", { name: "failures" });
    Testing.synth(stack);
    Testing.synth(stack);
    expect(printed).toHaveLength(2);
    expect(printed[0]).toMatch(/^guardrails guardrails-test: 1 rules on 1 resources: 1 error\(s\)/);
    expect(annotations(queue, AnnotationMetadataEntryType.ERROR)).toHaveLength(1);
  });

  test("prints nothing when synth succeeds with warnings: the warning annotations carry them", () => {
    const stack = minimalStack();
    const printed = guard(stack, [SnsTopicEncrypted]);
    const topic = new SnsTopic(stack, "Topic", { name: "alerts" });
    Testing.synth(stack);
    expect(printed).toEqual([]);
    expect(annotations(topic, AnnotationMetadataEntryType.WARN)).toEqual([
      expect.stringMatching(/^\[SNS\.Encryption\] /),
    ]);
  });

  test("prints nothing for a clean stack but still annotates the stack with the summary", () => {
    const stack = minimalStack();
    const printed = guard(stack, [SqsQueueEncrypted]);
    new SqsQueue(stack, "Queue", { name: "failures", sqsManagedSseEnabled: true });
    Testing.synth(stack);
    expect(printed).toEqual([]);
    expect(annotations(stack, AnnotationMetadataEntryType.INFO)).toEqual([
      expect.stringMatching(
        /^guardrails guardrails-test: 1 rules on 1 resources: 0 error\(s\), 0 warning\(s\), 0 suppressed, 0 note\(s\) \(report: .*guardrails-test\.json\)$/,
      ),
    ]);
  });

  test("reports a rule that throws as a warning instead of crashing synth", () => {
    const stack = minimalStack();
    const broken: GuardrailRule = {
      ...SqsQueueEncrypted,
      id: "Test.Broken",
      check: () => {
        throw new Error("boom");
      },
    };
    guard(stack, [broken]);
    const queue = new SqsQueue(stack, "Queue", { name: "failures", sqsManagedSseEnabled: true });
    expect(() => Testing.fullSynth(stack)).not.toThrow();
    expect(annotations(queue, AnnotationMetadataEntryType.WARN)).toEqual([
      "[Test.Broken] the rule failed on this resource: boom",
    ]);
  });

  test("notes, without failing, a resource whose configuration cannot be resolved at synth", () => {
    // GIVEN a queue whose name throws when resolved
    const stack = minimalStack();
    const queue = new SqsQueue(stack, "Queue", { name: "failures", sqsManagedSseEnabled: true });
    const unknowable = Lazy.stringValue({
      produce: () => {
        throw new Error("not yet known");
      },
    });
    queue.addOverride("name", unknowable);
    // WHEN the guardrails visit the stack
    const aspect = new GuardrailsAspect({ rules: [SqsQueueEncrypted], reportTo: () => undefined });
    expect(() => aspect.visit(stack)).not.toThrow();
    // THEN the report notes the resource instead of judging it
    expect(jsonReport(stack).notes).toEqual([
      {
        ruleId: "SQS.Encryption",
        path: "guardrails-test/Queue",
        note: expect.stringMatching(/could not be resolved at synth: .*not yet known/),
      },
    ]);
  });
});
