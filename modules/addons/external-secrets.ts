// External Secrets Operator v2.9.0, AWS Secrets Manager and SSM Parameter Store providers.
// Policies: https://github.com/external-secrets/external-secrets/blob/v2.9.0/docs/provider/aws-secrets-manager.md#iam-policy
// and https://github.com/external-secrets/external-secrets/blob/v2.9.0/docs/provider/aws-parameter-store.md#iam-policy
// (reading; PushSecret with upstream's "more restrictive version", whose DeleteSecret needs the tag
// managed-by: external-secrets). `ssm:GetParameter*` and `ssm:PutParameter*` are written out as the
// actions they match. KMS permissions for customer-managed keys follow the services' own docs:
// https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html and
// https://docs.aws.amazon.com/systems-manager/latest/userguide/secure-string-parameter-kms-encryption.html
import { z } from "zod";
import type { PolicyStatement } from "../iam/policy-statement";
import { ValidationError } from "../core/errors";
import { stringList } from "./private/addon-inputs";
import { definePreset } from "./private/define-preset";
import type { AddonPreset, WideningAcknowledgement } from "./preset";

/** Inputs of the `externalSecrets` preset. */
export interface ExternalSecretsInputs extends WideningAcknowledgement {
  /**
   * ARNs (or ARN patterns, `...:secret:dev-*`) of the Secrets Manager secrets the operator may read.
   * @default none (then `ssmParameterArns` must name at least one)
   */
  readonly secretsManagerArns?: readonly string[];
  /**
   * ARNs (or patterns, `...:parameter/dev/*`) of the SSM parameters the operator may read.
   * @default none (then `secretsManagerArns` must name at least one)
   */
  readonly ssmParameterArns?: readonly string[];
  /**
   * ARNs of the customer-managed KMS keys that encrypt those secrets and SecureString parameters:
   * adds `kms:Decrypt`, and with `allowPush` also `kms:Encrypt` and `kms:GenerateDataKey`.
   * @default none: secrets encrypted with the AWS-managed keys `aws/secretsmanager` and `aws/ssm`
   */
  readonly kmsKeyArns?: readonly string[];
  /**
   * Allow PushSecret to write the same secrets and parameters: create them, put values and tags,
   * and delete secrets tagged `managed-by: external-secrets`. Resource policies and replication of
   * secrets (which upstream lists for the `resourcePolicy` and `replicationLocations` options) are
   * not granted: add them as statements of your own if you use those options.
   * @default false: read only
   */
  readonly allowPush?: boolean;
}

const schema: z.ZodType<ExternalSecretsInputs> = z.strictObject({
  secretsManagerArns: stringList(),
  ssmParameterArns: stringList(),
  kmsKeyArns: stringList(),
  allowPush: z.boolean().optional(),
});

/**
 * External Secrets Operator reading (and with `allowPush`, writing) AWS Secrets Manager secrets and
 * SSM parameters. No write action on `*`: `secretsmanager:ListSecrets` (List) and
 * `secretsmanager:BatchGetSecretValue` (Read; each secret still needs `GetSecretValue`) have no
 * resource type and stay on `*` as upstream grants them.
 */
export const externalSecrets: AddonPreset<ExternalSecretsInputs> = definePreset({
  id: "externalSecrets",
  title: "External Secrets Operator (Secrets Manager, Parameter Store)",
  upstream: {
    project: "external-secrets/external-secrets",
    version: "v2.9.0",
    source: "https://github.com/external-secrets/external-secrets/blob/v2.9.0/docs/provider/aws-secrets-manager.md#iam-policy",
  },
  serviceAccount: { namespace: "external-secrets", name: "external-secrets" },
  helmChart: {
    repository: "https://charts.external-secrets.io",
    chart: "external-secrets",
    version: "2.9.0",
    serviceAccountPath: ["serviceAccount"],
  },
  schema,
  arnInputs: {
    secretsManagerArns: { kind: "secret", scope: "namePrefix", upstream: "secrets by a name prefix in one region and account (secret:dev-*)" },
    ssmParameterArns: { kind: "ssmParameter", scope: "namePrefix", upstream: "parameters by a name prefix in one region and account (parameter/dev-*)" },
    kmsKeyArns: { kind: "kmsKey", scope: "exact", upstream: "the secrets' keys, one by one" },
  },
  check(checked) {
    if (checked.secretsManagerArns === undefined && checked.ssmParameterArns === undefined) {
      throw ValidationError.missing("secretsManagerArns", "give the secrets the operator reads (secretsManagerArns, ssmParameterArns or both)");
    }
  },
  statements(inputs) {
    const push = inputs.allowPush ?? false;
    const statements: PolicyStatement[] = [];
    if (inputs.secretsManagerArns) {
      const secrets = [...inputs.secretsManagerArns];
      statements.push(
        { sid: "ListSecrets", actions: ["secretsmanager:ListSecrets", "secretsmanager:BatchGetSecretValue"], resources: ["*"] },
        {
          sid: "ReadSecrets",
          actions: [
            "secretsmanager:GetResourcePolicy",
            "secretsmanager:GetSecretValue",
            "secretsmanager:DescribeSecret",
            "secretsmanager:ListSecretVersionIds",
          ],
          resources: secrets,
        },
      );
      if (push) {
        statements.push(
          { sid: "PushSecrets", actions: ["secretsmanager:CreateSecret", "secretsmanager:PutSecretValue", "secretsmanager:TagResource"], resources: secrets },
          {
            sid: "DeletePushedSecrets",
            actions: ["secretsmanager:DeleteSecret"],
            resources: secrets,
            conditions: [{ test: "StringEquals", variable: "secretsmanager:ResourceTag/managed-by", values: ["external-secrets"] }],
          },
        );
      }
    }
    if (inputs.ssmParameterArns) {
      const parameters = [...inputs.ssmParameterArns];
      statements.push({
        sid: "ReadParameters",
        actions: ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "ssm:GetParameterHistory"],
        resources: parameters,
      });
      if (push) {
        statements.push({ sid: "PushParameters", actions: ["ssm:PutParameter", "ssm:AddTagsToResource", "ssm:ListTagsForResource"], resources: parameters });
      }
    }
    if (inputs.kmsKeyArns) {
      statements.push({
        sid: "UseKmsKeys",
        actions: push ? ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"] : ["kms:Decrypt"],
        resources: [...inputs.kmsKeyArns],
      });
    }
    return statements;
  },
});
