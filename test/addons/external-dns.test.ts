import { externalDns } from "../../modules/addons/external-dns";
import { CTX, ZONE_A, ZONE_B, bySid } from "./cases";

describe("externalDns", () => {
  it("reproduces upstream's policy with the given zones", () => {
    expect(externalDns.statements({ hostedZoneArns: [ZONE_A, ZONE_B] }, CTX)).toMatchSnapshot();
  });

  it("makes hostedZoneArns the resources of the record changes, instead of upstream's hostedzone/*", () => {
    const s = bySid(externalDns.statements({ hostedZoneArns: [ZONE_A, ZONE_B] }, CTX));
    expect(s.ChangeRecords.actions).toContain("route53:ChangeResourceRecordSets");
    expect(s.ChangeRecords.resources).toEqual([ZONE_A, ZONE_B]);
    expect(s.ListZones).toEqual({ sid: "ListZones", actions: ["route53:ListHostedZones"], resources: ["*"] });
  });

  it("fails when hostedZoneArns is missing, empty, or holds something else than a hosted zone ARN", () => {
    expect(() => externalDns.statements({} as never, CTX)).toThrow("hostedZoneArns is missing");
    expect(() => externalDns.statements({ hostedZoneArns: [] }, CTX)).toThrow("hostedZoneArns [] is invalid: give at least one: a Route 53 hosted zone ARN");
    expect(() => externalDns.statements({ hostedZoneArns: ["arn:aws:route53:::healthcheck/abc"] }, CTX)).toThrow("hostedZoneArns[0]");
    expect(() => externalDns.statements({ hostedZoneArns: ["arn:aws:route53::111122223333:hostedzone/Z1"] }, CTX)).toThrow("hostedZoneArns[0]");
  });
});
