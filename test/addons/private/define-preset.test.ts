import { z } from "zod";
import { ValidationError } from "../../../modules/core/errors";
import { definePreset } from "../../../modules/addons/private/define-preset";

interface Inputs {
  readonly bucketArns: readonly string[];
  readonly keyArns?: readonly string[];
  readonly queueArn?: string;
  readonly readOnly?: boolean;
}

const CTX = { partition: "aws", region: "eu-west-1", accountId: "111122223333", clusterName: "prod" };
const BUCKET = "arn:aws:s3:::prod-data";

const preset = definePreset<Inputs>({
  id: "example",
  title: "Example",
  upstream: { project: "example/example", version: "v1", source: "https://example.com/policy" },
  serviceAccount: { namespace: "kube-system", name: "example" },
  managedAddon: "example-addon",
  schema: z.strictObject({
    bucketArns: z.array(z.string()).readonly(),
    keyArns: z.array(z.string()).readonly().optional(),
    queueArn: z.string().optional(),
    readOnly: z.boolean().optional(),
  }),
  arnInputs: {
    bucketArns: { kind: "s3Bucket", required: true, scope: "any", upstream: "every bucket" },
    keyArns: { kind: "kmsKey", scope: "exact", upstream: "the one key" },
    queueArn: { kind: "sqsQueue", scope: "namePrefix", upstream: "queues by a name prefix" },
  },
  check(inputs) {
    if (inputs.readOnly === false && inputs.keyArns === undefined) throw new ValidationError("readOnly", "is false without keyArns");
  },
  statements: (inputs, ctx) => [
    { sid: "Read", actions: ["s3:GetObject"], resources: inputs.bucketArns.map((b) => `${b}/*`).concat(`arn:${ctx.partition}:s3:::x/*`) },
  ],
});

describe("definePreset", () => {
  test("keeps the preset's facts, binds the managed add-on to its service account, and declares no unscoped write by default", () => {
    expect(preset.id).toBe("example");
    expect(preset.managedAddon).toEqual({ name: "example-addon", serviceAccount: { namespace: "kube-system", name: "example" } });
    expect(preset.unscopedWriteActions).toEqual([]);
    expect(Object.keys(preset)).not.toContain("arnInputs");
    expect(Object.keys(preset)).not.toContain("check");
  });

  test("builds the statements of valid inputs", () => {
    expect(preset.statements({ bucketArns: [BUCKET] }, CTX)).toEqual([
      { sid: "Read", actions: ["s3:GetObject"], resources: [`${BUCKET}/*`, "arn:aws:s3:::x/*"] },
    ]);
  });

  test("fails when the outline is broken, before any other check", () => {
    expect(() => preset.validate({ bucketArns: [BUCKET], extra: 1 } as never)).toThrow('has unknown key "extra"');
  });

  test("fails when an ARN input is missing, empty, of another kind or repeated, in statements too", () => {
    expect(() => preset.statements({ bucketArns: [] }, CTX)).toThrow("bucketArns [] is invalid: give at least one: an S3 bucket ARN");
    expect(() => preset.statements({ bucketArns: ["prod-data"] }, CTX)).toThrow('bucketArns[0] "prod-data" is invalid: expected an S3 bucket ARN');
    expect(() => preset.validate({ bucketArns: [BUCKET, BUCKET] })).toThrow(`bucketArns[1] "${BUCKET}" is invalid: it repeats entry [0]`);
    expect(() => preset.validate({ bucketArns: [BUCKET], keyArns: [] })).toThrow(
      "keyArns [] is invalid: an empty list grants nothing: leave the field out instead",
    );
  });

  test("fails when a single ARN input has another form, at the input's own field", () => {
    expect(() => preset.validate({ bucketArns: [BUCKET], queueArn: "https://sqs.eu-west-1.amazonaws.com/111122223333/q" })).toThrow(
      /^queueArn "https:\/\/sqs\.eu-west-1\.amazonaws\.com\/111122223333\/q" is invalid: expected an SQS queue ARN/,
    );
    expect(() => preset.validate({ bucketArns: [BUCKET], queueArn: "arn:aws:sqs:eu-west-1:111122223333:q" })).not.toThrow();
  });

  test("takes IAM wildcards in ARN inputs, which are policy resources", () => {
    expect(() => preset.validate({ bucketArns: ["arn:aws:s3:::prod-*"] })).not.toThrow();
  });

  test("fails when a wildcard makes an input wider than upstream's scope, unless acknowledgeWideningWildcards accepts it", () => {
    const KEY = "arn:aws:kms:eu-west-1:111122223333:key/*";
    expect(() => preset.validate({ bucketArns: [BUCKET], keyArns: [KEY] })).toThrow(
      `keyArns[0] "${KEY}" is invalid: the wildcard makes the preset wider than upstream's policy, which names the one key: ` +
        "name the resources, or set acknowledgeWideningWildcards true to accept it (the access review then lists it as wider than upstream)",
    );
    expect(() => preset.validate({ bucketArns: [BUCKET], queueArn: "arn:aws:sqs:*:111122223333:jobs-*" })).toThrow(/^queueArn "arn:aws:sqs:\*:/);
    expect(() => preset.validate({ bucketArns: [BUCKET], queueArn: "arn:aws:sqs:eu-west-1:111122223333:*-jobs" })).toThrow(/^queueArn /);
    expect(() => preset.validate({ bucketArns: [BUCKET], queueArn: "arn:aws:sqs:eu-west-1:111122223333:jobs-*" })).not.toThrow();
    const acknowledged = { bucketArns: [BUCKET], keyArns: [KEY], acknowledgeWideningWildcards: true } as Inputs;
    expect(() => preset.validate(acknowledged)).not.toThrow();
    expect(preset.widerThanUpstream?.(acknowledged)).toEqual(["keyArns"]);
    expect(preset.widerThanUpstream?.({ bucketArns: ["arn:aws:s3:::*"] })).toEqual([]);
  });

  test("fails when the preset's own check fails, after the ARNs", () => {
    expect(() => preset.statements({ bucketArns: [BUCKET], readOnly: false }, CTX)).toThrow("readOnly is false without keyArns");
    expect(() => preset.statements({ bucketArns: ["x"], readOnly: false }, CTX)).toThrow('bucketArns[0] "x" is invalid');
  });
});
