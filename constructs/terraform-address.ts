import type { TerraformResource } from "cdktf";

/**
 * The plain Terraform address of a resource or one of its attributes (`type.name[.attribute]`),
 * for `lifecycle.replaceTriggeredBy`.
 *
 * Terraform wants a bare reference there. cdktf 0.21 renders a resource passed directly as the
 * interpolation `${type.name}`, which Terraform rejects ("Invalid character"; hashicorp/terraform-cdk
 * issues 3532 and 3645), and an attribute token renders the same way. Building the address from
 * the resource's type and logical id gives the form Terraform accepts.
 */
export function terraformAddress(resource: TerraformResource, attribute?: string): string {
  const address = `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
  return attribute === undefined ? address : `${address}.${attribute}`;
}
