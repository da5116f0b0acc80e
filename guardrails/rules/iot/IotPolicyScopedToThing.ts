import { readPolicy } from "../../policy-document";
import { type GuardrailRule, compliant, nonCompliant } from "../../rule";

/** The thing policy variable as Terraform JSON carries it (`$${` is a literal `${`). */
const THING_NAME = /\$?\$\{iot:Connection\.Thing\.ThingName\}/;
/** Actions that reach the broker on a device's behalf. */
const DEVICE_ACTION = /^(\*|iot:\*|iot:(Connect|Publish|Subscribe|Receive|RetainPublish))$/i;

export const IotPolicyScopedToThing: GuardrailRule = {
  id: "IoT.PolicyScopedToThing",
  name: "IotPolicyScopedToThing",
  what: "Every Allow statement of an IoT policy names iot: actions explicitly and scopes each resource to the connecting thing with ${iot:Connection.Thing.ThingName}, with no * wildcard.",
  why: "One policy serves every gateway certificate; a wildcard lets a single leaked certificate publish as any gateway, and its readings then count as that gateway's.",
  level: "ERROR",
  resourceTypes: ["aws_iot_policy"],
  check(policy, { stack }) {
    const read = readPolicy(policy.config.policy, stack);
    if ("unreadable" in read)
      return nonCompliant(`the policy cannot be checked: ${read.unreadable}`);
    for (const statement of read.statements) {
      if (statement.effect !== "Allow") continue;
      const wide = statement.actions.find((action) => action === "*" || /^iot:\*$/i.test(action));
      if (wide || statement.notActions.length > 0)
        return nonCompliant(
          `a statement allows ${wide ?? "NotAction"}; list the actions (iot:Connect, iot:Publish)`,
        );
      if (!statement.actions.some((action) => DEVICE_ACTION.test(action))) continue;
      if (statement.notResources.length > 0)
        return nonCompliant("a statement uses NotResource; name the thing's own resources");
      for (const resource of statement.resources) {
        if (resource.replace(THING_NAME, "").includes("*"))
          return nonCompliant(
            `resource ${resource} holds a * wildcard; scope it to $\{iot:Connection.Thing.ThingName}`,
          );
        if (!THING_NAME.test(resource))
          return nonCompliant(
            `resource ${resource} is not scoped to the connecting thing; use $\{iot:Connection.Thing.ThingName} in it`,
          );
      }
    }
    return compliant();
  },
};
