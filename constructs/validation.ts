import { Token } from "cdktf";

/**
 * The naming and value rules shared by the constructs and the config schema (`stacks/config.ts`),
 * each written once: a construct checks its props with a {@link Problems} collector, the schema
 * builds its zod checks from the same {@link TextRule}s, so a rule and its message cannot drift.
 */

/** A rule a string must follow, and what it means, worded to follow "must be". */
export interface TextRule {
  readonly pattern: RegExp;
  readonly mustBe: string;
}

/**
 * An unquoted Snowflake identifier in upper case, so quoted references (the provider's
 * `fully_qualified_name`) and unquoted ones (SQL text) name the same object.
 */
export const SNOWFLAKE_IDENTIFIER: TextRule = {
  pattern: /^[A-Z][A-Z0-9_]{0,254}$/,
  mustBe:
    "an unquoted Snowflake identifier in upper case (letters, digits, underscores; starts with a letter)",
};

/** A Snowflake role or user name: an identifier other than PUBLIC, which every user holds. */
export const SNOWFLAKE_ROLE_NAME: TextRule = {
  pattern: /^(?!PUBLIC$)[A-Z][A-Z0-9_]{0,254}$/,
  mustBe: `${SNOWFLAKE_IDENTIFIER.mustBe}, other than PUBLIC`,
};

/** What IAM accepts as a role name. */
export const IAM_ROLE_NAME: TextRule = {
  pattern: /^[\w+=,.@-]{1,64}$/,
  mustBe: "1-64 characters of letters, digits and + = , . @ _ -",
};

/**
 * An S3 key prefix of one or more path segments, each ending in "/": never empty (that would mean
 * the whole bucket) and only characters S3 calls safe in keys.
 */
export const KEY_PREFIX: TextRule = {
  pattern: /^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*\/$/,
  mustBe:
    'a key prefix ending in "/" such as "normalized/" (an empty prefix means the whole bucket)',
};

/** What STS accepts as an external ID, at least 16 characters so it is not guessable. */
export const AWS_EXTERNAL_ID: TextRule = {
  pattern: /^[\w+=,.@:/-]{16,1224}$/,
  mustBe: "16-1224 characters of letters, digits and + = , . @ : / _ - (a random UUID works)",
};

/** The base64 body of an RSA public key, as Snowflake's RSA_PUBLIC_KEY takes it. */
export const RSA_PUBLIC_KEY_BODY: TextRule = {
  pattern: /^[A-Za-z0-9+/]{200,}={0,2}$/,
  mustBe: "the base64 body of an RSA public key on one line, without the BEGIN/END lines",
};

/**
 * Collects what is wrong with a construct's props and throws once, naming every problem, so a
 * user fixes them in one round. Unresolved tokens pass: they are checked where their value is set.
 *
 * @example
 * new Problems("BiWarehouse")
 *   .identifier("warehouseName", props.warehouseName)
 *   .wholeNumber("autoSuspendSeconds", autoSuspend, 60, 3600, "seconds")
 *   .throwIfAny();
 */
export class Problems {
  private readonly found: string[] = [];

  /** @param owner the construct (or `Construct.method`) named at the start of the message */
  constructor(private readonly owner: string) {}

  /** Checks `value` against a rule; `undefined` (an unset optional prop) passes. */
  text(prop: string, value: string | undefined, rule: TextRule): this {
    if (value === undefined || Token.isUnresolved(value) || rule.pattern.test(value)) return this;
    return this.add(`${prop} "${value}" must be ${rule.mustBe}`);
  }

  /** An unquoted upper-case Snowflake identifier ({@link SNOWFLAKE_IDENTIFIER}). */
  identifier(prop: string, value: string | undefined): this {
    return this.text(prop, value, SNOWFLAKE_IDENTIFIER);
  }

  /** A Snowflake role or user name other than PUBLIC ({@link SNOWFLAKE_ROLE_NAME}). */
  roleName(prop: string, value: string | undefined): this {
    return this.text(prop, value, SNOWFLAKE_ROLE_NAME);
  }

  /** An IAM role name ({@link IAM_ROLE_NAME}). */
  iamRoleName(prop: string, value: string | undefined): this {
    return this.text(prop, value, IAM_ROLE_NAME);
  }

  /** A non-empty S3 key prefix ending in "/" ({@link KEY_PREFIX}). */
  keyPrefix(prop: string, value: string | undefined): this {
    return this.text(prop, value, KEY_PREFIX);
  }

  /** An STS external ID ({@link AWS_EXTERNAL_ID}); the value is not repeated in the message. */
  externalId(prop: string, value: string | undefined): this {
    if (value === undefined || Token.isUnresolved(value) || AWS_EXTERNAL_ID.pattern.test(value)) {
      return this;
    }
    return this.add(`${prop} must be ${AWS_EXTERNAL_ID.mustBe}`);
  }

  /** A whole number from `min` to `max` in `unit` (seconds, MB, …). */
  wholeNumber(prop: string, value: number, min: number, max: number, unit: string): this {
    if (Token.isUnresolved(value)) return this;
    if (!Number.isInteger(value) || value < min || value > max) {
      this.add(`${prop} ${value} must be a whole number from ${min} to ${max} ${unit}`);
    }
    return this;
  }

  /** A whole number of at least `min` in `unit`, where the construct sets no maximum. */
  atLeast(prop: string, value: number, min: number, unit: string): this {
    if (Token.isUnresolved(value)) return this;
    if (!Number.isInteger(value) || value < min) {
      this.add(`${prop} ${value} must be a whole number of at least ${min} ${unit}`);
    }
    return this;
  }

  /** Records a problem in the caller's own words (say what is wrong, why, and the fix). */
  add(problem: string): this {
    this.found.push(problem);
    return this;
  }

  /** Throws one error naming the owner and every problem found; does nothing when there is none. */
  throwIfAny(): void {
    if (this.found.length > 0) throw new Error(`${this.owner}: ${this.found.join("; ")}.`);
  }
}
