import { objectRef } from "./objects";

/** A role name as Snowflake resolves it (`"OWNER"` and `owner` are the same role `OWNER`). */
export function normalizeRole(role: string): string {
  return objectRef("ROLE", role)?.name ?? role;
}
