import { Fn, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { IEksClusterRef, requireOidcProvider } from "./cluster-ref";
import { IrsaRole, IrsaRoleOptions } from "./irsa-role";
import { IrsaServiceAccount } from "./irsa-service-account";
import { ServiceAccount, ServiceAccountOptions } from "./service-account";
import { configureStateBackend, StateBackendOptions } from "./state-backend";

/** One Kubernetes service account of a workload. */
export interface WorkloadServiceAccount extends Omit<ServiceAccountOptions, "provider"> {
  /** The namespace (a DNS-1123 label). */
  readonly namespace: string;
  /** The service account's name (a DNS-1123 subdomain). */
  readonly name: string;
}

/** A workload: an IRSA role and the service accounts that carry it. */
export interface Workload extends Omit<IrsaRoleOptions, "subjectMatch"> {
  /**
   * The service accounts whose pods assume the role; usually one.
   */
  readonly serviceAccounts: readonly WorkloadServiceAccount[];
  /**
   * A stable name of the shared role, required when several service accounts share it: it names
   * the role's construct, so that adding or reordering service accounts renames nothing.
   * @default `<namespace>_<name>` of the only service account (`_` occurs in neither)
   */
  readonly roleKey?: string;
}

/** Props of {@link WorkloadsStack}. */
export interface WorkloadsStackProps extends StateBackendOptions {
  /** The AWS region of the cluster. */
  readonly region: string;
  /** The cluster, from another stack of this app or looked up by name. */
  readonly cluster: IEksClusterRef;
  /** The workloads. */
  readonly workloads: readonly Workload[];
}

/**
 * A stack of IRSA workloads on one cluster: the kubernetes provider is configured from the
 * cluster (endpoint, CA, `aws eks get-token`), and each workload gets its role and service accounts.
 * Kept apart from the cluster's stack, so that the kubernetes provider is only configured once the
 * cluster exists.
 */
export class WorkloadsStack extends TerraformStack {
  /** The roles, by construct ID (`<namespace>_<name>`, or the role key). */
  public readonly roles: { readonly [id: string]: IrsaRole } = {};
  /** The service accounts, by `<namespace>/<name>`. */
  public readonly serviceAccounts: { readonly [id: string]: ServiceAccount } = {};
  /** The kubernetes provider. */
  public readonly kubernetesProvider: KubernetesProvider;

  constructor(scope: Construct, id: string, props: WorkloadsStackProps) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: props.region });
    this.kubernetesProvider = new KubernetesProvider(this, "kubernetes", {
      host: props.cluster.endpoint,
      clusterCaCertificate: Fn.base64decode(props.cluster.certificateAuthorityData),
      exec: [
        {
          apiVersion: "client.authentication.k8s.io/v1beta1",
          command: "aws",
          args: ["eks", "get-token", "--cluster-name", props.cluster.clusterName, "--region", props.region],
        },
      ],
    });
    configureStateBackend(this, props.region, props);
    const oidcProvider = requireOidcProvider("cluster", props.cluster);

    const roles: Record<string, IrsaRole> = {};
    const accounts: Record<string, ServiceAccount> = {};
    const declared = new Map<string, string>();
    props.workloads.forEach((workload, i) => {
      if (workload.serviceAccounts.length === 0) {
        throw new Error(`workloads[${i}].serviceAccounts [] is invalid: a workload has at least one service account`);
      }
      if (workload.roleKey !== undefined && !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(workload.roleKey)) {
        throw new Error(`workloads[${i}].roleKey ${JSON.stringify(workload.roleKey)} is invalid: use lower-case letters, digits and '-', at most 63`);
      }
      if (workload.serviceAccounts.length > 1 && !workload.roleKey) {
        throw new Error(
          `workloads[${i}].roleKey is missing: ${workload.serviceAccounts.length} service accounts share the role, so it needs a stable name`,
        );
      }
      for (const sa of workload.serviceAccounts) {
        const key = `${sa.namespace}/${sa.name}`;
        const other = declared.get(key);
        if (other !== undefined) {
          throw new Error(`workloads[${i}] service account ${key} is declared twice (also in ${other}): each service account may appear once`);
        }
        declared.set(key, `workloads[${i}]`);
      }

      if (workload.serviceAccounts.length === 1 && !workload.roleKey) {
        const sa = workload.serviceAccounts[0];
        const made = new IrsaServiceAccount(this, `${sa.namespace}_${sa.name}`, {
          ...workload,
          ...sa,
          cluster: props.cluster,
          provider: this.kubernetesProvider,
        });
        roles[made.node.id] = made.role;
        accounts[`${sa.namespace}/${sa.name}`] = made.serviceAccount;
        return;
      }

      const holder = new Construct(this, workload.roleKey!);
      const role = new IrsaRole(holder, "role", {
        ...workload,
        oidcProviders: [oidcProvider],
        serviceAccounts: workload.serviceAccounts.map((sa) => ({ namespace: sa.namespace, name: sa.name })),
      });
      roles[workload.roleKey!] = role;
      for (const sa of workload.serviceAccounts) {
        accounts[`${sa.namespace}/${sa.name}`] = new ServiceAccount(holder, `${sa.namespace}_${sa.name}`, {
          ...sa,
          roleArn: role.arn,
          provider: this.kubernetesProvider,
        });
      }
    });
    this.roles = roles;
    this.serviceAccounts = accounts;
  }
}
