// The control plane's log group. EKS sends the enabled log types to `/aws/eks/<cluster>/cluster`
// and, when that group does not exist, creates it itself: without retention (kept forever) and
// outside Terraform (left behind on destroy). Made here first, it has a retention and optionally a
// KMS key, and goes with the cluster.
import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { validateArn } from "../core/arns";
import { ValidationError } from "../core/errors";
import { isToken } from "../core/naming";
import { writeAsData } from "../core/literal-text";

/** The retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS: readonly number[] = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** The control plane's log group (`/aws/eks/<cluster name>/cluster`). */
export interface ControlPlaneLogGroupOptions {
  /**
   * Create the log group with the cluster. `false` leaves it to EKS, which creates it on first use
   * without retention and keeps it after the cluster is destroyed.
   * @default true (when `logTypes` is not empty)
   */
  readonly create?: boolean;
  /**
   * How many days CloudWatch Logs keeps the logs: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365,
   * 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653.
   * @default 90
   */
  readonly retentionDays?: number;
  /**
   * ARN of a KMS key that encrypts the logs. Its key policy must let CloudWatch Logs of the region use
   * it (`logs.<region>.amazonaws.com`); the cluster's secrets key does not.
   * @default none: CloudWatch Logs' own encryption
   */
  readonly kmsKeyArn?: string;
  /**
   * The group exists already: EKS made it for a cluster created before the library made it. A
   * Terraform `import` block takes it over instead of creating it (which would fail with
   * ResourceAlreadyExistsException); once imported the block changes nothing, so it may stay.
   * @default false
   */
  readonly importExisting?: boolean;
}

/** Checks the log group's options; `field` is where they were given. */
export function validateLogGroupOptions(field: string, options: ControlPlaneLogGroupOptions | undefined): void {
  if (options === undefined) return;
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw ValidationError.invalid(field, options, "give an object { retentionDays, kmsKeyArn, ... } ({} for the defaults)");
  }
  for (const key of ["create", "importExisting"] as const) {
    if (options[key] !== undefined && typeof options[key] !== "boolean")
      throw ValidationError.invalid(`${field}.${key}`, options[key], "expected true or false");
  }
  if (options.retentionDays !== undefined) validateLogRetentionDays(`${field}.retentionDays`, options.retentionDays);
  if (options.kmsKeyArn !== undefined) validateArn(`${field}.kmsKeyArn`, options.kmsKeyArn, "kmsKey");
  if (options.create === false) {
    const set = (["retentionDays", "kmsKeyArn", "importExisting"] as const).find((key) => options[key] !== undefined);
    if (set !== undefined) throw new ValidationError(`${field}.${set}`, "is set but create is false: EKS creates the log group itself, without it");
  }
}

/** Checks a retention period in days. */
export function validateLogRetentionDays(field: string, days: number): void {
  if (isToken(days)) return;
  if (!LOG_RETENTION_DAYS.includes(days)) throw ValidationError.invalid(field, days, `CloudWatch Logs keeps logs for ${LOG_RETENTION_DAYS.join(", ")} days`);
}

/** Props of {@link ControlPlaneLogGroup}. */
export interface ControlPlaneLogGroupProps extends Omit<ControlPlaneLogGroupOptions, "create"> {
  /** The cluster's name (a literal: the group is made before the cluster). */
  readonly clusterName: string;
  /**
   * Tags of the log group.
   * @default none
   */
  readonly tags?: { readonly [key: string]: string };
}

/** The log group EKS writes the control plane's logs to, made before the cluster. */
export class ControlPlaneLogGroup extends Construct {
  /** The `aws_cloudwatch_log_group` resource. */
  public readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: ControlPlaneLogGroupProps) {
    super(scope, id);
    // What it writes is data: a literal `${` or `%{` reaches Terraform escaped (core/literal-text.ts).
    writeAsData(this);
    validateLogGroupOptions("logGroup", props);
    const name = `/aws/eks/${props.clusterName}/cluster`;
    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      name,
      retentionInDays: props.retentionDays ?? 90,
      kmsKeyId: props.kmsKeyArn,
      tags: props.tags ? { ...props.tags } : undefined,
    });
    if (props.importExisting) this.logGroup.importFrom(name);
  }
}
