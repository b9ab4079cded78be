/**
 * Small cdktf apps for the review's tests, built from the providers' raw constructs (not from this
 * project's modules), so that each mechanism's synthesized JSON is exactly what the review reads:
 * IRSA, EKS Pod Identity (trust and association), both, and kube2iam transitional trust.
 */
import { App, Fn, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { KubernetesProvider, KubernetesServiceAccountV1 } from "../../../modules/identity/kubernetes";

/** The clusters of the fixture: `a` and `b`, named `cluster-a` and `cluster-b`. */
export type ClusterId = "a" | "b";

/** A Kubernetes service account, `<namespace>/<name>`. */
export interface Account {
  readonly namespace: string;
  readonly name: string;
}

/** One workload binding: a role, its trust, its permissions, and what carries it. */
export interface Binding {
  /** The construct id of the binding's scope, under the stack (or under `parent`). */
  readonly id: string;
  /** A scope between the stack and the binding: moving a binding there moves its constructs. */
  readonly parent?: string;
  readonly roleName: string;
  /** IRSA trust through a cluster's OIDC provider. */
  readonly irsa?: {
    readonly cluster?: ClusterId;
    readonly subjects: readonly string[];
    /** @default "StringEquals" */
    readonly match?: string;
  };
  /** Pod Identity trust. */
  readonly podIdentity?: {
    /** The clusters of the `aws:SourceArn` pin; empty: no pin. @default ["a"] */
    readonly sourceArn?: readonly ClusterId[];
    /** @default true */
    readonly sourceAccount?: boolean;
    /** @default ["sts:AssumeRole", "sts:TagSession"] */
    readonly actions?: readonly string[];
  };
  /** kube2iam transitional trust of the node role (and the `MigrationTrust` tag). */
  readonly kube2iam?: boolean;
  /** An IRSA service account annotated with the role. */
  readonly serviceAccount?: Account;
  /** A Pod Identity association. */
  readonly association?: Account & { readonly cluster?: ClusterId; readonly targetRole?: string; readonly disableSessionTags?: boolean };
  /** The role's inline policy. */
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  /** Terraform logical id overrides (`role`, `association`, `serviceAccount`), to change an address. */
  readonly logicalIds?: { readonly [part: string]: string };
  /** The role was at this address before: a `moved` block. */
  readonly roleMovedFrom?: string;
}

interface Cluster {
  readonly cluster: EksCluster;
  readonly provider: IamOpenidConnectProvider;
  readonly host: string;
}

/** The fixture's one stack, `platform`: two clusters, their OIDC providers, a node role, the bindings. */
class PlatformStack extends TerraformStack {
  constructor(scope: Construct, bindings: readonly Binding[]) {
    super(scope, "platform");
    new AwsProvider(this, "aws", { region: "eu-west-1" });
    new KubernetesProvider(this, "kubernetes", {});
    const account = new DataAwsCallerIdentity(this, "account");
    const clusters: Record<ClusterId, Cluster> = { a: this.cluster("a"), b: this.cluster("b") };
    const nodeRole = new IamRole(this, "node-role", {
      name: "platform-nodes",
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
      }),
    });
    const parents = new Map<string, Construct>();
    for (const b of bindings) {
      const parent = b.parent === undefined ? this : (parents.get(b.parent) ?? parents.set(b.parent, new Construct(this, b.parent)).get(b.parent)!);
      this.binding(new Construct(parent, b.id), b, clusters, account, nodeRole);
    }
  }

  private cluster(id: ClusterId): Cluster {
    const cluster = new EksCluster(this, `cluster-${id}`, {
      name: `cluster-${id}`,
      roleArn: "arn:aws:iam::123456789012:role/eks",
      vpcConfig: { subnetIds: ["subnet-1", "subnet-2"] },
    });
    const issuer = cluster.identity.get(0).oidc.get(0).issuer;
    const provider = new IamOpenidConnectProvider(this, `oidc-${id}`, { url: issuer, clientIdList: ["sts.amazonaws.com"] });
    return { cluster, provider, host: Fn.replace(issuer, "https://", "") };
  }

  private binding(scope: Construct, b: Binding, clusters: Record<ClusterId, Cluster>, account: DataAwsCallerIdentity, nodeRole: IamRole): void {
    const statement: DataAwsIamPolicyDocumentStatement[] = [];
    if (b.irsa) {
      const c = clusters[b.irsa.cluster ?? "a"];
      statement.push({
        effect: "Allow",
        actions: ["sts:AssumeRoleWithWebIdentity"],
        principals: [{ type: "Federated", identifiers: [c.provider.arn] }],
        condition: [
          {
            test: b.irsa.match ?? "StringEquals",
            variable: `${c.host}:sub`,
            values: b.irsa.subjects.map((s) => `system:serviceaccount:${s.replace("/", ":")}`),
          },
          { test: "StringEquals", variable: `${c.host}:aud`, values: ["sts.amazonaws.com"] },
        ],
      });
    }
    if (b.podIdentity) {
      const pins = b.podIdentity.sourceArn ?? ["a"];
      statement.push({
        sid: "PodIdentity",
        effect: "Allow",
        actions: [...(b.podIdentity.actions ?? ["sts:AssumeRole", "sts:TagSession"])],
        principals: [{ type: "Service", identifiers: ["pods.eks.amazonaws.com"] }],
        condition: [
          ...(b.podIdentity.sourceAccount === false ? [] : [{ test: "StringEquals", variable: "aws:SourceAccount", values: [account.accountId] }]),
          ...(pins.length > 0 ? [{ test: "ArnEquals", variable: "aws:SourceArn", values: pins.map((p) => clusters[p].cluster.arn) }] : []),
        ],
      });
    }
    if (b.kube2iam) {
      statement.push({ sid: "Kube2iamMigration", effect: "Allow", actions: ["sts:AssumeRole"], principals: [{ type: "AWS", identifiers: [nodeRole.arn] }] });
    }
    const trust = new DataAwsIamPolicyDocument(scope, "trust", { statement });
    const role = new IamRole(scope, "role", {
      name: b.roleName,
      assumeRolePolicy: trust.json,
      ...(b.kube2iam ? { tags: { MigrationTrust: "kube2iam" } } : {}),
    });
    if (b.logicalIds?.role) role.overrideLogicalId(b.logicalIds.role);
    if (b.roleMovedFrom) role.moveFromId(b.roleMovedFrom);
    const permissions = new DataAwsIamPolicyDocument(scope, "permissions", {
      statement: [{ effect: "Allow", actions: [...b.actions], resources: [...b.resources] }],
    });
    new IamRolePolicy(scope, "policy", { name: `${b.id}-policy`, role: role.name, policy: permissions.json });
    if (b.serviceAccount) {
      const sa = new KubernetesServiceAccountV1(scope, "service-account", {
        metadata: { namespace: b.serviceAccount.namespace, name: b.serviceAccount.name, annotations: { "eks.amazonaws.com/role-arn": role.arn } },
      });
      if (b.logicalIds?.serviceAccount) sa.overrideLogicalId(b.logicalIds.serviceAccount);
    }
    if (b.association) {
      const association = new EksPodIdentityAssociation(scope, "association", {
        clusterName: clusters[b.association.cluster ?? "a"].cluster.name,
        namespace: b.association.namespace,
        serviceAccount: b.association.name,
        roleArn: role.arn,
        ...(b.association.targetRole !== undefined ? { targetRoleArn: b.association.targetRole } : {}),
        ...(b.association.disableSessionTags !== undefined ? { disableSessionTags: b.association.disableSessionTags } : {}),
      });
      if (b.logicalIds?.association) association.overrideLogicalId(b.logicalIds.association);
    }
  }
}

/** Synthesizes the bindings into `outdir` as `cdktf synth` does (manifest and stack JSON) and returns it. */
export function synthBindings(outdir: string, bindings: readonly Binding[]): string {
  const app = new App({ outdir, stackTraces: false });
  new PlatformStack(app, bindings);
  app.synth();
  return outdir;
}
