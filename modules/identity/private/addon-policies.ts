import type { Construct } from "constructs";
import { DataAwsArn } from "@cdktf/provider-aws/lib/data-aws-arn";
import { ADDON_PRESETS, type AddonPresetId, type AddonSelection, isAddonPresetId, resolveAddonPreset } from "../../addons/catalogue";
import type { AddonPreset, PresetContext } from "../../addons/preset";
import { ValidationError, withField } from "../../core/errors";
import { isToken } from "../../core/naming";
import type { PolicyStatement } from "../../iam/policy-statement";
import type { IWorkloadCluster } from "../workload-cluster";

/** One customer-managed policy made for a preset. */
export interface AddonPolicyDocument {
  /** Names its constructs (`addon-<preset id>[-<group>]`) and, after the role's name, the policy. */
  readonly key: string;
  /** Where its statements come from, for messages: `addonPolicies.karpenter`. */
  readonly field: string;
  /** The statements. */
  readonly statements: PolicyStatement[];
  /**
   * The same statements built for the longest real partition, region, account and cluster name,
   * where the real ones are only known at apply time: what IAM's size quota is checked against.
   */
  readonly sizing: PolicyStatement[];
}

/** One preset applied to a role. */
export interface AppliedAddonPolicy {
  /** The preset's ID. */
  readonly id: AddonPresetId;
  /** The preset. */
  readonly preset: AddonPreset<unknown>;
  /** Where its inputs are, for messages: `addonPolicies.externalDns`. */
  readonly field: string;
  /** Its customer-managed policies: one, or one per non-empty `policyGroups` group (none for a preset without statements). */
  readonly documents: AddonPolicyDocument[];
  /** AWS-managed policies to attach besides. */
  readonly managedPolicyArns: string[];
  /** The inputs whose wildcards are wider than upstream's scope, accepted by `acknowledgeWideningWildcards`. */
  readonly widerThanUpstream: string[];
}

/** The longest values the context's parts take in a real deployment (partition `aws-us-gov`, region `us-isof-south-1`, a 100-character cluster name), for sizing policies. */
/**
 * Checks a selection of add-on presets: known preset IDs, each with inputs its preset accepts
 * (`validate`: the outline, the ARN inputs, the preset's own rules). The role checks it with its
 * other options, and the configuration schema runs each preset's `validate` on its field.
 */
export function validateAddonSelection(field: string, selection: AddonSelection): void {
  if (selection === null || typeof selection !== "object" || Array.isArray(selection)) {
    throw ValidationError.invalid(field, selection, `give an object of add-on presets and their inputs, { loadBalancerController: {} }`);
  }
  for (const id of Object.keys(selection)) {
    if (!isAddonPresetId(id)) throw ValidationError.invalid(`${field}`, id, `known add-on presets are ${Object.keys(ADDON_PRESETS).join(", ")}`);
    const preset = ADDON_PRESETS[id] as AddonPreset<unknown>;
    withField(`${field}.${id}`, () => preset.validate(selection[id]));
  }
}

const LONGEST = { partition: "aws-us-gov", region: "us-isof-south-1", accountId: "123456789012", clusterName: "x".repeat(100) };

/**
 * The values a preset's ARNs are built from, read from the cluster's ARN
 * (`arn:<partition>:eks:<region>:<account>:cluster/<name>`): literal when the ARN is, else from an
 * `aws_arn` data source of it at `<scope>/cluster-arn` (`${data.aws_arn.<...>.partition}`, readable
 * in a plan and in the access review). The role's presets follow the cluster wherever it runs.
 */
export function presetContextOf(scope: Construct, cluster: IWorkloadCluster): PresetContext {
  if (!isToken(cluster.arn)) {
    const [, partition = "", , region = "", accountId = ""] = cluster.arn.split(":");
    return { partition, region, accountId, clusterName: cluster.clusterName };
  }
  const arn = new DataAwsArn(scope, "cluster-arn", { arn: cluster.arn });
  return { partition: arn.partition, region: arn.region, accountId: arn.account, clusterName: cluster.clusterName };
}

/**
 * Applies the presets of a selection, in the catalogue's order (so the order of the keys in a
 * configuration changes nothing). Statements on `"*"` carry a `broadWriteReason`: each preset's
 * tests hold every write action it grants on `"*"` to its `unscopedWriteActions`, the ones its
 * upstream policy grants so, which the preset documents.
 * @param field where the selection is (`addonPolicies`)
 */
export function applyAddonPolicies(
  scope: Construct,
  field: string,
  selection: AddonSelection | undefined,
  cluster: IWorkloadCluster | undefined,
): { readonly context?: PresetContext; readonly policies: AppliedAddonPolicy[] } {
  if (selection === undefined) return { policies: [] };
  validateAddonSelection(field, selection);
  if (Object.keys(selection).length === 0) return { policies: [] };
  if (!cluster) {
    throw ValidationError.missing("cluster", `${field} scope their ARNs to the cluster's partition, region, account and name: give the cluster`);
  }
  const ctx = presetContextOf(scope, cluster);
  const longest: PresetContext = {
    partition: isToken(ctx.partition) ? LONGEST.partition : ctx.partition,
    region: isToken(ctx.region) ? LONGEST.region : ctx.region,
    accountId: isToken(ctx.accountId) ? LONGEST.accountId : ctx.accountId,
    clusterName: isToken(ctx.clusterName) ? LONGEST.clusterName : ctx.clusterName,
  };
  const policies = (Object.keys(ADDON_PRESETS) as AddonPresetId[])
    .filter((id) => Object.hasOwn(selection, id))
    .map((id) => {
      const resolved = resolveAddonPreset(id, selection[id] as never, ctx, `${field}.${id}`);
      const sizing = resolveAddonPreset(id, selection[id] as never, longest, `${field}.${id}`).statements;
      const reason = `the ${resolved.preset.title} upstream policy (${resolved.preset.upstream.version}) grants it so`;
      const statements = resolved.statements.map((s) =>
        s.resources.includes("*") && s.broadWriteReason === undefined ? { ...s, broadWriteReason: reason } : s,
      );
      return {
        id,
        preset: resolved.preset,
        field: `${field}.${id}`,
        documents: documentsOf(id, resolved.preset, `${field}.${id}`, statements, sizing),
        managedPolicyArns: resolved.managedPolicyArns,
        widerThanUpstream: resolved.preset.widerThanUpstream?.(selection[id]) ?? [],
      };
    });
  return { context: ctx, policies };
}

/** Splits a preset's statements into its policy groups (one document without groups), keeping their order. */
function documentsOf(
  id: AddonPresetId,
  preset: AddonPreset<unknown>,
  field: string,
  statements: PolicyStatement[],
  sizing: PolicyStatement[],
): AddonPolicyDocument[] {
  if (statements.length === 0) return [];
  if (!preset.policyGroups) return [{ key: `addon-${id}`, field, statements, sizing }];
  const documents: AddonPolicyDocument[] = [];
  const grouped = new Set<number>();
  for (const [group, sids] of Object.entries(preset.policyGroups)) {
    const indexes = statements.flatMap((s, i) => (s.sid !== undefined && sids.includes(s.sid) ? [i] : []));
    indexes.forEach((i) => grouped.add(i));
    if (indexes.length === 0) continue;
    documents.push({
      key: `addon-${id}-${group}`,
      field: `${field} (${group})`,
      statements: indexes.map((i) => statements[i]),
      sizing: indexes.map((i) => sizing[i]),
    });
  }
  const lost = statements.findIndex((_, i) => !grouped.has(i));
  // A preset's own mistake, which its tests catch: say which statement.
  if (lost !== -1) throw new Error(`preset ${id}: statement ${statements[lost].sid ?? lost} is in none of its policyGroups`);
  return documents;
}
