import { type ObjectRef, type ObjectType, describeObject, sameObject } from "./objects";

/**
 * What gives a role a privilege, wherever it comes from (the bootstrap SQL or a stack resource),
 * and the questions the checker asks of it: does role R hold P on O, counting only the facts
 * established before a given point of the apply?
 */

/** Where a fact comes from: a line of the bootstrap SQL, or a resource of the stack. */
export type FactSource =
  | { readonly kind: "bootstrap"; readonly line: number }
  | { readonly kind: "system" }
  | { readonly kind: "resource"; readonly address: string };

/** An object exists, owned by a role (the role that created it, or that ownership moved to). */
export interface Creation {
  readonly object: ObjectRef;
  readonly owner: string;
  readonly source: FactSource;
}

/** Role `role` is granted to role `grantee` (the grantee inherits its privileges), or to a user. */
export interface RoleGrant {
  readonly role: string;
  readonly grantee: { readonly type: "ROLE" | "USER"; readonly name: string };
  readonly source: FactSource;
}

/** Privileges on one object, on all existing objects of a type in a schema, or on future ones. */
export type GrantTarget =
  | { readonly kind: "object"; readonly object: ObjectRef }
  | { readonly kind: "all" | "future"; readonly type: ObjectType; readonly schema: string };

export interface PrivilegeGrant {
  readonly role: string;
  readonly privileges: readonly string[];
  readonly on: GrantTarget;
  readonly source: FactSource;
}

/** Everything known about who may do what. */
export interface AccessFacts {
  readonly creations: readonly Creation[];
  readonly roleGrants: readonly RoleGrant[];
  readonly privilegeGrants: readonly PrivilegeGrant[];
}

/**
 * Which facts count at a point of the apply: every bootstrap and system fact, and the stack facts
 * whose resource is finished by then. `before` answers the order of two resources (is `a` an
 * ancestor of `b`), which decides whether an "all" or "future" grant covers an object.
 */
export interface PointOfApply {
  counts(source: FactSource): boolean;
  before(a: FactSource, b: FactSource): boolean;
}

/** The role that may do anything: checked by name, as Snowflake's top system role. */
export const ACCOUNTADMIN = "ACCOUNTADMIN";

export class AccessModel {
  constructor(readonly facts: AccessFacts) {}

  /** The creation of an object, if any fact creates it. */
  creationOf(object: ObjectRef): Creation | undefined {
    const all = this.facts.creations.filter((creation) => sameObject(creation.object, object));
    // An ownership transfer is recorded as a later creation with the new owner.
    return all[all.length - 1];
  }

  /** Whether the object exists at this point. */
  exists(object: ObjectRef, at: PointOfApply): boolean {
    if (object.type === "ACCOUNT") return true;
    return this.facts.creations.some(
      (creation) => sameObject(creation.object, object) && at.counts(creation.source),
    );
  }

  /** The role and every role granted to it, directly or through other roles, at this point. */
  effectiveRoles(role: string, at: PointOfApply): Set<string> {
    const roles = new Set([role]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const grant of this.facts.roleGrants) {
        if (
          grant.grantee.type === "ROLE" &&
          roles.has(grant.grantee.name) &&
          !roles.has(grant.role) &&
          at.counts(grant.source)
        ) {
          roles.add(grant.role);
          grew = true;
        }
      }
    }
    return roles;
  }

  /** Whether `role` holds `privilege` on `object` at this point (ownership holds every privilege). */
  holds(role: string, privilege: string, object: ObjectRef, at: PointOfApply): boolean {
    const roles = this.effectiveRoles(role, at);
    if (roles.has(ACCOUNTADMIN)) return true;
    const owner = this.ownerAt(object, at);
    if (owner !== undefined && roles.has(owner.owner)) return true;
    if (privilege === "OWNERSHIP") return false;
    return this.grantsGiving(privilege, object, at).some((grant) => roles.has(grant.role));
  }

  /** The grants that give `privilege` on `object` at this point, to any role. */
  grantsGiving(privilege: string, object: ObjectRef, at: PointOfApply): PrivilegeGrant[] {
    const created = this.creationOf(object);
    return this.facts.privilegeGrants.filter((grant) => {
      if (!at.counts(grant.source)) return false;
      if (!grant.privileges.includes(privilege) && !grant.privileges.includes("ALL PRIVILEGES")) {
        return false;
      }
      return covers(grant, object, created, at);
    });
  }

  /**
   * Grants anywhere in the facts (whether or not they count here) that would give `privilege` on
   * `object` to `role`: used to suggest the missing edge.
   */
  grantsThatWouldGive(role: string, privilege: string, object: ObjectRef): PrivilegeGrant[] {
    const everything: PointOfApply = { counts: () => true, before: () => true };
    const roles = this.effectiveRoles(role, everything);
    return this.grantsGiving(privilege, object, everything).filter((grant) =>
      roles.has(grant.role),
    );
  }

  private ownerAt(object: ObjectRef, at: PointOfApply): Creation | undefined {
    const counted = this.facts.creations.filter(
      (creation) => sameObject(creation.object, object) && at.counts(creation.source),
    );
    return counted[counted.length - 1];
  }
}

function covers(
  grant: PrivilegeGrant,
  object: ObjectRef,
  created: Creation | undefined,
  at: PointOfApply,
): boolean {
  const { on } = grant;
  if (on.kind === "object") return sameObject(on.object, object);
  if (on.type !== object.type || !object.name.startsWith(`${on.schema}.`)) return false;
  if (!created) return false;
  // GRANT ON ALL covers what exists when it runs; a future grant what is created after it.
  return on.kind === "all"
    ? at.before(created.source, grant.source)
    : at.before(grant.source, created.source);
}

/** `PRIVILEGE on TYPE NAME`, for messages. */
export function describeNeed(privilege: string, object: ObjectRef): string {
  return `${privilege} on ${describeObject(object)}`;
}
