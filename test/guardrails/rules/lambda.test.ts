import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { LambdaFunction, type LambdaFunctionConfig } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaFunctionEventInvokeConfig } from "@cdktf/provider-aws/lib/lambda-function-event-invoke-config";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import type { TerraformStack } from "cdktf";
import { LambdaFailureDestination } from "../../../guardrails/rules/lambda/LambdaFailureDestination";
import { LambdaLogRetention } from "../../../guardrails/rules/lambda/LambdaLogRetention";
import { LambdaPermissionSourceConditions } from "../../../guardrails/rules/lambda/LambdaPermissionSourceConditions";
import { LambdaReservedConcurrency } from "../../../guardrails/rules/lambda/LambdaReservedConcurrency";
import { LambdaSupportedRuntime } from "../../../guardrails/rules/lambda/LambdaSupportedRuntime";
import { minimalStack, verdict, violation } from "../../helpers/guardrails";

const FAILURE_QUEUE = "arn:aws:sqs:eu-west-1:111122223333:normalizer-failures";

function normalizer(
  stack: TerraformStack,
  change: Partial<LambdaFunctionConfig> = {},
): LambdaFunction {
  return new LambdaFunction(stack, "Normalizer", {
    functionName: "sensors-dev-normalizer",
    role: "arn:aws:iam::111122223333:role/normalizer",
    runtime: "nodejs22.x",
    handler: "index.handler",
    filename: "bundle.zip",
    reservedConcurrentExecutions: 5,
    ...change,
  });
}

describe("Lambda.FailureDestination", () => {
  test("passes a function whose event invoke config has an on-failure destination", () => {
    const stack = minimalStack();
    const fn = normalizer(stack);
    new LambdaFunctionEventInvokeConfig(stack, "Async", {
      functionName: fn.functionName,
      maximumRetryAttempts: 2,
      destinationConfig: { onFailure: { destination: FAILURE_QUEUE } },
    });
    expect(verdict(stack, LambdaFailureDestination, fn).compliance).toBe("COMPLIANT");
  });

  test("flags an event invoke config without an on-failure destination", () => {
    const stack = minimalStack();
    const fn = normalizer(stack);
    new LambdaFunctionEventInvokeConfig(stack, "Async", {
      functionName: fn.arn,
      maximumRetryAttempts: 2,
    });
    expect(violation(verdict(stack, LambdaFailureDestination, fn))).toMatch(
      /no destination_config\.on_failure\.destination/,
    );
  });

  test("flags a function without any event invoke config", () => {
    const stack = minimalStack();
    const fn = normalizer(stack);
    expect(violation(verdict(stack, LambdaFailureDestination, fn))).toMatch(
      /no aws_lambda_function_event_invoke_config/,
    );
  });
});

describe("Lambda.LogRetention", () => {
  test("passes a function whose /aws/lambda/<name> log group has retention, named by reference", () => {
    const stack = minimalStack();
    const fn = normalizer(stack);
    new CloudwatchLogGroup(stack, "Logs", {
      name: `/aws/lambda/${fn.functionName}`,
      retentionInDays: 14,
    });
    expect(verdict(stack, LambdaLogRetention, fn).compliance).toBe("COMPLIANT");
  });

  test("passes a function pointed at its log group by logging_config", () => {
    const stack = minimalStack();
    const logs = new CloudwatchLogGroup(stack, "Logs", {
      name: "/sensors/normalizer",
      retentionInDays: 30,
    });
    const fn = normalizer(stack, { loggingConfig: { logFormat: "JSON", logGroup: logs.name } });
    expect(verdict(stack, LambdaLogRetention, fn).compliance).toBe("COMPLIANT");
  });

  test("flags a log group that keeps logs forever", () => {
    const stack = minimalStack();
    const fn = normalizer(stack);
    new CloudwatchLogGroup(stack, "Logs", { name: "/aws/lambda/sensors-dev-normalizer" });
    expect(violation(verdict(stack, LambdaLogRetention, fn))).toMatch(/keeps logs forever/);
  });

  test("flags a function without a declared log group", () => {
    const stack = minimalStack();
    const fn = normalizer(stack);
    expect(violation(verdict(stack, LambdaLogRetention, fn))).toMatch(
      /no aws_cloudwatch_log_group/,
    );
  });
});

describe("Lambda.ReservedConcurrency", () => {
  test("passes reserved concurrency within bounds", () => {
    const stack = minimalStack();
    const fn = normalizer(stack, { reservedConcurrentExecutions: 50 });
    expect(verdict(stack, LambdaReservedConcurrency, fn).compliance).toBe("COMPLIANT");
  });

  test("flags a function without reserved concurrency", () => {
    const stack = minimalStack();
    const fn = normalizer(stack, { reservedConcurrentExecutions: undefined });
    expect(violation(verdict(stack, LambdaReservedConcurrency, fn))).toMatch(/unbounded/);
  });

  test("flags reserved concurrency of zero, which disables the function", () => {
    const stack = minimalStack();
    const fn = normalizer(stack, { reservedConcurrentExecutions: 0 });
    expect(violation(verdict(stack, LambdaReservedConcurrency, fn))).toMatch(
      /is 0; it must be from 1/,
    );
  });
});

describe("Lambda.SupportedRuntime", () => {
  test("passes nodejs22.x before its deprecation date", () => {
    const stack = minimalStack();
    const fn = normalizer(stack);
    expect(verdict(stack, LambdaSupportedRuntime, fn).compliance).toBe("COMPLIANT");
  });

  test("flags nodejs20.x after its deprecation date", () => {
    const stack = minimalStack();
    const fn = normalizer(stack, { runtime: "nodejs20.x" });
    expect(violation(verdict(stack, LambdaSupportedRuntime, fn))).toMatch(
      /deprecated on 2026-04-30/,
    );
  });

  test("flags nodejs22.x once its deprecation date has passed", () => {
    const stack = minimalStack();
    const fn = normalizer(stack);
    const afterDeprecation = new Date("2027-05-01T00:00:00Z");
    expect(verdict(stack, LambdaSupportedRuntime, fn, afterDeprecation).compliance).toBe(
      "NON_COMPLIANT",
    );
  });

  test("flags a runtime the rule does not know", () => {
    const stack = minimalStack();
    const fn = normalizer(stack, { runtime: "nodejs12.x" });
    expect(violation(verdict(stack, LambdaSupportedRuntime, fn))).toMatch(
      /not in this rule's table/,
    );
  });
});

describe("Lambda.PermissionSourceConditions", () => {
  test("passes S3 invoking the function from one bucket of one account", () => {
    const stack = minimalStack();
    const fn = normalizer(stack);
    const permission = new LambdaPermission(stack, "AllowS3", {
      functionName: fn.functionName,
      action: "lambda:InvokeFunction",
      principal: "s3.amazonaws.com",
      sourceArn: "arn:aws:s3:::example-landing",
      sourceAccount: "111122223333",
    });
    expect(verdict(stack, LambdaPermissionSourceConditions, permission).compliance).toBe(
      "COMPLIANT",
    );
  });

  test("flags S3 invoking the function from a named bucket without the account", () => {
    const stack = minimalStack();
    const fn = normalizer(stack);
    const permission = new LambdaPermission(stack, "AllowS3", {
      functionName: fn.functionName,
      action: "lambda:InvokeFunction",
      principal: "s3.amazonaws.com",
      sourceArn: "arn:aws:s3:::example-landing",
    });
    expect(violation(verdict(stack, LambdaPermissionSourceConditions, permission))).toMatch(
      /lets s3\.amazonaws\.com invoke the function without source_account/,
    );
  });
});
