import { nodeTerminationHandler } from "../../modules/addons/node-termination-handler";
import { CTX, bySid } from "./cases";

const QUEUE = "arn:aws:sqs:eu-west-1:111122223333:prod-nth";

describe("nodeTerminationHandler", () => {
  it("reproduces upstream's queue processor policy, scoped", () => {
    expect(nodeTerminationHandler.statements({ queueArns: [QUEUE] }, CTX)).toMatchSnapshot();
  });

  it("makes queueArns the resources of the queue actions, and completes lifecycle actions of the account's groups only", () => {
    const s = bySid(nodeTerminationHandler.statements({ queueArns: [QUEUE] }, CTX));
    expect(s.ReadQueues.resources).toEqual([QUEUE]);
    expect(s.CompleteLifecycleActions.resources).toEqual(["arn:aws:autoscaling:eu-west-1:111122223333:autoScalingGroup:*:autoScalingGroupName/*"]);
  });

  it("fails when no queue is given, or a queue is given by URL", () => {
    expect(() => nodeTerminationHandler.statements({ queueArns: [] }, CTX)).toThrow("queueArns [] is invalid");
    expect(() => nodeTerminationHandler.statements({ queueArns: ["https://sqs.eu-west-1.amazonaws.com/111122223333/prod-nth"] }, CTX)).toThrow("queueArns[0]");
  });
});
