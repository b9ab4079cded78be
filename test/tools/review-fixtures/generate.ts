/**
 * A cheap generator of large synthesized apps for the review's size tests: it writes the
 * `manifest.json` and `cdk.tf.json` files that `cdktf synth` of the example app with N IRSA
 * bindings per environment would (a cluster stack and a workloads stack per environment, the
 * workloads trusting the cluster's OIDC provider through cross-stack references), in milliseconds
 * instead of the seconds a real synthesis of thousands of resources takes.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** How a head differs from the base for one binding. */
export interface BindingChange {
  /** An extra allowed action (a widened permission). */
  readonly extraAction?: string;
  /** Another role name (a replacement). */
  readonly roleName?: string;
  /** Pod Identity trust without an `aws:SourceArn` pin, and an association (widened, a wildcard). */
  readonly podIdentity?: boolean;
}

export interface GeneratedApp {
  /** IRSA bindings per environment. */
  readonly bindings: number;
  /** @default ["dev", "staging", "prod"] */
  readonly environments?: readonly string[];
  /** Changes binding `i` of an environment, for a head. */
  readonly change?: (environment: string, i: number) => BindingChange | undefined;
}

const meta = (path: string) => ({ "//": { metadata: { path, uniqueId: path.replace(/\W/g, "_") } } });
const REMOTE = (env: string, output: string) => `\${data.terraform_remote_state.cross-stack-reference-input-eks-${env}.outputs.cross-stack-output-${output}}`;

function clusterStack(env: string): object {
  const stack = `eks-${env}`;
  return {
    "//": { metadata: { stackName: stack, version: "0.21.0", backend: "local" } },
    resource: {
      aws_eks_cluster: {
        cluster: {
          ...meta(`${stack}/eks/cluster`),
          name: `example-${env}`,
          role_arn: "arn:aws:iam::123456789012:role/eks",
          vpc_config: { subnet_ids: ["subnet-1"] },
        },
      },
      aws_iam_openid_connect_provider: {
        oidc: {
          ...meta(`${stack}/eks/oidc-provider/provider`),
          url: "${aws_eks_cluster.cluster.identity[0].oidc[0].issuer}",
          client_id_list: ["sts.amazonaws.com"],
        },
      },
    },
    output: {
      "cross-stack-output-oidc-arn": { value: "${aws_iam_openid_connect_provider.oidc.arn}" },
      "cross-stack-output-issuer-host": { value: '${replace(aws_eks_cluster.cluster.identity[0].oidc[0].issuer, "https://", "")}' },
      "cross-stack-output-cluster-name": { value: "${aws_eks_cluster.cluster.name}" },
    },
  };
}

function workloadsStack(env: string, options: GeneratedApp): object {
  const stack = `workloads-${env}`;
  const documents: Record<string, object> = {};
  const roles: Record<string, object> = {};
  const policies: Record<string, object> = {};
  const attachments: Record<string, object> = {};
  const namespaces: Record<string, object> = {};
  const accounts: Record<string, object> = {};
  const associations: Record<string, object> = {};
  const host = REMOTE(env, "issuer-host");
  for (let i = 0; i < options.bindings; i++) {
    const namespace = `team-${String(Math.floor(i / 10)).padStart(3, "0")}`;
    const name = `app-${String(i).padStart(4, "0")}`;
    const id = `${namespace}_${name}`;
    const change = options.change?.(env, i);
    namespaces[namespace] ??= { ...meta(`${stack}/namespaces/${namespace}`), metadata: { name: namespace } };
    const trust: object[] = [
      {
        effect: "Allow",
        actions: ["sts:AssumeRoleWithWebIdentity"],
        principals: [{ type: "Federated", identifiers: [REMOTE(env, "oidc-arn")] }],
        condition: [
          { test: "StringEquals", variable: `${host}:sub`, values: [`system:serviceaccount:${namespace}:${name}`] },
          { test: "StringEquals", variable: `${host}:aud`, values: ["sts.amazonaws.com"] },
        ],
      },
    ];
    if (change?.podIdentity) {
      trust.push({
        sid: "PodIdentity",
        effect: "Allow",
        actions: ["sts:AssumeRole", "sts:TagSession"],
        principals: [{ type: "Service", identifiers: ["pods.eks.amazonaws.com"] }],
      });
      associations[`${id}_association`] = {
        ...meta(`${stack}/${id}/association`),
        cluster_name: REMOTE(env, "cluster-name"),
        namespace,
        service_account: name,
        role_arn: `\${aws_iam_role.${id}_role.arn}`,
      };
    }
    documents[`${id}_trust`] = { ...meta(`${stack}/${id}/role/trust-policy`), statement: trust };
    documents[`${id}_permissions`] = {
      ...meta(`${stack}/${id}/role/policy-document`),
      statement: [
        {
          effect: "Allow",
          actions: ["s3:GetObject", "s3:PutObject", ...(change?.extraAction ? [change.extraAction] : [])],
          resources: [`arn:aws:s3:::example-${env}-${name}/*`],
        },
      ],
    };
    roles[`${id}_role`] = {
      ...meta(`${stack}/${id}/role/role`),
      name: change?.roleName ?? `${stack}_${id}`,
      assume_role_policy: `\${data.aws_iam_policy_document.${id}_trust.json}`,
      tags: { ServiceAccountNameSpace: namespace, ServiceAccountName: name },
    };
    policies[`${id}_policy`] = {
      ...meta(`${stack}/${id}/role/policy`),
      name: `${stack}_${id}-policy`,
      policy: `\${data.aws_iam_policy_document.${id}_permissions.json}`,
    };
    attachments[`${id}_attachment`] = {
      ...meta(`${stack}/${id}/role/attachment`),
      role: `\${aws_iam_role.${id}_role.name}`,
      policy_arn: `\${aws_iam_policy.${id}_policy.arn}`,
    };
    accounts[`${id}_service-account`] = {
      ...meta(`${stack}/${id}/${id}/service-account`),
      metadata: {
        name,
        namespace: `\${kubernetes_namespace_v1.${namespace}.metadata[0].name}`,
        annotations: { "eks.amazonaws.com/role-arn": `\${aws_iam_role.${id}_role.arn}` },
      },
    };
  }
  return {
    "//": { metadata: { stackName: stack, version: "0.21.0", backend: "local" } },
    data: {
      aws_iam_policy_document: documents,
      terraform_remote_state: { [`cross-stack-reference-input-eks-${env}`]: { backend: "local", config: { path: `terraform.eks-${env}.tfstate` } } },
    },
    resource: {
      aws_iam_role: roles,
      aws_iam_policy: policies,
      aws_iam_role_policy_attachment: attachments,
      kubernetes_namespace_v1: namespaces,
      kubernetes_service_account_v1: accounts,
      ...(Object.keys(associations).length > 0 ? { aws_eks_pod_identity_association: associations } : {}),
    },
  };
}

/** Writes the app into `dir` (a cdktf.out: manifest and stacks) and returns `dir`. */
export function writeGeneratedApp(dir: string, options: GeneratedApp): string {
  const stacks: Record<string, object> = {};
  for (const env of options.environments ?? ["dev", "staging", "prod"]) {
    stacks[`eks-${env}`] = clusterStack(env);
    stacks[`workloads-${env}`] = workloadsStack(env, options);
  }
  const manifest: Record<string, object> = {};
  for (const [name, json] of Object.entries(stacks)) {
    const relative = join("stacks", name, "cdk.tf.json");
    mkdirSync(join(dir, "stacks", name), { recursive: true });
    writeFileSync(join(dir, relative), JSON.stringify(json));
    manifest[name] = { name, synthesizedStackPath: relative, workingDirectory: join("stacks", name) };
  }
  writeFileSync(join(dir, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks: manifest }));
  return dir;
}
