import { certManager } from "../../modules/addons/cert-manager";
import { CTX, ZONE_A, bySid } from "./cases";

describe("certManager", () => {
  it("reproduces upstream's DNS01 policy with the given zones", () => {
    expect(certManager.statements({ hostedZoneArns: [ZONE_A] }, CTX)).toMatchSnapshot();
  });

  it("makes hostedZoneArns the resources, and lets it change TXT records only", () => {
    const s = bySid(certManager.statements({ hostedZoneArns: [ZONE_A] }, CTX));
    expect(s.ChangeTxtRecords.resources).toEqual([ZONE_A]);
    expect(s.ChangeTxtRecords.conditions).toEqual([
      { test: "ForAllValues:StringEquals", variable: "route53:ChangeResourceRecordSetsRecordTypes", values: ["TXT"] },
    ]);
    expect(s.GetChange.resources).toEqual(["arn:aws:route53:::change/*"]);
  });

  it("drops the zone lookup when every issuer names its hosted zone", () => {
    expect(bySid(certManager.statements({ hostedZoneArns: [ZONE_A] }, CTX)).FindZones.actions).toEqual(["route53:ListHostedZonesByName"]);
    expect(bySid(certManager.statements({ hostedZoneArns: [ZONE_A], lookUpHostedZones: false }, CTX)).FindZones).toBeUndefined();
  });

  it("fails when hostedZoneArns is empty or malformed", () => {
    expect(() => certManager.statements({ hostedZoneArns: [] }, CTX)).toThrow("hostedZoneArns [] is invalid");
    expect(() => certManager.statements({ hostedZoneArns: ["Z0123456789ABCDEFGHIJ"] }, CTX)).toThrow('hostedZoneArns[0] "Z0123456789ABCDEFGHIJ" is invalid');
  });
});
