import { Annotations, DataResource, Fn, Op, TerraformLocal } from "cdktf";
import { Construct } from "constructs";

/** Properties of {@link ExamplePlaceholderGuard}. */
export interface ExamplePlaceholderGuardProps {
  /** "setting = value" of each example value still configured; empty adds nothing. */
  readonly placeholders: readonly string[];
  /** File(s) where the settings are written, named in the message. */
  readonly file: string;
}

/**
 * Stops `terraform plan` (so `cdktf deploy` and `diff`) while the configuration still holds the
 * example's placeholder values, and leaves synth green and offline: a precondition on a provider-
 * less `terraform_data` resource. Terraform checks a precondition during plan when its values are
 * known, and an error there halts the plan before anything is created
 * (https://developer.hashicorp.com/terraform/language/expressions/custom-conditions#preconditions-and-postconditions).
 * The condition reads a local rather than a literal `false`, which `terraform validate` refuses
 * ("must refer to at least one object"). Synth also warns, so the reader learns it before deploy.
 */
export class ExamplePlaceholderGuard extends Construct {
  constructor(scope: Construct, id: string, props: ExamplePlaceholderGuardProps) {
    super(scope, id);
    if (props.placeholders.length === 0) return;
    const list = props.placeholders.join(", ");
    const message =
      `${props.file} still holds the example's placeholder values: ${list}. ` +
      "Replace them with your own (organization, bucket names, GitHub owner, alert addresses) before deploying.";
    const placeholders = new TerraformLocal(this, "Placeholders", [...props.placeholders]);
    new DataResource(this, "Resource", {
      input: { placeholders: placeholders.expression },
      lifecycle: {
        precondition: [
          {
            // Not Op.eq(…, 0): cdktf 0.21 renders the literal 0 as `undefined`.
            condition: Op.eq(Fn.lengthOf(placeholders.expression), Fn.lengthOf([])),
            errorMessage: message,
          },
        ],
      },
    });
    Annotations.of(scope).addWarning(`${message} Synth works; deploy stops at the plan.`);
  }
}
