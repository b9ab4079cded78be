import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import type { ServiceAccountSubject } from "../../iam/trust-policy";
import type { IOidcProvider } from "../../identity/oidc-provider";
import type { ReservedServiceAccount } from "../../identity/workload-cluster";
import { WorkloadIdentity } from "../../identity/workload-identity";
import type { AddServiceAccountOptions, IEksCluster } from "../cluster";

/**
 * What every cluster does the same way, created here or imported: `addServiceAccount`, written once.
 * Not exported from the package: users meet `IEksCluster`, `EksCluster` and the `EksCluster.from...`
 * factories.
 */
export abstract class ClusterBase extends Construct implements IEksCluster {
  public abstract readonly clusterName: string;
  public abstract readonly arn: string;
  public abstract readonly endpoint: string;
  public abstract readonly certificateAuthorityData: string;
  public abstract readonly oidcIssuerUrl: string;
  public abstract readonly oidcProvider?: IOidcProvider;
  public abstract readonly reservedServiceAccounts: readonly ReservedServiceAccount[];

  public abstract usePodIdentity(field: string, serviceAccounts?: readonly ServiceAccountSubject[]): void;

  /** A binding at `<scope>/<id>`, in the cluster's stack unless `scope` says otherwise. */
  public addServiceAccount(id: string, options: AddServiceAccountOptions): WorkloadIdentity {
    const { scope, ...rest } = options;
    return new WorkloadIdentity(scope ?? TerraformStack.of(this), id, { ...rest, cluster: this });
  }
}
