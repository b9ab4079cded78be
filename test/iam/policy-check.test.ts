import { validationErrorOf } from "../support/helpers";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { EXAMPLE_PLATFORM_CONFIG_FILE, PlatformConfigSource } from "../../modules/platform/config-file";
import { IAM_LIMITS, policyDocumentSize, TOKEN_SIZE_ESTIMATE } from "../../modules/iam/iam-limits";
import { checkPolicyStatements, checkRolePolicyQuotas, type PolicyCheckOptions } from "../../modules/iam/policy-check";
import type { PolicyStatement } from "../../modules/iam/policy-statement";

const EXAMPLE_CONFIG = PlatformConfigSource.read(EXAMPLE_PLATFORM_CONFIG_FILE).config;

/** Checks one statement under `policyStatements`. */
function check(statement: PolicyStatement, options?: PolicyCheckOptions) {
  return checkPolicyStatements("policyStatements", [statement], options);
}

const BUCKET_OBJECTS = "arn:aws:s3:::example-reports/*";

describe("checkPolicyStatements", () => {
  describe("actions", () => {
    test("accepts the example app's statements, without warnings", () => {
      for (const env of EXAMPLE_CONFIG.environments) {
        for (const [w, workload] of env.workloads.entries()) {
          if (workload.policyStatements) expect(checkPolicyStatements(`workloads[${w}].policyStatements`, workload.policyStatements)).toEqual([]);
          for (const [name, statements] of Object.entries(workload.inlinePolicies ?? {})) {
            expect(checkPolicyStatements(`workloads[${w}].inlinePolicies.${name}`, statements)).toEqual([]);
          }
        }
      }
    });

    test("compares action names and service prefixes ignoring case, as IAM does", () => {
      for (const action of ["s3:GetObject", "S3:getobject", "s3:GETOBJECT"]) {
        expect(check({ actions: [action], resources: [BUCKET_OBJECTS] })).toEqual([]);
      }
    });

    test("accepts wildcard patterns that match actions", () => {
      expect(check({ actions: ["s3:Get*", "s3:?etObject", "s3:*Object"], resources: [BUCKET_OBJECTS] })).toEqual([]);
      expect(check({ actions: ["ec2:Describe*", "ec2:describe*"], resources: ["*"] })).toEqual([]);
      expect(check({ actions: ["*:Describe*"], resources: ["arn:aws:ec2:eu-west-1:123456789012:instance/*"], effect: "Deny" })).toEqual([]);
    });

    test("fails when an action names no action of its service, suggesting the nearest", () => {
      const error = validationErrorOf(() => check({ actions: ["s3:GetObject", "s3:GetObjekt"], resources: [BUCKET_OBJECTS] }));
      expect(error.field).toBe("policyStatements[0].actions[1]");
      expect(error.message).toMatch(
        /^policyStatements\[0\]\.actions\[1\] "s3:GetObjekt" is invalid: s3 has no action GetObjekt; did you mean s3:GetObject\? \(per AWS's Service Authorization Reference of \d{4}-\d\d-\d\d, @cloud-copilot\/iam-data [\d.]+\)$/,
      );
    });

    test("fails when a misspelled action has several nearest names, listing them", () => {
      expect(() => check({ actions: ["sqs:SendMesage"], resources: ["*"] })).toThrow("did you mean sqs:SendMessage?");
      expect(() => check({ actions: ["iam:PasRole"], resources: ["*"] })).toThrow("did you mean iam:PassRole?");
    });

    test("fails when an action is far from every name, without a suggestion", () => {
      const error = validationErrorOf(() => check({ actions: ["s3:Frobnicate"], resources: ["*"] }));
      expect(error.problem).toMatch(/^"s3:Frobnicate" is invalid: s3 has no action Frobnicate \(per /);
    });

    test("fails when the service prefix is unknown, suggesting the nearest", () => {
      const error = validationErrorOf(() => check({ actions: ["s4:GetObject"], resources: ["*"] }));
      expect(error.field).toBe("policyStatements[0].actions[0]");
      expect(error.problem).toBe('"s4:GetObject" is invalid: no AWS service has the prefix s4; did you mean s3:GetObject?');
    });

    test("fails when a wildcard pattern matches no action, suggesting the nearest beginning", () => {
      const error = validationErrorOf(() => check({ actions: ["s3:Gett*"], resources: ["*"] }));
      expect(error.field).toBe("policyStatements[0].actions[0]");
      expect(error.problem).toMatch(/^"s3:Gett\*" is invalid: the pattern matches no s3 action; did you mean s3:Get\*/);
      expect(() => check({ actions: ["ec2:Describe*Frobnicate"], resources: ["*"] })).toThrow("the pattern matches no ec2 action");
    });

    test("fails when a pattern with a wildcard service matches no action of any service", () => {
      expect(() => check({ actions: ["*:Frobnicate*"], resources: ["*"] })).toThrow(
        /"\*:Frobnicate\*" is invalid: the pattern matches no action of any service/,
      );
    });

    test("fails when an action is not service:action", () => {
      for (const action of ["s3GetObject", "s3:", ":GetObject", "s3:Get:Object", "s3: GetObject"]) {
        const error = validationErrorOf(() => check({ actions: [action], resources: ["*"] }));
        expect(error.field).toBe("policyStatements[0].actions[0]");
        expect(error.problem).toContain('an action is "<service>:<action>"');
      }
    });

    test("fails when the actions are empty or an action is an empty string", () => {
      expect(() => check({ actions: [], resources: ["*"] })).toThrow("policyStatements[0].actions [] is invalid: a statement needs at least one action");
      expect(() => check({ actions: ["s3:GetObject", ""], resources: ["*"] })).toThrow('policyStatements[0].actions[1] "" is invalid');
    });

    test("takes actions listed in extraActions as real", () => {
      expect(() => check({ actions: ["s3:BrandNewAction"], resources: ["*"] })).toThrow("s3 has no action BrandNewAction");
      expect(() => check({ actions: ["s3:BrandNewAction"], resources: [BUCKET_OBJECTS] }, { extraActions: ["s3:BrandNewAction"] })).not.toThrow();
    });

    test("fails when extraActions names an unknown service or holds a wildcard", () => {
      expect(() => check({ actions: ["s3:GetObject"], resources: ["*"] }, { extraActions: ["s4:New"] })).toThrow('extraActions[0] "s4:New" is invalid');
      expect(() => check({ actions: ["s3:GetObject"], resources: ["*"] }, { extraActions: ["s3:New*"] })).toThrow('extraActions[0] "s3:New*" is invalid');
    });
  });

  describe("resources", () => {
    test("accepts * and ARNs that fit a resource type of the actions' services, with wildcards", () => {
      const fits: [string[], string][] = [
        [["s3:GetObject"], "arn:aws:s3:::example-reports/*"],
        [["s3:ListBucket"], "arn:aws:s3:::example-*"],
        [["s3:GetObject"], "arn:aws:s3:::*"],
        [["sqs:SendMessage"], "arn:aws:sqs:*:*:example-dev-orders"],
        [["sqs:SendMessage"], "arn:aws:sqs:eu-west-1:123456789012:orders"],
        [["iam:PassRole"], "arn:aws-cn:iam::123456789012:role/path/name"],
        [["iam:GetPolicy"], "arn:aws:iam::aws:policy/ReadOnlyAccess"],
        [["iam:PassRole"], "arn:*:iam::*:role/*"],
        [["secretsmanager:GetSecretValue"], "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-*"],
        // A trailing * may stand for the parts that follow, colons included.
        [["sqs:SendMessage"], "arn:aws:sqs:*"],
        // Other services' resource types that the actions take: sts assumes iam roles, ssm commands run on ec2 instances.
        [["sts:AssumeRole"], "arn:aws:iam::123456789012:role/x"],
        [["ssm:SendCommand"], "arn:aws:ec2:eu-west-1:123456789012:instance/*"],
        [["*"], "arn:aws:anything:eu-west-1:123456789012:thing"],
        [["*:Get*"], "arn:aws:s3:::bucket"],
      ];
      for (const [actions, resource] of fits) {
        expect(() => checkPolicyStatements("p", [{ actions, resources: [resource], effect: "Deny" }])).not.toThrow();
      }
    });

    test("accepts each resource of a statement mixing services when it fits one of them", () => {
      expect(
        check({
          actions: ["s3:GetObject", "kms:Decrypt"],
          resources: [BUCKET_OBJECTS, "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"],
        }),
      ).toEqual([]);
    });

    test("fails when the resources are empty or a resource is an empty string", () => {
      expect(() => check({ actions: ["s3:GetObject"], resources: [] })).toThrow(
        'policyStatements[0].resources [] is invalid: a statement needs at least one resource ARN (or "*")',
      );
      expect(() => check({ actions: ["s3:GetObject"], resources: [""] })).toThrow(
        'policyStatements[0].resources[0] "" is invalid: an empty string names nothing',
      );
    });

    test("fails when a resource is neither * nor an ARN", () => {
      const error = validationErrorOf(() => check({ actions: ["s3:GetObject"], resources: [BUCKET_OBJECTS, "example-reports/*"] }));
      expect(error.field).toBe("policyStatements[0].resources[1]");
      expect(error.problem).toBe('"example-reports/*" is invalid: a resource is "*" or an ARN, arn:<partition>:<service>:<region>:<account>:<resource>');
    });

    test("fails when an ARN has fewer than six parts and does not end in *", () => {
      expect(() => check({ actions: ["s3:GetObject"], resources: ["arn:aws:s3:example-reports"] })).toThrow(
        "an ARN has six parts separated by colons, arn:<partition>:<service>:<region>:<account>:<resource>; this one has 4",
      );
    });

    test("fails when the partition is unknown", () => {
      expect(() => check({ actions: ["s3:GetObject"], resources: ["arn:amazon:s3:::b/*"] })).toThrow(
        'the partition "amazon" is not one of aws, aws-cn, aws-us-gov',
      );
    });

    test("fails when the ARN's service is not one the actions take", () => {
      const error = validationErrorOf(() => check({ actions: ["s3:GetObject"], resources: ["arn:aws:sqs:eu-west-1:123456789012:orders"] }));
      expect(error.problem).toBe(
        '"arn:aws:sqs:eu-west-1:123456789012:orders" is invalid: the statement\'s actions (s3:GetObject) take ARNs of s3, s3-object-lambda, not of "sqs"',
      );
    });

    test("fails when a global resource's ARN has a region or account", () => {
      expect(() => check({ actions: ["s3:GetObject"], resources: ["arn:aws:s3:eu-west-1::b/*"] })).toThrow(
        /its region part "eu-west-1" fits no ARN format of the statement's resource types, such as arn:\$\{Partition\}:s3:::\$\{BucketName\}/,
      );
      expect(() => check({ actions: ["s3:GetObject"], resources: ["arn:aws:s3::123456789012:b/*"] })).toThrow(
        'its account part "123456789012" fits no ARN format',
      );
    });

    test("fails when a regional resource's ARN has no region", () => {
      expect(() => check({ actions: ["sqs:SendMessage"], resources: ["arn:aws:sqs:::orders"] })).toThrow('its region part "" fits no ARN format');
    });

    test("accepts ARNs without an account, as those of resources AWS owns are", () => {
      // Karpenter's controller policy reads public SSM parameters and launches public AMIs.
      expect(check({ actions: ["ssm:GetParameter"], resources: ["arn:aws:ssm:eu-west-1::parameter/aws/service/*"] })).toEqual([]);
      expect(
        check({
          actions: ["ec2:RunInstances"],
          resources: ["arn:aws:ec2:eu-west-1::image/*", "arn:aws:ec2:eu-west-1::snapshot/*", "arn:aws:ec2:eu-west-1:*:subnet/*"],
        }),
      ).toEqual([]);
    });

    test("fails when the region or the account is malformed", () => {
      expect(() => check({ actions: ["sqs:SendMessage"], resources: ["arn:aws:sqs:eu-west1:123456789012:orders"] })).toThrow(
        'the region "eu-west1" is not a region name (such as eu-west-1)',
      );
      expect(() => check({ actions: ["iam:PassRole"], resources: ["arn:aws:iam::12345678901:role/x"] })).toThrow(
        'the account "12345678901" is not a 12-digit account ID (or aws)',
      );
    });

    test("takes the regions of every partition, by the shared region rule", () => {
      expect(check({ actions: ["sqs:SendMessage"], resources: ["arn:aws-iso-b:sqs:us-isob-east-1:123456789012:orders"] })).toEqual([]);
      expect(check({ actions: ["sqs:SendMessage"], resources: ["arn:aws-eusc:sqs:eusc-de-east-1:123456789012:orders"] })).toEqual([]);
    });

    test("fails when the resource part fits no resource type, naming the actions' own types first", () => {
      const error = validationErrorOf(() => check({ actions: ["iam:PassRole"], resources: ["arn:aws:iam::123456789012:rol/x"] }));
      expect(error.problem).toMatch(
        /its resource part "rol\/x" fits no ARN format of the statement's resource types, such as arn:\$\{Partition\}:iam::\$\{Account\}:role\/\$\{RoleNameWithPath\}, /,
      );
    });

    test("fails when the actions' services have no resource types", () => {
      expect(() => check({ actions: ["pricing:GetProducts"], resources: ["arn:aws:pricing:eu-west-1:123456789012:x"] })).toThrow(
        'the statement\'s actions (pricing:GetProducts) take no resource ARNs: use "*"',
      );
    });

    test("skips values only known at apply time, and checks the rest of an ARN around them", () => {
      const app = new App({ outdir: mkdtempSync(join(tmpdir(), "policy-check-")) });
      try {
        const stack = new TerraformStack(app, "s");
        const bucketArn = new TerraformVariable(stack, "bucket_arn", {}).stringValue;
        const bucket = new TerraformVariable(stack, "bucket", {}).stringValue;
        const partition = new TerraformVariable(stack, "partition", {}).stringValue;
        const actions = new TerraformVariable(stack, "actions", {}).listValue;
        expect(check({ actions: ["s3:GetObject"], resources: [bucketArn, `${bucketArn}/*`, `arn:${partition}:s3:::${bucket}/*`] })).toEqual([]);
        expect(check({ actions, resources: ["arn:aws:anything:eu-west-1:123456789012:x"] })).toEqual([]);
        expect(() => check({ actions: ["s3:GetObject"], resources: [`arn:${partition}:sqs:::${bucket}/*`] })).toThrow('not of "sqs"');
        // Terraform interpolations and IAM policy variables alike.
        expect(check({ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::${var.bucket}/home/&{aws:username}/*"] })).toEqual([]);
      } finally {
        rmSync(app.outdir, { recursive: true, force: true });
      }
    });
  });

  describe("conditions", () => {
    const statement = (conditions: PolicyStatement["conditions"]): PolicyStatement => ({
      actions: ["s3:ListBucket"],
      resources: ["arn:aws:s3:::b"],
      conditions,
    });

    test("accepts IAM's operators with ForAllValues:/ForAnyValue: and IfExists, and empty-string values", () => {
      for (const test of ["StringEquals", "StringLikeIfExists", "ForAllValues:StringLike", "ForAnyValue:StringEqualsIgnoreCaseIfExists", "StringNotEquals"]) {
        expect(() => check(statement([{ test, variable: "s3:prefix", values: ["", "home/"] }]))).not.toThrow();
      }
      expect(() => check(statement([{ test: "NumericLessThanEquals", variable: "s3:max-keys", values: ["100", "2.5"] }]))).not.toThrow();
      expect(() => check(statement([{ test: "DateGreaterThan", variable: "aws:CurrentTime", values: ["2026-01-01T00:00:00Z"] }]))).not.toThrow();
      expect(() => check(statement([{ test: "ArnNotLikeIfExists", variable: "aws:SourceArn", values: ["arn:aws:sns:*:*:x"] }]))).not.toThrow();
      expect(() => check(statement([{ test: "Null", variable: "aws:ResourceTag/team", values: ["false"] }]))).not.toThrow();
      expect(() => check(statement([{ test: "IpAddress", variable: "aws:SourceIp", values: ["203.0.113.0/24"] }]))).not.toThrow();
    });

    test("fails when an operator is not IAM's, suggesting the nearest", () => {
      const error = validationErrorOf(() => check(statement([{ test: "stringequals", variable: "s3:prefix", values: ["a"] }])));
      expect(error.field).toBe("policyStatements[0].conditions[0].test");
      expect(error.problem).toMatch(/^"stringequals" is invalid: did you mean StringEquals\? IAM's condition operators are /);
      expect(() => check(statement([{ test: "StringEqual", variable: "s3:prefix", values: ["a"] }]))).toThrow("did you mean StringEquals?");
      expect(() => check(statement([{ test: "ForEveryValue:StringLike", variable: "s3:prefix", values: ["a"] }]))).toThrow(
        '"ForEveryValue:StringLike" is invalid',
      );
    });

    test("fails when Null takes IfExists", () => {
      expect(() => check(statement([{ test: "NullIfExists", variable: "aws:ResourceTag/team", values: ["true"] }]))).toThrow(
        'conditions[0].test "NullIfExists" is invalid',
      );
    });

    test("fails when the values are empty", () => {
      expect(() => check(statement([{ test: "StringEquals", variable: "s3:prefix", values: [] }]))).toThrow(
        "policyStatements[0].conditions[0].values [] is invalid: a condition compares the key with at least one value",
      );
    });

    test("fails when the key is empty or not <prefix>:<name>", () => {
      expect(() => check(statement([{ test: "StringEquals", variable: "", values: ["a"] }]))).toThrow('conditions[0].variable "" is invalid');
      expect(() => check(statement([{ test: "StringEquals", variable: "prefix", values: ["a"] }]))).toThrow('conditions[0].variable "prefix" is invalid');
    });

    test("fails when a Bool or Null value is not true/false, or a Numeric value not a number", () => {
      expect(() => check(statement([{ test: "Bool", variable: "aws:SecureTransport", values: ["yes"] }]))).toThrow(
        'conditions[0].values[0] "yes" is invalid: Bool compares with "true" or "false"',
      );
      expect(() => check(statement([{ test: "Null", variable: "aws:ResourceTag/team", values: ["TRUE"] }]))).toThrow('"TRUE" is invalid');
      expect(() => check(statement([{ test: "NumericLessThan", variable: "s3:max-keys", values: ["ten"] }]))).toThrow(
        '"ten" is invalid: NumericLessThan compares with a number',
      );
    });
  });

  describe("statements", () => {
    test("fails when the list of statements is empty", () => {
      expect(() => checkPolicyStatements("policyStatements", [])).toThrow("policyStatements [] is invalid: a policy has at least one statement");
    });

    test("fails when effect is not Allow or Deny", () => {
      expect(() => check({ effect: "allow" as "Allow", actions: ["s3:GetObject"], resources: ["*"] })).toThrow('policyStatements[0].effect "allow" is invalid');
    });

    test("fails when a sid is empty or holds other than ASCII letters and digits", () => {
      expect(() => check({ sid: "", actions: ["s3:GetObject"], resources: ["*"] })).toThrow('policyStatements[0].sid "" is invalid');
      expect(() => check({ sid: "read-objects", actions: ["s3:GetObject"], resources: ["*"] })).toThrow('policyStatements[0].sid "read-objects" is invalid');
      expect(() => check({ sid: "ReadObjects1", actions: ["s3:GetObject"], resources: ["*"] })).not.toThrow();
    });

    test("fails when two statements have the same sid", () => {
      const s: PolicyStatement = { sid: "Read", actions: ["s3:GetObject"], resources: [BUCKET_OBJECTS] };
      expect(() => checkPolicyStatements("policyStatements", [s, { ...s, sid: "Other" }, s])).toThrow(
        'policyStatements[2].sid "Read" is invalid: statement [0] has the same ID',
      );
    });

    test("fails when broadWriteReason is empty", () => {
      expect(() => check({ actions: ["s3:*"], resources: ["*"], broadWriteReason: " " })).toThrow('policyStatements[0].broadWriteReason " " is invalid');
    });
  });

  describe("warnings", () => {
    test("warns when an action's resource types match none of the statement's resources: s3:GetObject on a bucket ARN grants nothing", () => {
      const warnings = check({ actions: ["s3:GetObject", "s3:ListBucket"], resources: ["arn:aws:s3:::example-reports"] });
      expect(warnings).toEqual([
        {
          field: "policyStatements[0].actions[0]",
          message:
            '"s3:GetObject" acts on accesspointobject, object resources (arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}, arn:${Partition}:s3:::${BucketName}/${ObjectName}), and none of the statement\'s resources is one, ' +
            "so the statement grants it nothing: add such a resource, or give the action a statement of its own",
        },
      ]);
      // An object ARN, "*", a pattern or a value only known at apply time may be one.
      expect(check({ actions: ["s3:GetObject", "s3:ListBucket"], resources: ["arn:aws:s3:::example-reports", "arn:aws:s3:::example-reports/*"] })).toEqual([]);
      expect(check({ actions: ["s3:GetObject"], resources: ["*"] })).toEqual([]);
      expect(check({ actions: ["s3:Get*"], resources: ["arn:aws:s3:::example-reports"] })).toEqual([]);
    });

    test("warns when a service-wide wildcard grants write actions", () => {
      const warnings = check({ actions: ["s3:GetObject", "s3:*"], resources: ["arn:aws:s3:::example-reports", BUCKET_OBJECTS] });
      expect(warnings).toHaveLength(1);
      expect(warnings[0].field).toBe("policyStatements[0].actions[1]");
      expect(warnings[0].message).toMatch(
        /^"s3:\*" grants all \d+ actions of s3, \d+ of them write actions \(such as s3:\w+, s3:\w+, s3:\w+\): list the actions needed, or, if intended, say why in the statement's broadWriteReason$/,
      );
    });

    test("warns when a wildcard service part grants every action of several services", () => {
      const [warning] = check({ actions: ["s3*:*"], resources: ["*"] });
      expect(warning.field).toBe("policyStatements[0].actions[0]");
      expect(warning.message).toMatch(/^"s3\*:\*" grants all \d+ actions of s3, s3-object-lambda, .*s3express.*, \d+ of them write actions/);
    });

    test("warns when * grants every action", () => {
      expect(check({ actions: ["*:*"], resources: ["*"] })).toHaveLength(1);
      expect(check({ actions: ["*"], resources: ["*"] })).toEqual([
        {
          field: "policyStatements[0].actions[0]",
          message:
            '"*" grants every action of every AWS service, write and permissions management included: list the actions needed, or, if intended, say why in the statement\'s broadWriteReason',
        },
      ]);
    });

    test("does not warn about a service-wide wildcard of a service without write actions", () => {
      expect(check({ actions: ["pricing:*"], resources: ["*"] })).toEqual([]);
    });

    test("warns when write actions that support resource ARNs are granted on *", () => {
      const warnings = check({ actions: ["s3:GetObject", "s3:PutObject", "iam:PutRolePolicy", "ec2:DescribeInstances"], resources: ["*"] });
      expect(warnings).toEqual([
        {
          field: "policyStatements[0].resources[0]",
          message:
            '"*" grants write actions on every resource although they can be limited to resource ARNs: iam:PutRolePolicy, s3:PutObject; ' +
            "name the resources' ARNs, scope them with an aws:ResourceTag/ or aws:RequestTag/ condition, or, if intended, say why in the statement's broadWriteReason",
        },
      ]);
    });

    test("lists at most five actions, then how many more", () => {
      const [warning] = check({ actions: ["s3:Put*"], resources: ["*"] });
      expect(warning.message).toMatch(
        /^"\*" grants write actions on every resource although they can be limited to resource ARNs: (s3:Put\w+, ){4}s3:Put\w+ and \d+ more; /,
      );
    });

    test("does not warn about reads on *, nor writes that only take *", () => {
      expect(check({ actions: ["s3:ListAllMyBuckets", "s3:GetObject", "ec2:Describe*"], resources: ["*"] })).toEqual([]);
      expect(check({ actions: ["iam:CreateAccountAlias"], resources: ["*"] })).toEqual([]);
    });

    test("does not warn about writes on * narrowed by a tag condition, but still about service-wide wildcards", () => {
      const tagged = (variable: string): PolicyStatement["conditions"] => [{ test: "StringEquals", variable, values: ["my-cluster"] }];
      expect(check({ actions: ["ec2:CreateTags"], resources: ["*"], conditions: tagged("aws:RequestTag/eks:cluster-name") })).toEqual([]);
      expect(check({ actions: ["ec2:TerminateInstances"], resources: ["*"], conditions: tagged("aws:ResourceTag/karpenter.sh/nodepool") })).toEqual([]);
      expect(check({ actions: ["ec2:TerminateInstances"], resources: ["*"], conditions: tagged("ec2:ResourceTag/team") })).toEqual([]);
      expect(check({ actions: ["elasticloadbalancing:CreateLoadBalancer"], resources: ["*"], conditions: tagged("aws:TagKeys") })).toEqual([]);
      expect(check({ actions: ["ec2:TerminateInstances"], resources: ["*"], conditions: tagged("aws:SourceVpc") })).toHaveLength(1);
      expect(check({ actions: ["ec2:*"], resources: ["*"], conditions: tagged("aws:ResourceTag/team") })).toHaveLength(1);
    });

    test("does not warn about writes on * of a service narrowed by a condition on that service's own key", () => {
      const narrowed = check({
        actions: ["iam:CreateServiceLinkedRole", "sqs:DeleteQueue"],
        resources: ["*"],
        conditions: [{ test: "StringEquals", variable: "iam:AWSServiceName", values: ["elasticloadbalancing.amazonaws.com"] }],
      });
      expect(narrowed).toEqual([{ field: "policyStatements[0].resources[0]", message: expect.stringContaining("limited to resource ARNs: sqs:DeleteQueue;") }]);
    });

    test("never warns about Deny statements", () => {
      expect(check({ effect: "Deny", actions: ["*"], resources: ["*"] })).toEqual([]);
      expect(check({ effect: "Deny", actions: ["s3:DeleteBucket"], resources: ["*"] })).toEqual([]);
    });

    test("does not warn about a statement that says why its broad write grant is intended", () => {
      expect(
        check({
          actions: ["ec2:AuthorizeSecurityGroupIngress", "elasticloadbalancing:*"],
          resources: ["*"],
          broadWriteReason: "the controller manages load balancers and security group rules it only finds at run time (upstream policy)",
        }),
      ).toEqual([]);
    });

    test("adds the warnings to the scope's annotations, which cdktf synth shows", () => {
      const outdir = mkdtempSync(join(tmpdir(), "policy-check-"));
      try {
        const app = new App({ outdir, context: { "@cdktf/disable_stack_trace_in_metadata": true } });
        const stack = new TerraformStack(app, "workloads");
        const role = new Construct(stack, "orders-role");
        checkPolicyStatements(
          "policyStatements",
          [
            { actions: ["s3:*"], resources: ["*"] },
            { actions: ["sqs:DeleteQueue"], resources: ["*"] },
          ],
          { scope: role },
        );
        app.synth();
        const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
        const annotations = manifest.stacks.workloads.annotations;
        expect(annotations.map((a: any) => [a.constructPath, a.level, a.message.replace(/ \(such as .*/, "").replace(/: sqs.*/, "")])).toEqual([
          [
            "workloads/orders-role",
            "@cdktf/warn",
            expect.stringMatching(/^policyStatements\[0\]\.actions\[0\] "s3:\*" grants all \d+ actions of s3, \d+ of them write actions$/),
          ],
          [
            "workloads/orders-role",
            "@cdktf/warn",
            'policyStatements[1].resources[0] "*" grants write actions on every resource although they can be limited to resource ARNs',
          ],
        ]);
      } finally {
        rmSync(outdir, { recursive: true, force: true });
      }
    });
  });

  describe("the catalogue", () => {
    test("reads only the services the statements name, each once", () => {
      jest.isolateModules(() => {
        // A fresh module registry, so a fresh shared catalogue.
        const { checkPolicyStatements: checkFresh } = require("../../modules/iam/policy-check") as typeof import("../../modules/iam/policy-check");
        const { IamCatalogue } = require("../../modules/iam/private/iam-catalogue") as typeof import("../../modules/iam/private/iam-catalogue");
        expect(IamCatalogue.shared().filesRead).toEqual([]);
        checkFresh("a", [{ actions: ["s3:GetObject", "S3:PutObject"], resources: [BUCKET_OBJECTS] }]);
        checkFresh("b", [
          { actions: ["sqs:SendMessage"], resources: ["arn:aws:sqs:*:*:orders"] },
          { actions: ["s3:ListBucket"], resources: ["arn:aws:s3:::b"] },
        ]);
        expect(IamCatalogue.shared().filesRead).toEqual([
          "services.json",
          "actions/s3.json",
          "resourceTypes/s3.json",
          "actions/sqs.json",
          "resourceTypes/sqs.json",
        ]);
        expect(IamCatalogue.shared().loadedServices()).toEqual(["s3", "sqs"]);
      });
    });
  });
});

describe("checkRolePolicyQuotas", () => {
  /** A statement whose document is exactly `size` characters as IAM counts them. */
  function statementsOfSize(size: number): PolicyStatement[] {
    const base = policyDocumentSize([{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/"] }]).known;
    return [{ actions: ["s3:GetObject"], resources: [`arn:aws:s3:::b/${"k".repeat(size - base)}`] }];
  }

  test("accepts 10 managed policies by default, and up to maxManagedPolicies", () => {
    expect(checkRolePolicyQuotas({ attachedPolicies: 10 })).toEqual([]);
    expect(checkRolePolicyQuotas({ attachedPolicies: 20 }, { maxManagedPolicies: 20 })).toEqual([]);
  });

  test("fails when more managed policies are attached than the quota allows", () => {
    const error = validationErrorOf(() => checkRolePolicyQuotas({ attachedPolicies: 11 }));
    expect(error.field).toBe("managedPolicyArns");
    expect(error.problem).toMatch(
      /^attach 11 managed policies to one role \(the policy made from statements included\), over the 10 allowed: IAM's quota "Managed policies per role" is 10 by default/,
    );
    expect(() => checkRolePolicyQuotas({ attachedPolicies: 16 }, { maxManagedPolicies: 15 })).toThrow("over the 15 allowed");
  });

  test("fails when maxManagedPolicies is not a whole number from 1 to 25 (IAM's maximum)", () => {
    for (const max of [0, 26, 12.5]) {
      expect(() => checkRolePolicyQuotas({ attachedPolicies: 1 }, { maxManagedPolicies: max })).toThrow(`maxManagedPolicies ${max} is invalid`);
    }
  });

  test("accepts a managed policy of exactly 6,144 characters", () => {
    const statements = statementsOfSize(IAM_LIMITS.managedPolicySize);
    expect(policyDocumentSize(statements).known).toBe(6144);
    expect(checkRolePolicyQuotas({ attachedPolicies: 1, managedPolicies: { policyStatements: statements } })).toEqual([]);
  });

  test("fails when a managed policy is longer than 6,144 characters", () => {
    const error = validationErrorOf(() => checkRolePolicyQuotas({ attachedPolicies: 1, managedPolicies: { policyStatements: statementsOfSize(6145) } }));
    expect(error.field).toBe("policyStatements");
    expect(error.problem).toBe("is 6145 characters, over the 6144 IAM allows for a managed policy document: split the statements over several policies");
  });

  test("fails when the inline policies together are longer than 10,240 characters, naming each one's size", () => {
    const inlinePolicies = { a: statementsOfSize(5000), b: statementsOfSize(5241) };
    expect(() => checkRolePolicyQuotas({ attachedPolicies: 0, inlinePolicies: { a: inlinePolicies.a, b: statementsOfSize(5240) } })).not.toThrow();
    const error = validationErrorOf(() => checkRolePolicyQuotas({ attachedPolicies: 0, inlinePolicies }));
    expect(error.field).toBe("inlinePolicies");
    expect(error.problem).toBe(
      "is 10241 characters, over the 10240 IAM allows for a role's inline policies together (a: 5000, b: 5241): " +
        "move statements to a managed policy (policyStatements), which has its own 6,144 characters",
    );
  });

  test("warns when a policy is over a limit only by the estimate of values known at apply time, and fails when over without them", () => {
    const outdir = mkdtempSync(join(tmpdir(), "policy-quota-"));
    try {
      const app = new App({ outdir });
      const stack = new TerraformStack(app, "s");
      const arn = new TerraformVariable(stack, "arn", {}).stringValue;
      const known = statementsOfSize(6100);
      const statements: PolicyStatement[] = [{ ...known[0], resources: [...known[0].resources, arn] }];
      const size = policyDocumentSize(statements);
      expect(size.tokens).toBe(1);
      expect(size.estimate).toBe(size.known + TOKEN_SIZE_ESTIMATE);
      const role = new Construct(stack, "role");
      const warnings = checkRolePolicyQuotas({ attachedPolicies: 1, managedPolicies: { policyStatements: statements } }, { scope: role });
      expect(warnings).toEqual([
        {
          field: "policyStatements",
          message: `is about ${size.estimate} characters (1 values known only at apply time counted as 80 each), over the 6144 IAM allows for a managed policy document: the apply may fail; split the statements over several policies`,
        },
      ]);
      expect(role.node.metadata.map((m) => [m.type, m.data])).toEqual([["@cdktf/warn", `policyStatements ${warnings[0].message}`]]);
      const over = statementsOfSize(6200);
      const overStatements: PolicyStatement[] = [{ ...over[0], resources: [...over[0].resources, arn] }];
      expect(() => checkRolePolicyQuotas({ attachedPolicies: 1, managedPolicies: { p: overStatements } })).toThrow(
        `p is ${policyDocumentSize(overStatements).known} characters, without the 1 values known only at apply time, over the 6144`,
      );
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
