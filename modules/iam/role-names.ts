import type { Construct } from "constructs";
import { claimWith } from "../core/claims";
import { ValidationError } from "../core/errors";
import { isToken } from "../core/naming";

/**
 * IAM role names are unique in an account, compared ignoring case, and a second role of one name
 * fails at apply with EntityAlreadyExists. The platform configuration names no account, so every
 * stack of an app (every environment of a platform) is taken to deploy to one: role names are
 * claimed across the app, those the constructs derive (from a stack, binding or cluster name) and
 * those given alike.
 */

/** Why a role name may be used once, for messages. */
export const ROLE_NAMES_ARE_UNIQUE =
  "IAM role names are unique in an account (ignoring case), and every stack of the app is taken to deploy to one account (the platform configuration names none)";

/** A role name to claim, and how a message names its source. */
export interface RoleNameClaim {
  /** The field the name comes from: `roleName`, or `clusterName` for the roles named after a cluster. */
  readonly field: string;
  /** The role name. */
  readonly name: string;
  /**
   * The field's value when the role name is made from it (a cluster's name); leave it out when the
   * field is the role name itself.
   * @default the name
   */
  readonly value?: string;
  /**
   * The construct path of the role when `by` claims its name ahead, before it makes it there: the
   * role's own claim then finds its name its own.
   * @default by's path
   */
  readonly path?: string;
  /** What the role is, for the other claimant's message, with its construct path: `the vpc-cni role of cluster example-dev (eks-dev/eks/vpc-cni-role)`. */
  readonly what: string;
}

/**
 * Claims an IAM role name for the app. Fails, naming the role that has it, when another construct
 * of the app claimed it first (ignoring case). Names only known at apply time are skipped.
 */
export function claimRoleName(by: Construct, role: RoleNameClaim): void {
  if (isToken(role.name)) return;
  const other = claimWith(by, "iam role name", role.name.toLowerCase(), { scope: "app", what: role.what, data: role.name, path: role.path });
  if (other === undefined) return;
  const spelled = other.data !== role.name ? ` (spelled ${JSON.stringify(other.data)})` : "";
  const named =
    role.value === undefined
      ? `${JSON.stringify(role.name)} is already the name of ${other.what}${spelled}`
      : `${JSON.stringify(role.value)} names ${role.what} ${JSON.stringify(role.name)}, already the name of ${other.what}${spelled}`;
  throw new ValidationError(role.field, `${named}: ${ROLE_NAMES_ARE_UNIQUE}; give one of them another name`);
}
