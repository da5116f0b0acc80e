import { type GuardrailRule, compliant, nonCompliant, notApplicable } from "../../rule";
import { isSet } from "./identifiers";

export const SnowflakeStageStorageIntegration: GuardrailRule = {
  id: "Snowflake.StageStorageIntegration",
  name: "SnowflakeStageStorageIntegration",
  what: "Every external stage uses a storage_integration and sets no credentials.",
  why: "Stage credentials are long-lived AWS keys stored in Snowflake and in Terraform state; an integration assumes an IAM role with an external ID instead, with nothing to leak or rotate.",
  level: "ERROR",
  resourceTypes: ["snowflake_stage"],
  check(stage) {
    if (!isSet(stage.config.url)) return notApplicable("internal stage");
    if (isSet(stage.config.credentials)) {
      return nonCompliant("the stage sets credentials; remove them and use storage_integration");
    }
    return isSet(stage.config.storage_integration)
      ? compliant()
      : nonCompliant("the external stage has no storage_integration");
  },
};
