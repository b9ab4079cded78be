import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Token } from "cdktf";
import { ADDON_PRESETS, addonServiceAccounts, isAddonPresetId, resolveAddonPreset, type AddonPresetId } from "../../modules/addons/catalogue";
import { helmValues, type AddonPreset, type PresetContext } from "../../modules/addons/preset";
import { ValidationError } from "../../modules/core/errors";
import { IAM_LIMITS, policySize } from "../../modules/iam/iam-limits";
import { CASES, CTX, ZONE_A, stringsIn } from "./cases";
import { actionData, iamDocument, unknownActions, unscopedWrites } from "./iam-data";

const IDS = Object.keys(ADDON_PRESETS) as AddonPresetId[];
const preset = (id: AddonPresetId) => ADDON_PRESETS[id] as AddonPreset<unknown>;
const each = IDS.flatMap((id) => CASES[id].map((inputs, i) => [id, i, inputs] as const));

/** The TSDoc of a preset: the comment before its definition, in the file that defines it. */
function presetDoc(id: AddonPresetId): string {
  const dir = join(__dirname, "..", "..", "modules", "addons");
  const text = readdirSync(dir)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => readFileSync(join(dir, f), "utf8"))
    .find((t) => t.includes(`id: "${id}"`))!;
  const before = text.slice(0, text.indexOf(`id: "${id}"`));
  return before.slice(before.lastIndexOf("/**"), before.lastIndexOf("*/"));
}

describe("the add-on catalogue", () => {
  it("holds the presets of issue 12, each under its own ID", () => {
    expect(IDS).toEqual([
      "loadBalancerController",
      "loadBalancerControllerTargetGroupBinding",
      "externalDns",
      "certManager",
      "clusterAutoscaler",
      "karpenter",
      "ebsCsiDriver",
      "efsCsiDriver",
      "mountpointS3CsiDriver",
      "fsxLustreCsiDriver",
      "externalSecrets",
      "velero",
      "managedPrometheus",
      "cloudWatchObservability",
      "nodeTerminationHandler",
    ]);
    for (const id of IDS) expect(preset(id).id).toBe(id);
    expect(isAddonPresetId("externalDns")).toBe(true);
    expect(isAddonPresetId("toString")).toBe(false);
  });

  it.each(each)("%s (case %i): every action exists in AWS's IAM action catalogue, spelled as AWS spells it", (id, _i, inputs) => {
    const statements = preset(id).statements(inputs, CTX);
    expect(unknownActions(statements)).toEqual([]);
    expect(actionData("s3:GetObjekt")).toBeUndefined(); // the lookup can fail
  });

  it.each(IDS)("%s: grants write actions on * only where its upstream policy does, as declared and documented", (id) => {
    const declared = preset(id).unscopedWriteActions;
    const union = new Set<string>();
    for (const inputs of CASES[id]) {
      const found = unscopedWrites(preset(id).statements(inputs, CTX));
      expect(declared).toEqual(expect.arrayContaining(found));
      found.forEach((a) => union.add(a));
    }
    // The declared list is exact: every entry is reached by some inputs.
    expect([...union].sort()).toEqual([...declared].sort());
    // And each is named in the preset's TSDoc, which says why (`service:Action`, or `Action` after its service).
    const doc = presetDoc(id);
    for (const action of declared) expect([action, new RegExp(`[\`:]${action.split(":")[1]}\``).test(doc)]).toEqual([action, true]);
  });

  it("finds a write action on * that a preset does not declare", () => {
    const statements = [{ actions: ["s3:GetObject", "s3:PutObject"], resources: ["*"] }];
    expect(unscopedWrites(statements)).toEqual(["s3:PutObject"]);
  });

  it.each(each)("%s (case %i): builds ARNs in the context's partition, region and account", (id, _i, inputs) => {
    const cn: PresetContext = { partition: "aws-cn", region: "cn-north-1", accountId: "210987654321", clusterName: "prod" };
    const given = new Set(stringsIn(inputs));
    const built = preset(id)
      .statements(inputs, cn)
      .flatMap((s) => s.resources)
      .filter((r) => r !== "*" && !given.has(r) && ![...given].some((g) => r.startsWith(`${g}/`)));
    for (const arn of built) {
      expect(arn).toMatch(/^arn:aws-cn:/);
      expect(arn).not.toMatch(/eu-west-1|111122223333/);
    }
    for (const arn of preset(id).managedPolicyArns?.(inputs, cn) ?? []) expect(arn).toMatch(/^arn:aws-cn:iam::aws:policy\//);
  });

  it.each(IDS)("%s: takes a context only known at apply time, and passes its references through", (id) => {
    const ctx: PresetContext = {
      partition: Token.asString({ Ref: "partition" }),
      region: Token.asString({ Ref: "region" }),
      accountId: Token.asString({ Ref: "account" }),
      clusterName: Token.asString({ Ref: "cluster" }),
    };
    const inputs = CASES[id][CASES[id].length - 1];
    const given = new Set(stringsIn(inputs));
    const builds = preset(id)
      .statements(inputs, CTX)
      .some((s) => s.resources.some((r) => r !== "*" && !given.has(r) && ![...given].some((g) => r.startsWith(`${g}/`))));
    const built = preset(id)
      .statements(inputs, ctx)
      .flatMap((s) => s.resources)
      .filter((r) => r !== "*" && !given.has(r) && ![...given].some((g) => r.startsWith(`${g}/`)));
    // A preset that builds ARNs builds them from the context's references.
    expect(built.length > 0).toBe(builds);
    for (const arn of built) expect(arn.startsWith(`arn:${ctx.partition}:`)).toBe(true);
    expect(() => preset(id).statements(CASES[id][0], ctx)).not.toThrow();
  });

  it.each(each)("%s (case %i): writes well-formed statements: unique alphanumeric Sids, no empty lists", (id, _i, inputs) => {
    const statements = preset(id).statements(inputs, CTX);
    const sids = statements.map((s) => s.sid);
    for (const sid of sids) expect(sid).toMatch(/^[A-Za-z0-9]+$/);
    expect(new Set(sids).size).toBe(sids.length);
    for (const s of statements) {
      expect(s.actions.length).toBeGreaterThan(0);
      expect(s.resources.length).toBeGreaterThan(0);
      expect(new Set(s.actions).size).toBe(s.actions.length);
      for (const c of s.conditions ?? []) expect(c.values.length).toBeGreaterThan(0);
    }
    expect(statements.length + (preset(id).managedPolicyArns?.(inputs, CTX).length ?? 0)).toBeGreaterThan(0);
  });

  it.each(each)(
    "%s (case %i): fits customer-managed policies (6,144 characters each) with the longest names, its policy groups holding each statement once",
    (id, _i, inputs) => {
      // The longest partition, region and cluster name EKS allows: a preset sized for them fits anywhere.
      const longest: PresetContext = { partition: "aws-us-gov", region: "us-isof-south-1", accountId: "123456789012", clusterName: "x".repeat(100) };
      const statements = preset(id).statements(inputs, longest);
      const groups = Object.values(preset(id).policyGroups ?? { all: statements.map((s) => s.sid!) });
      for (const s of statements) expect([s.sid, groups.filter((sids) => sids.includes(s.sid!)).length]).toEqual([s.sid, 1]);
      for (const sids of groups) {
        const document = statements.filter((s) => sids.includes(s.sid!));
        expect(policySize(iamDocument(document))).toBeLessThanOrEqual(IAM_LIMITS.managedPolicySize);
      }
    },
  );

  it("splits Karpenter's policy, which does not fit one managed policy with the longest names, into upstream's", () => {
    const longest: PresetContext = { partition: "aws-us-gov", region: "us-isof-south-1", accountId: "123456789012", clusterName: "x".repeat(100) };
    const statements = preset("karpenter").statements(CASES.karpenter[1], longest);
    expect(policySize(iamDocument(statements))).toBeGreaterThan(IAM_LIMITS.managedPolicySize);
    expect(Object.keys(preset("karpenter").policyGroups!)).toEqual([
      "node-lifecycle",
      "iam-integration",
      "eks-integration",
      "interruption",
      "zonal-shift",
      "resource-discovery",
    ]);
  });

  it.each(IDS)("%s: states its upstream source and version in the field and atop its file", (id) => {
    const { upstream } = preset(id);
    expect(upstream.source).toMatch(/^https:\/\//);
    expect(upstream.version).not.toBe("");
    const dir = join(__dirname, "..", "..", "modules", "addons");
    const file = readdirSync(dir)
      .filter((f) => f.endsWith(".ts"))
      .map((f) => readFileSync(join(dir, f), "utf8"))
      .find((text) => text.includes(`id: "${id}"`));
    expect(file).toBeDefined();
    const header = file!
      .split("\n")
      .filter((line) => line.startsWith("//"))
      .join("\n");
    expect(header).toContain(upstream.source.split("#")[0]);
    expect(header).toContain(upstream.version);
  });
});

describe("managed add-ons and service accounts", () => {
  it("names the EKS managed add-on of the presets EKS offers as one, bound to the add-on's service account", () => {
    const managed = Object.fromEntries(IDS.filter((id) => preset(id).managedAddon).map((id) => [id, preset(id).managedAddon]));
    expect(managed).toEqual({
      ebsCsiDriver: { name: "aws-ebs-csi-driver", serviceAccount: { namespace: "kube-system", name: "ebs-csi-controller-sa" } },
      efsCsiDriver: { name: "aws-efs-csi-driver", serviceAccount: { namespace: "kube-system", name: "efs-csi-controller-sa" } },
      mountpointS3CsiDriver: { name: "aws-mountpoint-s3-csi-driver", serviceAccount: { namespace: "kube-system", name: "s3-csi-driver-sa" } },
      fsxLustreCsiDriver: { name: "aws-fsx-csi-driver", serviceAccount: { namespace: "kube-system", name: "fsx-csi-controller-sa" } },
      cloudWatchObservability: { name: "amazon-cloudwatch-observability", serviceAccount: { namespace: "amazon-cloudwatch", name: "cloudwatch-agent" } },
    });
  });

  it("lists every service account an add-on owns, for the guardrail against user workloads binding them", () => {
    const owned = addonServiceAccounts().map(({ presetId, serviceAccount }) => `${presetId} ${serviceAccount.namespace}/${serviceAccount.name}`);
    expect(owned).toEqual([
      "loadBalancerController kube-system/aws-load-balancer-controller",
      "loadBalancerControllerTargetGroupBinding kube-system/aws-load-balancer-controller",
      "externalDns external-dns/external-dns",
      "certManager cert-manager/cert-manager",
      "clusterAutoscaler kube-system/cluster-autoscaler",
      "karpenter kube-system/karpenter",
      "ebsCsiDriver kube-system/ebs-csi-controller-sa",
      "ebsCsiDriver kube-system/ebs-csi-node-sa",
      "efsCsiDriver kube-system/efs-csi-controller-sa",
      "efsCsiDriver kube-system/efs-csi-node-sa",
      "mountpointS3CsiDriver kube-system/s3-csi-driver-sa",
      "mountpointS3CsiDriver kube-system/s3-csi-driver-controller-sa",
      "fsxLustreCsiDriver kube-system/fsx-csi-controller-sa",
      "fsxLustreCsiDriver kube-system/fsx-csi-node-sa",
      "externalSecrets external-secrets/external-secrets",
      "velero velero/velero-server",
      "managedPrometheus prometheus/amp-iamproxy-ingest-service-account",
      "cloudWatchObservability amazon-cloudwatch/cloudwatch-agent",
      "nodeTerminationHandler kube-system/aws-node-termination-handler",
    ]);
  });

  it("has a Helm chart for every preset without a managed add-on", () => {
    for (const id of IDS) expect(preset(id).helmChart !== undefined || preset(id).managedAddon !== undefined).toBe(true);
  });
});

describe("helmValues", () => {
  const ROLE = "arn:aws:iam::111122223333:role/prod_kube-system_aws-load-balancer-controller";

  it("makes the chart create its service account under the preset's name, annotated with the role for IRSA", () => {
    expect(helmValues(ADDON_PRESETS.loadBalancerController, { roleArn: ROLE })).toEqual({
      serviceAccount: { create: true, name: "aws-load-balancer-controller", annotations: { "eks.amazonaws.com/role-arn": ROLE } },
    });
  });

  it("nests the settings where the chart keeps them, and takes another name", () => {
    expect(helmValues(ADDON_PRESETS.ebsCsiDriver, { serviceAccountName: "ebs-controller", roleArn: ROLE })).toEqual({
      controller: { serviceAccount: { create: true, name: "ebs-controller", annotations: { "eks.amazonaws.com/role-arn": ROLE } } },
    });
    expect(helmValues(ADDON_PRESETS.clusterAutoscaler)).toEqual({ rbac: { serviceAccount: { create: true, name: "cluster-autoscaler" } } });
  });

  it("leaves the annotation out for EKS Pod Identity, and returns nothing for an add-on without a chart", () => {
    expect(helmValues(ADDON_PRESETS.velero)).toEqual({ serviceAccount: { server: { create: true, name: "velero-server" } } });
    expect(helmValues(ADDON_PRESETS.cloudWatchObservability, { roleArn: ROLE })).toBeUndefined();
  });
});

describe("resolveAddonPreset", () => {
  it("returns a preset's statements and managed policies", () => {
    const resolved = resolveAddonPreset("cloudWatchObservability", {}, CTX);
    expect(resolved.preset).toBe(ADDON_PRESETS.cloudWatchObservability);
    expect(resolved.statements).toEqual([]);
    expect(resolved.managedPolicyArns).toEqual(["arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy", "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess"]);
    expect(resolveAddonPreset("externalDns", { hostedZoneArns: [ZONE_A] }, CTX).statements[0].resources).toEqual([ZONE_A]);
  });

  it("fails when an input is bad, naming where it came from", () => {
    const resolve = () => resolveAddonPreset("externalDns", { hostedZoneArns: ["Z0123"] }, CTX, "environments[0].addons.externalDns");
    expect(resolve).toThrow(ValidationError);
    expect(resolve).toThrow(
      'environments[0].addons.externalDns.hostedZoneArns[0] "Z0123" is invalid: expected a Route 53 hosted zone ARN arn:<partition>:route53:::hostedzone/<zone id>',
    );
  });

  it("fails when the preset is unknown", () => {
    expect(() => resolveAddonPreset("externalDNS" as AddonPresetId, {} as never, CTX)).toThrow(
      'addons.externalDNS "externalDNS" is invalid: known add-on presets are loadBalancerController, ',
    );
  });
});

describe("input outlines", () => {
  it("fails when an input has an unknown key, and lists the allowed keys", () => {
    expect(() => ADDON_PRESETS.externalDns.validate({ hostedZoneArns: [ZONE_A], zoneArns: [] } as never)).toThrow(
      'has unknown key "zoneArns": allowed keys are hostedZoneArns',
    );
    expect(() => ADDON_PRESETS.fsxLustreCsiDriver.validate({ kmsKeyArns: [] } as never)).toThrow('has unknown key "kmsKeyArns": allowed keys are none');
  });

  it("fails when a required input is missing or has the wrong type", () => {
    expect(() => ADDON_PRESETS.velero.validate({} as never)).toThrow("bucketArns is missing: expected a list [...]");
    expect(() => ADDON_PRESETS.certManager.validate({ hostedZoneArns: [ZONE_A], lookUpHostedZones: "no" } as never)).toThrow(
      'lookUpHostedZones "no" is invalid: expected true or false (without quotes)',
    );
    expect(() => ADDON_PRESETS.externalDns.validate({ hostedZoneArns: [42] } as never)).toThrow("hostedZoneArns[0] 42 is invalid: expected a string");
    expect(() => ADDON_PRESETS.mountpointS3CsiDriver.validate({ bucketArns: [], access: "write" } as never)).toThrow(
      'access "write" is invalid: allowed values are read, readWrite, readWriteDelete',
    );
  });

  it("fails when a list is empty, or lists an ARN twice", () => {
    expect(() => ADDON_PRESETS.externalDns.validate({ hostedZoneArns: [] })).toThrow("hostedZoneArns [] is invalid: give at least one");
    expect(() => ADDON_PRESETS.ebsCsiDriver.validate({ kmsKeyArns: [] })).toThrow(
      "kmsKeyArns [] is invalid: an empty list grants nothing: leave the field out instead",
    );
    expect(() => ADDON_PRESETS.externalDns.validate({ hostedZoneArns: [ZONE_A, ZONE_A] })).toThrow(
      `hostedZoneArns[1] "${ZONE_A}" is invalid: it repeats entry [0]: list each value once`,
    );
  });

  it("skips values only known at apply time", () => {
    const zone = Token.asString({ Ref: "zone" });
    expect(() => ADDON_PRESETS.externalDns.validate({ hostedZoneArns: [zone] })).not.toThrow();
    expect(ADDON_PRESETS.externalDns.statements({ hostedZoneArns: [zone] }, CTX)[0].resources).toEqual([zone]);
  });
});

/**
 * Issue 20: presets are never wider than upstream. For each preset's ARN inputs, the widest value
 * accepted without acknowledgement, and one a wildcard makes wider than upstream's policy scopes it
 * (written from each upstream policy: one node role, named zones, buckets and keys; secrets and
 * parameters by a name prefix in one region and account; `*` where upstream grants on every resource).
 */
const WIDEST: { readonly [id: string]: { readonly [input: string]: { scope: string; widest: string; wider?: string } } } = {
  loadBalancerControllerTargetGroupBinding: {
    targetGroupArns: { scope: "any", widest: "arn:aws:elasticloadbalancing:*:*:targetgroup/*/*" },
    assumeRoleArns: { scope: "exact", widest: "arn:aws:iam::444455556666:role/tg-management", wider: "arn:aws:iam::444455556666:role/*" },
  },
  externalDns: { hostedZoneArns: { scope: "exact", widest: ZONE_A, wider: "arn:aws:route53:::hostedzone/*" } },
  certManager: { hostedZoneArns: { scope: "exact", widest: ZONE_A, wider: "arn:aws:route53:::hostedzone/Z0*" } },
  karpenter: {
    nodeRoleArns: { scope: "exact", widest: "arn:aws:iam::111122223333:role/KarpenterNodeRole-prod", wider: "arn:aws:iam::111122223333:role/*" },
    interruptionQueueArn: { scope: "exact", widest: "arn:aws:sqs:eu-west-1:111122223333:prod", wider: "arn:aws:sqs:*:111122223333:prod" },
  },
  ebsCsiDriver: { kmsKeyArns: { scope: "exact", widest: "arn:aws:kms:eu-west-1:111122223333:key/k1", wider: "arn:aws:kms:eu-west-1:111122223333:key/*" } },
  efsCsiDriver: { fileSystemArns: { scope: "any", widest: "arn:aws:elasticfilesystem:*:*:file-system/*" } },
  mountpointS3CsiDriver: {
    bucketArns: { scope: "exact", widest: "arn:aws:s3:::prod-data", wider: "arn:aws:s3:::*" },
    directoryBucketArns: {
      scope: "exact",
      widest: "arn:aws:s3express:eu-west-1:111122223333:bucket/prod-cache--euw1-az1--x-s3",
      wider: "arn:aws:s3express:eu-west-1:111122223333:bucket/*--x-s3",
    },
    kmsKeyArns: { scope: "exact", widest: "arn:aws:kms:eu-west-1:111122223333:key/k1", wider: "arn:aws:kms:*:*:key/k1" },
  },
  externalSecrets: {
    secretsManagerArns: {
      scope: "namePrefix",
      widest: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:p*",
      wider: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:*",
    },
    ssmParameterArns: { scope: "namePrefix", widest: "arn:aws:ssm:eu-west-1:111122223333:parameter/p*", wider: "arn:aws:ssm:eu-west-1:*:parameter/prod/*" },
    kmsKeyArns: { scope: "exact", widest: "arn:aws:kms:eu-west-1:111122223333:key/k1", wider: "arn:aws:kms:eu-west-1:111122223333:key/?1" },
  },
  velero: { bucketArns: { scope: "exact", widest: "arn:aws:s3:::prod-backups", wider: "arn:aws:s3:::prod-*" } },
  managedPrometheus: { workspaceArns: { scope: "any", widest: "arn:aws:aps:*:*:workspace/*" } },
  nodeTerminationHandler: { queueArns: { scope: "any", widest: "arn:aws:sqs:*:*:*" } },
};

describe("presets never wider than upstream", () => {
  const arnInputsOf = (id: AddonPresetId) => Object.keys(WIDEST[id] ?? {}).sort();
  /** The preset's last case with one input replaced. */
  const withInput = (id: AddonPresetId, input: string, value: string, extra: object = {}) => {
    const base = { ...(CASES[id][CASES[id].length - 1] as object) } as Record<string, unknown>;
    const single = input === "interruptionQueueArn";
    if (id === "mountpointS3CsiDriver" && input === "directoryBucketArns") delete base.prefixes;
    return { ...base, [input]: single ? value : [value], ...extra };
  };

  it.each(IDS)("%s: its widest accepted ARN inputs stay within upstream's scope; a wildcard wider needs acknowledgeWideningWildcards", (id) => {
    for (const input of arnInputsOf(id)) {
      const { scope, widest, wider } = WIDEST[id][input];
      // The widest accepted input builds statements that name, from it, no more than upstream does.
      const statements = preset(id).statements(withInput(id, input, widest), CTX);
      const fromInput = statements.flatMap((s) => s.resources).filter((r) => r === widest || r.startsWith(`${widest}/`));
      expect([input, fromInput.length > 0]).toEqual([input, true]);
      if (scope === "exact") for (const r of fromInput) expect([input, r.slice(widest.length)]).toEqual([input, expect.stringMatching(/^(\/[^*?]*\*)?$/)]);
      if (scope === "namePrefix") for (const r of fromInput) expect(r.split(":").slice(0, 5).join(":")).not.toMatch(/[*?]/);
      expect(preset(id).widerThanUpstream?.(withInput(id, input, widest)) ?? []).toEqual([]);
      if (scope === "any") continue;
      // One wildcard wider is refused, naming the input, unless acknowledged; then it is listed.
      expect(() => preset(id).validate(withInput(id, input, wider!))).toThrow(/the wildcard makes the preset wider than upstream's policy, which names /);
      const acknowledged = withInput(id, input, wider!, { acknowledgeWideningWildcards: true });
      expect(() => preset(id).validate(acknowledged)).not.toThrow();
      expect(preset(id).widerThanUpstream!(acknowledged)).toEqual([input]);
    }
  });

  it.each(IDS)("%s: every ARN input has its upstream scope in the table above", (id) => {
    const schemaKeys = Object.keys((preset(id).schema as unknown as { shape: Record<string, unknown> }).shape);
    const arnish = schemaKeys.filter((k) => /Arns?$/.test(k));
    expect(arnish.sort()).toEqual(arnInputsOf(id));
    const acknowledging = arnInputsOf(id).some((input) => WIDEST[id][input].scope !== "any");
    expect(schemaKeys.includes("acknowledgeWideningWildcards")).toBe(acknowledging);
  });
});
