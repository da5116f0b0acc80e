import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ALL_GUARDRAILS } from "./packs";
import { type GuardrailRule, guardrailDocLink } from "./rule";

/** Where the rule reference lives; `npm run docs:guardrails` rewrites it. */
export const GUARDRAILS_DOC_PATH = join(__dirname, "..", "docs", "guardrails.md");

const SERVICES: ReadonlyArray<readonly [prefix: string, title: string, folder: string]> = [
  ["S3", "S3", "s3"],
  ["IAM", "IAM", "iam"],
  ["SNS", "SNS", "sns"],
  ["SQS", "SQS", "sqs"],
  ["Lambda", "Lambda", "lambda"],
  ["IoT", "IoT Core", "iot"],
  ["Firehose", "Firehose", "firehose"],
  ["Snowflake", "Snowflake", "snowflake"],
];

const INTRO = `# Guardrails

<!-- Generated from guardrails/rules by \`npm run docs:guardrails\`; test/guardrails/docs.test.ts fails when it drifts. -->

Guardrails are synth-time policy checks for security and cost, in the manner of cdk-nag. Every
\`cdktf synth\`, \`diff\` and \`deploy\` runs them through \`GuardrailsAspect\`, which
\`SensorPipelineStack\` attaches. A change that breaks an ERROR rule never reaches a plan.

## What you see at synth

- Each finding becomes an annotation on the resource that broke the rule. The cdktf CLI prints
  these annotations, and an **ERROR** stops synth. A **WARNING** is reported but does not stop it.
- Each stack gets a summary line as an info annotation: rules run, resources checked, errors,
  warnings, suppressions, notes and where the JSON report is.
- When there is anything to list, a report for each stack goes to standard error. It has the
  summary line, then one line for each finding, suppression and note, giving the rule, the
  resource path and the message. (The CLI shows the app's standard error with an \`[ERROR]\`
  prefix, whatever the lines say.)
- The same report is written as JSON to \`cdktf.out/guardrails/<stack>.json\` (under the app's
  outdir). It holds \`findings\`, \`suppressed\` (each with its reason), \`notes\` (passes that rest on
  something synth cannot know, such as a policy computed at plan time) and \`suppressionProblems\`.

The rules read each resource's synthesized arguments with references resolved. That lets them
follow a bucket to its separate policy, encryption, versioning and public access block resources,
and read a policy written as JSON or as an \`aws_iam_policy_document\`. Some values are only known
at plan time. A rule does not guess at those: it passes the resource with a note, or treats it as
not applicable.

## Suppressing a rule

Some exceptions are deliberate. Suppress the rule on that resource, or on a construct to cover
the resources inside it, and say why:

\`\`\`ts
import { suppressGuardrail } from "../guardrails/suppressions";

suppressGuardrail(
  heartbeatTask,
  "Snowflake.TaskRunsOnlyWhenNeeded",
  "Heartbeat for the no-data alert: it must run every hour even when no data arrived",
);
\`\`\`

- Every synth prints the reason as an info annotation and in the report.
- A suppression with an empty reason is itself an ERROR, and so is one that names an unknown rule
  id. The finding it tried to silence stays.
- A suppression that no longer matches any finding produces a WARNING. Remove it.

## Adding a rule

Add one file, \`guardrails/rules/<service>/<RuleName>.ts\`, exporting a \`GuardrailRule\` (see
\`guardrails/rule.ts\`). List it in its pack under \`guardrails/packs/\` and add a compliant and a
non-compliant test to \`test/guardrails/rules/\`. Then run \`npm run docs:guardrails\`.

## Rules
`;

/** The reference of every rule: id, level, what, why, and the file that implements it. */
export function renderGuardrailsDoc(rules: readonly GuardrailRule[] = ALL_GUARDRAILS): string {
  const sections = SERVICES.flatMap(([prefix, title, folder]) => {
    const ofService = rules.filter((rule) => rule.id.startsWith(`${prefix}.`));
    if (ofService.length === 0) return [];
    return [
      `\n### ${title}\n`,
      ...ofService.map(
        (rule) =>
          `\n#### ${rule.id}\n\n` +
          `**${rule.level}** · \`guardrails/rules/${folder}/${rule.name}.ts\`\n\n` +
          `${rule.what}\n\n` +
          `Why it matters: ${rule.why}\n`,
      ),
    ];
  });
  const glance = [
    "\n| Rule | Level |",
    "| --- | --- |",
    ...SERVICES.flatMap(([prefix]) =>
      rules
        .filter((rule) => rule.id.startsWith(`${prefix}.`))
        .map(
          (rule) =>
            `| [${rule.id}](${guardrailDocLink(rule.id).replace("docs/guardrails.md", "")}) | ${rule.level} |`,
        ),
    ),
  ].join("\n");
  return `${INTRO}${glance}\n${sections.join("")}`;
}

if (require.main === module) {
  writeFileSync(GUARDRAILS_DOC_PATH, renderGuardrailsDoc());
  process.stdout.write(`wrote ${GUARDRAILS_DOC_PATH}\n`);
}
