import { managedPrometheus } from "../../modules/addons/managed-prometheus";
import { CTX } from "./cases";

const WORKSPACE = "arn:aws:aps:eu-west-1:111122223333:workspace/ws-0123abcd-4567-89ef-0123-456789abcdef";

describe("managedPrometheus", () => {
  it("grants remote write on the workspaces by default", () => {
    expect(managedPrometheus.statements({ workspaceArns: [WORKSPACE] }, CTX)).toMatchSnapshot();
    expect(managedPrometheus.statements({ workspaceArns: [WORKSPACE] }, CTX)).toEqual([
      { sid: "Workspaces", actions: ["aps:RemoteWrite"], resources: [WORKSPACE] },
    ]);
  });

  it("grants the query actions when asked", () => {
    expect(managedPrometheus.statements({ workspaceArns: [WORKSPACE], remoteWrite: false, query: true }, CTX)[0].actions).toEqual([
      "aps:QueryMetrics",
      "aps:GetSeries",
      "aps:GetLabels",
      "aps:GetMetricMetadata",
    ]);
  });

  it("fails when it would grant nothing, or a workspace ARN is malformed", () => {
    expect(() => managedPrometheus.statements({ workspaceArns: [WORKSPACE], remoteWrite: false }, CTX)).toThrow("remoteWrite and query are both false");
    expect(() => managedPrometheus.statements({ workspaceArns: ["ws-0123"] }, CTX)).toThrow('workspaceArns[0] "ws-0123" is invalid');
  });
});
