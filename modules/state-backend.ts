import { LocalBackend, S3Backend, TerraformStack } from "cdktf";

/** Where a stack keeps its Terraform state. */
export interface StateBackendOptions {
  /**
   * S3 bucket for the state. Without it, state is local (`terraform.<stack>.tfstate` beside the
   * synthesized stack), which suits a first try, not a team.
   * @default local state
   */
  readonly stateBucket?: string;
  /**
   * Region of the state bucket.
   * @default the stack's region
   */
  readonly stateBucketRegion?: string;
  /**
   * Prefix of the state object keys; each stack's state is `<prefix><stack>/terraform.tfstate`.
   * @default "cdktf-eks-irsa/"
   */
  readonly stateKeyPrefix?: string;
}

/**
 * Gives a stack local state, or S3 state with S3-native locking (`use_lockfile`, Terraform 1.10+),
 * which needs no DynamoDB table.
 */
export function configureStateBackend(stack: TerraformStack, region: string, options: StateBackendOptions): void {
  const name = stack.node.id;
  if (!options.stateBucket) {
    new LocalBackend(stack, { path: `terraform.${name}.tfstate` });
    return;
  }
  new S3Backend(stack, {
    bucket: options.stateBucket,
    key: `${options.stateKeyPrefix ?? "cdktf-eks-irsa/"}${name}/terraform.tfstate`,
    region: options.stateBucketRegion ?? region,
    encrypt: true,
  });
  // cdktf 0.21's S3Backend predates use_lockfile.
  stack.addOverride("terraform.backend.s3.use_lockfile", true);
}
