import { Token } from "cdktf";
import {
  accountIdRule,
  ARN_PATTERN_RULES,
  ARN_RULES,
  type ArnKind,
  PARTITIONS,
  partitionRule,
  regionRule,
  validateArn,
  validateArns,
} from "../../modules/core/arns";
import { rules } from "../../modules/core/naming";

const ok = (rule: (v: string) => string | undefined, values: string[]) => values.forEach((v) => expect([v, rule(v)]).toEqual([v, undefined]));
const bad = (rule: (v: string) => string | undefined, values: string[]) => values.forEach((v) => expect([v, typeof rule(v)]).toEqual([v, "string"]));

/** One valid ARN of each kind. */
const EXAMPLES: { readonly [kind in ArnKind]: string } = {
  iamRole: "arn:aws:iam::123456789012:role/app",
  iamPrincipal: "arn:aws:iam::123456789012:user/alice",
  iamPolicy: "arn:aws:iam::aws:policy/ReadOnlyAccess",
  oidcProvider: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC",
  kmsKey: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  eksCluster: "arn:aws:eks:eu-west-1:123456789012:cluster/prod",
  hostedZone: "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ",
  s3Bucket: "arn:aws:s3:::prod-data",
  s3DirectoryBucket: "arn:aws:s3express:eu-west-1:123456789012:bucket/prod-cache--euw1-az1--x-s3",
  ssmParameter: "arn:aws:ssm:eu-west-1:123456789012:parameter/prod/db",
  secret: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf",
  sqsQueue: "arn:aws:sqs:eu-west-1:123456789012:prod.fifo",
  prometheusWorkspace: "arn:aws:aps:eu-west-1:123456789012:workspace/ws-0123abcd",
  efsFileSystem: "arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system/fs-0123abcd",
  targetGroup: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/0123456789abcdef",
};

describe("partitions, regions and accounts", () => {
  test("a partition is one of AWS's, a region has AWS's form in every partition, an account has 12 digits", () => {
    ok(partitionRule, [...PARTITIONS]);
    bad(partitionRule, ["aws-mars", "AWS", ""]);
    ok(regionRule, ["eu-west-1", "us-gov-west-1", "cn-north-1", "us-isob-east-1", "eusc-de-east-1", "ap-southeast-4"]);
    bad(regionRule, ["eu-west", "EU-WEST-1", "eu-west-1a", "*", ""]);
    ok(accountIdRule, ["123456789012"]);
    bad(accountIdRule, ["12345678901", "aws", "*"]);
    expect(partitionRule("aws-mars")).toBe(`expected an AWS partition: ${PARTITIONS.join(", ")}`);
  });

  test("the configuration's and the constructs' region rule is this one", () => {
    expect(rules.region).toBe(regionRule);
  });
});

describe("ARN rules", () => {
  test("each kind takes its own form, in any partition", () => {
    ok(ARN_RULES.iamRole, [
      "arn:aws:iam::123456789012:role/app",
      "arn:aws-cn:iam::123456789012:role/teams/app",
      "arn:aws-us-gov:iam::123456789012:role/a+b=c,d.e@f-g",
    ]);
    bad(ARN_RULES.iamRole, [
      "arn:aws:iam::123456789012:user/app",
      "arn:aws:iam::12345:role/app",
      "role/app",
      "arn:aws:iam::123456789012:role/",
      "arn:aws-mars:iam::123456789012:role/app",
    ]);
    ok(ARN_RULES.iamPrincipal, ["arn:aws:iam::123456789012:role/admin", "arn:aws:iam::123456789012:user/alice", "arn:aws:iam::123456789012:role/teams/admin"]);
    bad(ARN_RULES.iamPrincipal, ["arn:aws:iam::123456789012:group/admins", "alice", "arn:aws:sts::123456789012:assumed-role/admin/alice"]);
    ok(ARN_RULES.iamPolicy, [
      "arn:aws:iam::aws:policy/ReadOnlyAccess",
      "arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM",
      "arn:aws:iam::123456789012:policy/p",
    ]);
    bad(ARN_RULES.iamPolicy, ["arn:aws:iam::aws:role/ReadOnlyAccess", "ReadOnlyAccess", "arn:aws:iam::123:policy/p"]);
    ok(ARN_RULES.oidcProvider, ["arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC"]);
    bad(ARN_RULES.oidcProvider, ["arn:aws:iam::123456789012:role/x", "oidc.eks.eu-west-1.amazonaws.com/id/ABC"]);
    ok(ARN_RULES.kmsKey, [
      "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      "arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd",
    ]);
    bad(ARN_RULES.kmsKey, ["arn:aws:kms:eu-west-1:123456789012:grant/x", "1234abcd-12ab-34cd-56ef-1234567890ab", "arn:aws:kms::123456789012:key/x"]);
    ok(ARN_RULES.eksCluster, ["arn:aws:eks:eu-west-1:123456789012:cluster/prod"]);
    bad(ARN_RULES.eksCluster, ["arn:aws:eks:eu-west-1:123456789012:nodegroup/prod/a/b", "arn:aws:eks::123456789012:cluster/prod"]);
    ok(ARN_RULES.hostedZone, ["arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ"]);
    bad(ARN_RULES.hostedZone, ["Z0123456789ABCDEFGHIJ", "arn:aws:route53::123456789012:hostedzone/Z01"]);
    ok(ARN_RULES.s3Bucket, ["arn:aws:s3:::prod-data"]);
    bad(ARN_RULES.s3Bucket, ["arn:aws:s3:::prod-data/*", "arn:aws:s3:eu-west-1::prod-data", "prod-data"]);
    bad(ARN_RULES.sqsQueue, ["https://sqs.eu-west-1.amazonaws.com/123456789012/prod"]);
    for (const [kind, arn] of Object.entries(EXAMPLES)) ok(ARN_RULES[kind as ArnKind], [arn]);
  });

  test("fails when a KMS alias ARN is given for a key, and says why", () => {
    expect(ARN_RULES.kmsKey("arn:aws:kms:eu-west-1:123456789012:alias/eks")).toBe(
      "expected a KMS key ARN arn:<partition>:kms:<region>:<12-digit account>:key/<key id>; an alias ARN does not grant use of its key",
    );
  });

  test("fails when an assumed-role session ARN is given for a role, and suggests the role's ARN", () => {
    const session = "arn:aws:sts::123456789012:assumed-role/Admin/alice@example.com";
    const problem = "an assumed-role session ARN names a session, not an IAM principal: give the role's ARN, arn:aws:iam::123456789012:role/<path/>Admin";
    expect(ARN_RULES.iamPrincipal(session)).toBe(problem);
    expect(ARN_RULES.iamRole(session)).toBe(problem);
  });

  test("messages name the field, the value and the form", () => {
    expect(() => validateArn("kmsKeyArn", "key", "kmsKey")).toThrow(
      'kmsKeyArn "key" is invalid: expected a KMS key ARN arn:<partition>:kms:<region>:<12-digit account>:key/<key id>',
    );
    expect(() => validateArn("roleArn", "arn:aws:iam::123456789012:user/x", "iamRole")).toThrow(
      'roleArn "arn:aws:iam::123456789012:user/x" is invalid: expected an IAM role ARN arn:<partition>:iam::<12-digit account>:role/<path/><name>',
    );
    expect(() => validateArn("zone", "Z01", "hostedZone")).toThrow(
      'zone "Z01" is invalid: expected a Route 53 hosted zone ARN arn:<partition>:route53:::hostedzone/<zone id>',
    );
  });

  test("skips values only known at apply time", () => {
    const token = Token.asString({ "Fn::GetAtt": ["x", "arn"] } as never);
    expect(() => validateArn("roleArn", token, "iamRole")).not.toThrow();
    expect(() => validateArn("roleArn", `arn:${token}:iam::123456789012:role/x`, "iamRole")).not.toThrow();
    expect(() => validateArns("roleArns", [token, "arn:aws:iam::123456789012:role/x"], "iamRole")).not.toThrow();
  });

  test("the exact rules give their pattern (for the JSON Schema), and it agrees with the rule", () => {
    const samples = [
      ...Object.values(EXAMPLES),
      "arn:aws:kms:eu-west-1:123456789012:alias/eks",
      "arn:aws:sts::123456789012:assumed-role/Admin/s",
      "arn:aws:s3:::*",
      "arn:aws:sqs:*:*:q",
      "arn:aws-mars:iam::123456789012:role/app",
      "arn:aws:iam::123456789012:role/app:x",
      "",
    ];
    for (const [kind, rule] of Object.entries(ARN_RULES)) {
      expect(rule.pattern).toBeInstanceOf(RegExp);
      for (const sample of samples) expect([kind, sample, rule.pattern!.test(sample)]).toEqual([kind, sample, rule(sample) === undefined]);
    }
  });
});

describe("ARN pattern rules (policy resources)", () => {
  test("take IAM wildcards in the resource part, and * for the region and the account", () => {
    ok(ARN_PATTERN_RULES.s3Bucket, ["arn:aws:s3:::prod-*", "arn:aws:s3:::*", "arn:aws:s3:::prod-?"]);
    ok(ARN_PATTERN_RULES.secret, ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/*"]);
    ok(ARN_PATTERN_RULES.ssmParameter, ["arn:aws:ssm:*:*:parameter/prod/*"]);
    ok(ARN_PATTERN_RULES.iamRole, ["arn:aws:iam::123456789012:role/teams/*", "arn:aws:iam::*:role/app"]);
    ok(ARN_PATTERN_RULES.targetGroup, ["arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/*/*"]);
    for (const [kind, arn] of Object.entries(EXAMPLES)) ok(ARN_PATTERN_RULES[kind as ArnKind], [arn]);
  });

  test("fails when the parts that are not wildcards have the wrong form", () => {
    bad(ARN_PATTERN_RULES.s3Bucket, ["arn:aws:s3:::prod/*", "arn:*:s3:::prod", "arn:aws:s3:*:*:prod"]);
    bad(ARN_PATTERN_RULES.secret, ["arn:aws:secretsmanager:eu-*:123456789012:secret:x", "arn:aws:ssm:eu-west-1:123456789012:parameter/x"]);
    bad(ARN_PATTERN_RULES.hostedZone, ["arn:aws:route53:::*"]);
    expect(ARN_PATTERN_RULES.s3Bucket("prod")).toBe(
      "expected an S3 bucket ARN arn:<partition>:s3:::<bucket> (without a key part) ('*' and '?' match any characters)",
    );
  });

  test("the exact rules refuse wildcards", () => {
    bad(ARN_RULES.s3Bucket, ["arn:aws:s3:::prod-*"]);
    bad(ARN_RULES.iamRole, ["arn:aws:iam::*:role/app", "arn:aws:iam::123456789012:role/*"]);
  });
});

describe("validateArns", () => {
  const ZONE = EXAMPLES.hostedZone;

  test("checks every entry, with the entry's index in the field", () => {
    expect(() => validateArns("zones", [ZONE, "Z01"], "hostedZone")).toThrow('zones[1] "Z01" is invalid: expected a Route 53 hosted zone ARN');
    expect(() => validateArns("zones", [ZONE], "hostedZone")).not.toThrow();
    expect(() => validateArns("zones", undefined, "hostedZone")).not.toThrow();
    expect(() => validateArns("zones", [], "hostedZone")).not.toThrow();
  });

  test("fails when an ARN is listed twice", () => {
    expect(() => validateArns("zones", [ZONE, ZONE], "hostedZone")).toThrow(`zones[1] "${ZONE}" is invalid: it repeats entry [0]: list each value once`);
  });

  test("fails when a required list is missing or empty", () => {
    expect(() => validateArns("zones", undefined, "hostedZone", { required: true })).toThrow("zones is missing: give at least one: a Route 53 hosted zone ARN");
    expect(() => validateArns("zones", [], "hostedZone", { required: true })).toThrow("zones [] is invalid: give at least one: a Route 53 hosted zone ARN");
  });

  test("fails when a list that may be left out is empty, where asked to", () => {
    expect(() => validateArns("zones", [], "hostedZone", { refuseEmpty: "leave it out" })).toThrow("zones [] is invalid: leave it out");
    expect(() => validateArns("zones", undefined, "hostedZone", { refuseEmpty: "leave it out" })).not.toThrow();
  });

  test("takes wildcards only when asked to", () => {
    expect(() => validateArns("buckets", ["arn:aws:s3:::prod-*"], "s3Bucket", { wildcards: true })).not.toThrow();
    expect(() => validateArns("buckets", ["arn:aws:s3:::prod-*"], "s3Bucket")).toThrow('buckets[0] "arn:aws:s3:::prod-*" is invalid');
  });
});
