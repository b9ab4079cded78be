import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { App, LocalBackend, S3Backend, type TerraformStack } from "cdktf";
import { ValidationError } from "../core/errors";
import { checkRule, rules } from "../core/naming";
import { writeAsData } from "../core/literal-text";

/** Where a stack keeps its Terraform state. */
export interface StateBackendOptions {
  /**
   * S3 bucket for the state. Without it, state is local: `terraform.<stack>.tfstate` in
   * `localStateDir`, which suits a first try, not a team.
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
  /**
   * Directory of the local state files when no `stateBucket` is set; a relative path resolves
   * against the directory the app runs in (cdktf runs it in the project directory). Keep it outside
   * the synth output directory, which synthesis rewrites.
   * @default "." (the project directory, as cdktf's own default local backend does)
   */
  readonly localStateDir?: string;
}

/**
 * Gives a stack local state, or S3 state with S3-native locking (`use_lockfile`, Terraform 1.10+),
 * which needs no DynamoDB table.
 *
 * Terraform runs each stack in `<outdir>/stacks/<stack>/` and resolves a local state path from
 * there, for the stack's own backend and for another stack's `terraform_remote_state` alike. So the
 * path is written relative to the stack's directory: every stack finds every other stack's state
 * (cross-stack references work), and the output does not depend on where the project is checked out.
 */
export function configureStateBackend(stack: TerraformStack, region: string, options: StateBackendOptions): void {
  const name = stack.node.id;
  validateStateBackendOptions(options);
  if (!options.stateBucket) {
    const outdir = resolve(App.of(stack).outdir);
    validateLocalStateDir(outdir, options.localStateDir);
    const stateFile = join(resolve(options.localStateDir ?? "."), `terraform.${name}.tfstate`);
    const local = new LocalBackend(stack, {
      path: relative(join(outdir, "stacks", name), stateFile)
        .split("\\")
        .join("/"),
    });
    // The path is data: a `${` in a directory name reaches Terraform escaped (core/literal-text.ts).
    writeAsData(local);
    return;
  }
  const s3 = new S3Backend(stack, {
    bucket: options.stateBucket,
    key: `${options.stateKeyPrefix ?? "cdktf-eks-irsa/"}${name}/terraform.tfstate`,
    region: options.stateBucketRegion ?? region,
    encrypt: true,
  });
  writeAsData(s3);
  // cdktf 0.21's S3Backend predates use_lockfile.
  stack.addOverride("terraform.backend.s3.use_lockfile", true);
}

/** Checks the state backend options: an S3 bucket name, a region, a key prefix Terraform's S3 backend accepts, a non-empty directory. */
export function validateStateBackendOptions(options: StateBackendOptions): void {
  if (options.stateBucket !== undefined) checkRule("stateBucket", options.stateBucket, rules.s3BucketName);
  if (options.stateBucketRegion !== undefined) checkRule("stateBucketRegion", options.stateBucketRegion, rules.region);
  if (options.stateKeyPrefix !== undefined) checkRule("stateKeyPrefix", options.stateKeyPrefix, rules.stateKeyPrefix);
  if (options.localStateDir !== undefined) checkRule("localStateDir", options.localStateDir, rules.nonEmpty);
}

/** Fails when local state would live in the synth output directory (or is it), which synthesis rewrites. */
export function validateLocalStateDir(outdir: string, localStateDir: string | undefined): void {
  const fromOutdir = relative(resolve(outdir), resolve(localStateDir ?? "."));
  const outside = fromOutdir === ".." || fromOutdir.startsWith(`..${sep}`) || isAbsolute(fromOutdir);
  if (!outside) {
    throw new ValidationError(
      "localStateDir",
      `${JSON.stringify(localStateDir ?? ".")} is inside the synth output directory, which synthesis rewrites: use a directory outside it`,
    );
  }
}
