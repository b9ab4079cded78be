import type { TerraformStack } from "cdktf";
import { configureStateBackend, validateStateBackendOptions } from "../../modules/platform/state-backend";
import { testStack } from "../support/helpers";

describe("the state backend", () => {
  test("S3 state: the bucket, the key under the prefix, encryption and S3-native locking", () => {
    const { stack } = testStack("eks-dev");
    configureStateBackend(stack, "eu-west-1", { stateBucket: "acme-tf-state", stateKeyPrefix: "platform/" });
    expect((stack as TerraformStack).toTerraform().terraform.backend).toEqual({
      s3: { bucket: "acme-tf-state", key: "platform/eks-dev/terraform.tfstate", region: "eu-west-1", encrypt: true, use_lockfile: true },
    });
  });

  test("fails when the bucket, its region, the key prefix or the local directory are malformed", () => {
    expect(() => validateStateBackendOptions({ stateBucket: "Acme_State" })).toThrow(/^stateBucket "Acme_State" is invalid: an S3 bucket name has 3-63/);
    expect(() => validateStateBackendOptions({ stateBucket: "acme", stateBucketRegion: "Ireland" })).toThrow(
      'stateBucketRegion "Ireland" is invalid: expected an AWS region such as eu-west-1',
    );
    expect(() => validateStateBackendOptions({ stateBucket: "acme", stateKeyPrefix: "a//b" })).toThrow(/^stateKeyPrefix "a\/\/b" is invalid/);
    expect(() => validateStateBackendOptions({ localStateDir: "" })).toThrow('localStateDir "" is invalid: give a non-empty value');
    const { stack } = testStack("eks-dev");
    expect(() => configureStateBackend(stack, "eu-west-1", { stateBucket: "a" })).toThrow(/^stateBucket "a" is invalid/);
  });
});
