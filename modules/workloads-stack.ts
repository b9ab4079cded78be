import { Fn, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { IEksClusterRef, requireOidcProvider } from "./cluster-ref";
import { IrsaRole, IrsaRoleOptions } from "./irsa-role";
import { withField } from "./errors";
import { derivedRoleName, validateNamespace, validateServiceAccountName } from "./naming";
import { ServiceAccount, ServiceAccountOptions } from "./service-account";
import { configureStateBackend, StateBackendOptions } from "./state-backend";
import { ValidationError } from "./errors";

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
   * the role's construct (and the derived role name), so that adding or reordering service accounts
   * renames nothing. At most 63 lower-case letters, digits and `-`; or `<namespace>_<name>` of one of
   * the workload's service accounts, which keeps the role of a workload that had only that account.
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
    requireOidcProvider("cluster", props.cluster);

    const roles: Record<string, IrsaRole> = {};
    const accounts: Record<string, ServiceAccount> = {};
    const declared = new Map<string, string>();
    const keys = new Map<string, string>();
    props.workloads.forEach((workload, i) => {
      const field = `workloads[${i}]`;
      if (workload.serviceAccounts.length === 0) {
        throw new ValidationError(`${field}.serviceAccounts`, `[] is invalid: a workload has at least one service account`);
      }
      workload.serviceAccounts.forEach((sa, j) => {
        validateNamespace(`${field}.serviceAccounts[${j}].namespace`, sa.namespace);
        validateServiceAccountName(`${field}.serviceAccounts[${j}].name`, sa.name);
        const key = `${sa.namespace}/${sa.name}`;
        const other = declared.get(key);
        if (other !== undefined) {
          throw new ValidationError(`${field}`, `service account ${key} is declared twice (also in ${other}): each service account may appear once`);
        }
        declared.set(key, field);
      });
      const ownKeys = workload.serviceAccounts.map((sa) => `${sa.namespace}_${sa.name}`);
      if (workload.roleKey !== undefined && typeof workload.roleKey !== "string") {
        throw new ValidationError(`${field}.roleKey`, `${JSON.stringify(workload.roleKey)} is invalid: expected a string`);
      }
      if (workload.roleKey !== undefined && !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(workload.roleKey) && !ownKeys.includes(workload.roleKey)) {
        throw new ValidationError(
          `${field}.roleKey`,
          `${JSON.stringify(workload.roleKey)} is invalid: use at most 63 lower-case letters, digits and '-', ` +
            `or "<namespace>_<name>" of one of the workload's service accounts (${ownKeys.join(", ")})`,
        );
      }
      if (workload.serviceAccounts.length > 1 && !workload.roleKey) {
        throw new ValidationError(
          `${field}.roleKey`,
          `is missing: ${workload.serviceAccounts.length} service accounts share the role, so it needs a stable name. ` +
            `To keep the role of a workload that had one service account, use that account's "<namespace>_<name>" (${ownKeys[0]})`,
        );
      }
      if (workload.roleKey !== undefined && (["aws", "kubernetes", "backend"].includes(workload.roleKey) || workload.roleKey.startsWith("namespaces"))) {
        throw new ValidationError(`${field}.roleKey`, `${JSON.stringify(workload.roleKey)} is reserved: aws, kubernetes, backend and namespaces* name the stack's own parts`);
      }
      const key = workload.roleKey ?? ownKeys[0];
      const other = keys.get(key);
      if (other !== undefined) throw new ValidationError(`${field}.roleKey`, `${JSON.stringify(key)} is also the role key of ${other}: role keys are unique in a stack`);
      keys.set(key, field);

      // The same layout for one service account and for several (<key>/role, <key>/<namespace>_<name>),
      // and the same derived role name, so that adding a second service account under the first
      // one's key renames nothing.
      const holder = new Construct(this, key);
      const role = withField(field, () =>
        new IrsaRole(holder, "role", {
          ...workload,
          roleName: workload.roleName ?? derivedRoleName(this.node.id, key.split("_")),
          cluster: props.cluster,
          serviceAccounts: workload.serviceAccounts.map((sa) => ({ namespace: sa.namespace, name: sa.name })),
        }),
      );
      roles[key] = role;
      workload.serviceAccounts.forEach((sa, j) => {
        accounts[`${sa.namespace}/${sa.name}`] = withField(`${field}.serviceAccounts[${j}]`, () =>
          new ServiceAccount(holder, `${sa.namespace}_${sa.name}`, { ...sa, roleArn: role.arn, provider: this.kubernetesProvider }),
        );
      });
    });
    this.roles = roles;
    this.serviceAccounts = accounts;
  }
}
