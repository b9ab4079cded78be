import { validateArn } from "../core/arns";
import { validateIamPath } from "../core/naming";
import { validateTags } from "./iam-limits";

/**
 * The guardrails an organisation puts on every IAM role it creates: a permissions boundary (often
 * required by an SCP on `iam:CreateRole`), a path and tags. The platform and a cluster set them
 * for every role the library creates (`roleDefaults`); each role can override them.
 */
export interface RoleSettings {
  /**
   * ARN of a managed policy that bounds the role's permissions (`permissions_boundary`): the role
   * can never do more than the boundary allows, whatever its own policies say.
   * @default none
   */
  readonly permissionsBoundary?: string;
  /**
   * The role's IAM path: `/` or `/<part>/.../`, for example `/platform/eks/`. Changing the path of
   * an existing role replaces it.
   * @default "/"
   */
  readonly path?: string;
  /**
   * Tags of the role, besides the tags of its cluster or stack.
   * @default none
   */
  readonly tags?: { readonly [key: string]: string };
}

/** Checks role settings: the boundary is an IAM policy ARN, the path an IAM path, the tags IAM tags. */
export function validateRoleSettings(field: string, settings: RoleSettings | undefined): void {
  if (settings === undefined) return;
  if (settings.permissionsBoundary !== undefined) validateArn(`${field}.permissionsBoundary`, settings.permissionsBoundary, "iamPolicy");
  if (settings.path !== undefined) validateIamPath(`${field}.path`, settings.path);
  validateTags(`${field}.tags`, settings.tags);
}

/**
 * Role settings from several layers, later ones winning: `mergeRoleSettings(platform, cluster, role)`.
 * The boundary and the path are the last one given; tags are merged key by key. Fields no layer
 * gives stay absent, so a role without settings synthesizes as before.
 */
export function mergeRoleSettings(...layers: readonly (RoleSettings | undefined)[]): RoleSettings {
  let permissionsBoundary: string | undefined;
  let path: string | undefined;
  let tags: { [key: string]: string } | undefined;
  for (const layer of layers) {
    if (layer === undefined) continue;
    permissionsBoundary = layer.permissionsBoundary ?? permissionsBoundary;
    path = layer.path ?? path;
    if (layer.tags !== undefined) tags = { ...tags, ...layer.tags };
  }
  return {
    ...(permissionsBoundary !== undefined ? { permissionsBoundary } : {}),
    ...(path !== undefined ? { path } : {}),
    ...(tags !== undefined ? { tags } : {}),
  };
}
