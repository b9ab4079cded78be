import { externalSecrets } from "../../modules/addons/external-secrets";
import { CTX, KMS_KEY, bySid } from "./cases";

const SECRETS = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/*";
const PARAMETERS = "arn:aws:ssm:eu-west-1:111122223333:parameter/prod/*";

describe("externalSecrets", () => {
  it("reproduces upstream's read and PushSecret policies for the given secrets", () => {
    expect(
      externalSecrets.statements({ secretsManagerArns: [SECRETS], ssmParameterArns: [PARAMETERS], kmsKeyArns: [KMS_KEY], allowPush: true }, CTX),
    ).toMatchSnapshot();
  });

  it("makes the secret and parameter ARNs the resources, read only by default", () => {
    const statements = externalSecrets.statements({ secretsManagerArns: [SECRETS], ssmParameterArns: [PARAMETERS], kmsKeyArns: [KMS_KEY] }, CTX);
    const s = bySid(statements);
    expect(s.ReadSecrets.resources).toEqual([SECRETS]);
    expect(s.ReadParameters.resources).toEqual([PARAMETERS]);
    expect(s.UseKmsKeys).toEqual({ sid: "UseKmsKeys", actions: ["kms:Decrypt"], resources: [KMS_KEY] });
    const actions = statements.flatMap((x) => x.actions);
    for (const write of ["secretsmanager:CreateSecret", "secretsmanager:PutSecretValue", "secretsmanager:DeleteSecret", "ssm:PutParameter"]) {
      expect(actions).not.toContain(write);
    }
  });

  it("creates and writes only when allowPush, and deletes only secrets it manages", () => {
    const s = bySid(externalSecrets.statements({ secretsManagerArns: [SECRETS], ssmParameterArns: [PARAMETERS], allowPush: true }, CTX));
    expect(s.PushSecrets.resources).toEqual([SECRETS]);
    expect(s.DeletePushedSecrets.conditions).toEqual([
      { test: "StringEquals", variable: "secretsmanager:ResourceTag/managed-by", values: ["external-secrets"] },
    ]);
    expect(s.PushParameters.actions).toEqual(["ssm:PutParameter", "ssm:AddTagsToResource", "ssm:ListTagsForResource"]);
  });

  it("leaves Secrets Manager out when only parameters are given", () => {
    const statements = externalSecrets.statements({ ssmParameterArns: [PARAMETERS] }, CTX);
    expect(statements.map((s) => s.sid)).toEqual(["ReadParameters"]);
  });

  it("fails when no secret is given, or an ARN names another service", () => {
    expect(() => externalSecrets.statements({}, CTX)).toThrow("secretsManagerArns is missing: give the secrets the operator reads");
    expect(() => externalSecrets.statements({ secretsManagerArns: [PARAMETERS] }, CTX)).toThrow("secretsManagerArns[0]");
    expect(() => externalSecrets.statements({ ssmParameterArns: [SECRETS] }, CTX)).toThrow("ssmParameterArns[0]");
  });
});
