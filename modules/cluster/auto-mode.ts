// EKS Auto Mode as the EKS User Guide documents it: "Amazon EKS Auto Mode cluster IAM role"
// (AmazonEKSClusterPolicy plus the compute, block storage, load balancing and networking policies),
// "Amazon EKS Auto Mode node IAM role" (AmazonEKSWorkerNodeMinimalPolicy and
// AmazonEC2ContainerRegistryPullOnly, trusted by ec2.amazonaws.com), and the three capabilities
// (compute, block storage, load balancing) that the API takes all on or all off.
import type { AddonPresetId } from "../addons/catalogue";
import { ValidationError } from "../core/errors";
import { validateDistinct, validateOneOf } from "../core/naming";
import { type ServiceRoleOptions, validateServiceRoleOptions } from "../iam/service-role";

/** A node pool EKS Auto Mode has built in. */
export type AutoModeNodePool = "general-purpose" | "system";

/** The built-in node pools. */
export const AUTO_MODE_NODE_POOLS: readonly AutoModeNodePool[] = ["general-purpose", "system"];

/**
 * EKS Auto Mode: EKS runs compute (Karpenter-based node provisioning on EC2 managed instances), pod
 * and service networking, cluster DNS, block storage, load balancing and the Pod Identity agent itself.
 */
export interface AutoModeOptions {
  /**
   * The built-in node pools to turn on. `[]` turns none on: pods then run on NodePools of your own
   * (`karpenter.sh/v1` NodePools with an `eks.amazonaws.com` NodeClass whose `role` is the node role;
   * the cluster gives that role its access entry).
   * @default ["general-purpose", "system"]
   */
  readonly nodePools?: readonly AutoModeNodePool[];
  /**
   * The IAM role of the nodes Auto Mode launches (trusted by `ec2.amazonaws.com`, with
   * AmazonEKSWorkerNodeMinimalPolicy and AmazonEC2ContainerRegistryPullOnly): its name, path and boundary.
   * @default `<cluster name>-auto-node`, path "/", no boundary
   */
  readonly nodeRole?: ServiceRoleOptions;
}

/** The AWS-managed policies an Auto Mode cluster role has besides AmazonEKSClusterPolicy. */
export const AUTO_MODE_CLUSTER_POLICIES: readonly string[] = [
  "AmazonEKSComputePolicy",
  "AmazonEKSBlockStoragePolicy",
  "AmazonEKSLoadBalancingPolicy",
  "AmazonEKSNetworkingPolicy",
];

/** The AWS-managed policies of the Auto Mode node role. */
export const AUTO_MODE_NODE_POLICIES: readonly string[] = ["AmazonEKSWorkerNodeMinimalPolicy", "AmazonEC2ContainerRegistryPullOnly"];

/** The EKS access policy of an Auto Mode node role that EKS does not map itself (one used by your own NodeClasses). */
export const AUTO_MODE_NODE_ACCESS_POLICY = "AmazonEKSAutoNodePolicy";

/** Checks the Auto Mode options; `field` is where they were given. */
export function validateAutoModeOptions(field: string, options: AutoModeOptions): void {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw ValidationError.invalid(field, options, "give an object ({} for the built-in node pools and a node role made for them)");
  }
  const pools = options.nodePools ?? AUTO_MODE_NODE_POOLS;
  pools.forEach((pool, i) => validateOneOf(`${field}.nodePools[${i}]`, pool, AUTO_MODE_NODE_POOLS));
  validateDistinct(`${field}.nodePools`, pools);
  validateServiceRoleOptions(`${field}.nodeRole`, options.nodeRole);
}

/** What Auto Mode runs itself, by the cluster's own add-ons' keys in `coreAddons`. */
export const AUTO_MODE_CORE_ADDONS = {
  vpcCni: "pod networking (no vpc-cni add-on)",
  kubeProxy: "service networking (no kube-proxy add-on)",
  coreDns: "cluster DNS (no coredns add-on)",
  podIdentityAgent: "the EKS Pod Identity agent (no eks-pod-identity-agent add-on)",
} as const;

/**
 * Why an add-on of the catalogue has no place on an Auto Mode cluster, or undefined when it has one.
 * Some only serve nodes Auto Mode does not manage, so they are refused only where there are none.
 */
export function autoModeRefusal(id: AddonPresetId, managedNodeGroups: boolean): string | undefined {
  switch (id) {
    case "karpenter":
      return "EKS Auto Mode provisions nodes with its own Karpenter: add NodePools (karpenter.sh/v1) with an eks.amazonaws.com/v1 NodeClass instead of installing Karpenter";
    case "loadBalancerController":
      return "EKS Auto Mode runs the load balancer controller itself: use the IngressClass controller eks.amazonaws.com/alb and the Service loadBalancerClass eks.amazonaws.com/nlb";
    case "ebsCsiDriver":
      return managedNodeGroups
        ? undefined
        : "EKS Auto Mode provisions EBS volumes itself (StorageClass provisioner ebs.csi.eks.amazonaws.com); the add-on only serves nodes of managed node groups, and the cluster has none";
    case "clusterAutoscaler":
      return managedNodeGroups
        ? undefined
        : "EKS Auto Mode scales its nodes itself; cluster-autoscaler only scales managed node groups, and the cluster has none";
    case "nodeTerminationHandler":
      return managedNodeGroups
        ? undefined
        : "EKS Auto Mode drains its nodes on interruptions itself; the Node Termination Handler only serves nodes of managed node groups, and the cluster has none";
    default:
      return undefined;
  }
}
