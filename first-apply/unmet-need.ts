import { ACCOUNTADMIN, type AccessModel, type PointOfApply, describeNeed } from "./access-facts";
import type { Need } from "./needs";
import { type ObjectRef, describeObject } from "./objects";

/** A need that does not hold, what is missing and how to fix it. */
export interface Unmet {
  readonly kind: "privilege" | "object" | "role";
  readonly missing: string;
  readonly fix: string;
}

/**
 * Whether `role` meets `need` at this point of the apply; `address` is the resource that needs it
 * (undefined for an operator tool, which runs after the whole apply).
 */
export function unmet(
  model: AccessModel,
  role: string,
  need: Need,
  at: PointOfApply,
  address: string | undefined,
): Unmet | undefined {
  if ("role" in need) {
    if (model.effectiveRoles(role, at).has(ACCOUNTADMIN)) return undefined;
    return {
      kind: "role",
      missing: "the ACCOUNTADMIN role (no other role may do this, whatever it is granted)",
      fix: "no stack runs as ACCOUNTADMIN: do it once in sql/bootstrap/snowflake-account.sql (run as ACCOUNTADMIN) and take it out of the stack (lifecycle.ignoreChanges where the provider reads it back).",
    };
  }
  if ("exists" in need) {
    return model.exists(resolveKind(model, need.exists), at)
      ? undefined
      : missingObject(model, need.exists, address);
  }
  const options = "anyOf" in need ? need.anyOf : [need];
  const resolved = options.map((option) => ({ ...option, on: resolveKind(model, option.on) }));
  for (const option of resolved) {
    if (!model.exists(option.on, at)) continue;
    if (model.holds(role, option.privilege, option.on, at)) return undefined;
  }
  const first = resolved[0];
  if (resolved.every((option) => !model.exists(option.on, at)))
    return missingObject(model, first.on, address);
  const described = resolved
    .map((option) => describeNeed(option.privilege, option.on))
    .join(" or ");
  const pending = resolved.flatMap((option) =>
    model
      .grantsThatWouldGive(role, option.privilege, option.on)
      .map((grant) => grant.source)
      .filter(
        (source): source is { kind: "resource"; address: string } =>
          source.kind === "resource" && !at.counts(source),
      ),
  );
  if (pending.length > 0 && address !== undefined) {
    return {
      kind: "privilege",
      missing: described,
      fix: `${pending[0].address} grants it but Terraform may run it later: add it to depends_on of ${address}.`,
    };
  }
  return {
    kind: "privilege",
    missing: described,
    fix: `grant ${first.privilege} ON ${describeObject(first.on)} TO ROLE ${role} in sql/bootstrap/snowflake-account.sql (or by a grant resource that ${address ?? "it"} depends on).`,
  };
}

function missingObject(model: AccessModel, object: ObjectRef, address: string | undefined): Unmet {
  const creation = model.creationOf(object);
  if (creation?.source.kind === "resource" && address !== undefined) {
    return {
      kind: "object",
      missing: `${describeObject(object)} (it does not exist yet at this point)`,
      fix: `add ${creation.source.address} to depends_on of ${address}.`,
    };
  }
  return {
    kind: "object",
    missing: `${describeObject(object)} (nothing creates it before this point)`,
    fix: `create ${describeObject(object)} in sql/bootstrap/snowflake-account.sql, or in the stack before ${address ?? "the tool runs"}.`,
  };
}

/** A TABLE need that names a view is about that view (a view may read views). */
function resolveKind(model: AccessModel, object: ObjectRef): ObjectRef {
  if (object.type !== "TABLE" || model.creationOf(object)) return object;
  const asView: ObjectRef = { type: "VIEW", name: object.name };
  return model.creationOf(asView) ? asView : object;
}
