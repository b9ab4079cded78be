/** The statements of IAM permissions policies, as the constructs, the presets and the policy check take them. */

/** A condition of a policy statement. */
export interface PolicyCondition {
  /** The condition operator, for example `StringEquals`. */
  readonly test: string;
  /** The condition key, for example `aws:SourceVpc`. */
  readonly variable: string;
  /** The values compared with the key. */
  readonly values: readonly string[];
}

/** A statement of a permissions policy. */
export interface PolicyStatement {
  /**
   * The statement's ID.
   * @default none
   */
  readonly sid?: string;
  /**
   * Allow or deny.
   * @default "Allow"
   */
  readonly effect?: "Allow" | "Deny";
  /** The actions, for example `["s3:GetObject"]`. */
  readonly actions: readonly string[];
  /** The resource ARNs the actions apply to. */
  readonly resources: readonly string[];
  /**
   * Conditions of the statement.
   * @default none
   */
  readonly conditions?: readonly PolicyCondition[];
  /**
   * Why this statement grants write actions broadly, when that is intended: on every resource
   * (`"*"`) or through a service-wide wildcard (`s3:*`), as some add-ons' upstream policies must
   * (a controller that manages resources it only finds at run time). Given, the policy check
   * (`checkPolicyStatements`) does not warn about the statement. Documentation only: it is not part
   * of the synthesized policy.
   * @default none: the policy check warns about broad write grants
   */
  readonly broadWriteReason?: string;
}
