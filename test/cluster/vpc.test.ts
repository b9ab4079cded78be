import { EksVpc, subnetCidr } from "../../modules/cluster/vpc";
import { ofType, single, synthJson, testStack } from "../support/helpers";

describe("EksVpc", () => {
  test("splits the VPC into private subnets first and public subnets from the ninth sixteenth", () => {
    expect(subnetCidr("10.3.0.0/16", 0)).toBe("10.3.0.0/20");
    expect(subnetCidr("10.3.0.0/16", 1)).toBe("10.3.16.0/20");
    expect(subnetCidr("10.3.0.0/16", 8)).toBe("10.3.128.0/20");
    expect(subnetCidr("192.168.4.0/24", 15)).toBe("192.168.4.240/28");
  });

  test("makes public and private subnets per zone, tagged for load balancers, with one shared NAT gateway", () => {
    const { stack } = testStack();
    const vpc = new EksVpc(stack, "net", { name: "demo", cidr: "10.3.0.0/16", azCount: 2, natGateways: 1 });
    const synth = synthJson(stack);
    const subnets = ofType(synth, "aws_subnet").map(([id, s]) => ({ id, ...s }));
    const pub = subnets.filter((s) => s.tags["kubernetes.io/role/elb"] === "1");
    const priv = subnets.filter((s) => s.tags["kubernetes.io/role/internal-elb"] === "1");
    expect(pub.map((s) => s.cidr_block)).toEqual(["10.3.128.0/20", "10.3.144.0/20"]);
    expect(priv.map((s) => s.cidr_block)).toEqual(["10.3.0.0/20", "10.3.16.0/20"]);
    const [natId, nat] = single(synth, "aws_nat_gateway");
    expect(nat.subnet_id).toBe(`\${aws_subnet.${pub[0].id}.id}`);
    const privateRoutes = ofType(synth, "aws_route").filter(([, r]) => r.nat_gateway_id);
    expect(privateRoutes.map(([, r]) => r.nat_gateway_id)).toEqual([`\${aws_nat_gateway.${natId}.id}`, `\${aws_nat_gateway.${natId}.id}`]);
    expect(vpc.privateSubnetIds).toHaveLength(2);
    // Zones come from the region's available zones, by index.
    expect(priv[0].availability_zone).toMatch(/^\$\{element\(data\.aws_availability_zones\..+\.names, 0\)\}$/);
  });

  test("one NAT gateway per zone when asked, and zone names name the subnets", () => {
    const { stack } = testStack();
    new EksVpc(stack, "net", { name: "demo", availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"], natGateways: 3 });
    const synth = synthJson(stack);
    expect(ofType(synth, "aws_nat_gateway")).toHaveLength(3);
    expect(ofType(synth, "aws_availability_zones", "data")).toHaveLength(0);
    const ids = ofType(synth, "aws_subnet").map(([id]) => id);
    expect(ids.filter((id) => id.includes("private-eu-west-1c"))).toHaveLength(1);
  });

  test("fails when the CIDR, zone count or NAT gateway count is out of range", () => {
    const { stack } = testStack();
    expect(() => new EksVpc(stack, "a", { name: "d", cidr: "10.0.0.0/28" })).toThrow(/vpc.cidr "10.0.0.0\/28" is invalid/);
    expect(() => new EksVpc(stack, "b", { name: "d", azCount: 7 })).toThrow("vpc.azCount 7 is invalid: must be a whole number from 2 to 6");
    expect(() => new EksVpc(stack, "c", { name: "d", azCount: 2, natGateways: 3 })).toThrow(
      "vpc.natGateways 3 is invalid: the subnets span 2 zones, and a zone has at most one NAT gateway: give 1 to 2",
    );
  });

  test("fails when an availability zone is not a zone name or is listed twice, or the tags break IAM's limits", () => {
    const { stack } = testStack();
    expect(() => new EksVpc(stack, "a", { name: "d", availabilityZones: ["eu-west-1a", "eu-west-1"] })).toThrow(
      'vpc.availabilityZones[1] "eu-west-1" is invalid: expected an availability zone name such as eu-west-1a',
    );
    expect(() => new EksVpc(stack, "b", { name: "d", availabilityZones: ["eu-west-1a", "eu-west-1a"] })).toThrow(
      'vpc.availabilityZones[1] "eu-west-1a" is invalid: it repeats entry [0]: list each value once',
    );
    expect(() => new EksVpc(stack, "c", { name: "d", tags: { "aws:team": "x" } })).toThrow(
      `vpc.tags key "aws:team" is invalid: tag keys starting with 'aws:' are reserved for AWS`,
    );
  });

  test("fails when the CIDR block has host bits set", () => {
    const { stack } = testStack();
    expect(() => new EksVpc(stack, "a", { name: "d", cidr: "10.3.1.0/16" })).toThrow(
      'vpc.cidr "10.3.1.0/16" is invalid: the address has host bits set for a /16: write the network address 10.3.0.0/16',
    );
  });
});
