import { cloudWatchObservability } from "../../modules/addons/cloudwatch-observability";
import { CTX } from "./cases";

describe("cloudWatchObservability", () => {
  it("attaches the AWS-managed policies the EKS User Guide requires, and no statements", () => {
    expect(cloudWatchObservability.statements({}, CTX)).toEqual([]);
    expect(cloudWatchObservability.managedPolicyArns!({}, CTX)).toEqual([
      "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy",
      "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess",
    ]);
  });

  it("leaves X-Ray out without Application Signals", () => {
    expect(cloudWatchObservability.managedPolicyArns!({ applicationSignals: false }, CTX)).toEqual(["arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"]);
  });

  it("fails when given inputs it does not take", () => {
    expect(() => cloudWatchObservability.statements({ xray: true } as never, CTX)).toThrow('has unknown key "xray": allowed keys are applicationSignals');
  });
});
