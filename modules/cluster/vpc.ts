import { Fn } from "cdktf";
import { Construct } from "constructs";
import { DataAwsAvailabilityZones } from "@cdktf/provider-aws/lib/data-aws-availability-zones";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { validateTags } from "../iam/iam-limits";
import { checkInputs, idFromName, type InputChecks, ipv4CidrRule, isToken, listCheck, rangeCheck, ruleCheck, rules } from "../core/naming";
import { ValidationError } from "../core/errors";
import { writeAsData } from "../core/literal-text";

/** Options of the VPC that `EksCluster` creates when it is not given subnets. */
export interface EksVpcOptions {
  /**
   * The VPC's IPv4 CIDR block, from /16 to /24. Each subnet takes a sixteenth of it: private
   * subnets the first ones, public subnets from the ninth on.
   * @default "10.0.0.0/16"
   */
  readonly cidr?: string;
  /**
   * How many availability zones the subnets span (2 to 6; EKS needs at least 2).
   * @default 2
   */
  readonly azCount?: number;
  /**
   * Availability zone names to use, for example `["eu-west-1a", "eu-west-1b"]`; their number
   * overrides `azCount`. Named zones also name the subnets' construct IDs.
   * @default the first `azCount` zones that `data "aws_availability_zones"` reports available
   */
  readonly availabilityZones?: readonly string[];
  /**
   * How many NAT gateways give the private subnets egress: 1 (cheapest, one zone) up to one per
   * zone (zone-redundant). Private subnet i uses gateway i modulo this number.
   * @default 1
   */
  readonly natGateways?: number;
  /**
   * Tags of every resource of the VPC.
   * @default none
   */
  readonly tags?: { readonly [key: string]: string };
}

/**
 * The checks of the VPC options that stand alone, one per option (see `InputChecks`): EksVpc runs
 * them, and the configuration schema runs each on its field of `vpc`.
 */
export const VPC_OPTION_CHECKS: InputChecks<EksVpcOptions> = {
  cidr: ruleCheck(ipv4CidrRule(16, 24)),
  azCount: rangeCheck(2, 6),
  availabilityZones: listCheck({
    min: 2,
    tooFew: "EKS needs at least two availability zones",
    max: 6,
    tooMany: "give at most 6 availability zones",
    rule: rules.availabilityZone,
  }),
  natGateways: rangeCheck(1, 6),
  tags: validateTags,
};

/** Checks the VPC options as a whole: the zones given by number or by name (not both, unless they agree), at most one NAT gateway per zone. */
export function checkVpcRelations(options: EksVpcOptions): void {
  const zones = options.availabilityZones;
  if (zones !== undefined && options.azCount !== undefined && options.azCount !== zones.length) {
    throw ValidationError.invalid(
      "vpc.azCount",
      options.azCount,
      `availabilityZones names ${zones.length} zones: give the zones by number (azCount) or by name (availabilityZones), not both`,
    );
  }
  const zoneCount = zones?.length ?? options.azCount ?? 2;
  const natCount = options.natGateways ?? 1;
  if (!isToken(natCount) && natCount > zoneCount) {
    throw ValidationError.invalid(
      "vpc.natGateways",
      natCount,
      `the subnets span ${zoneCount} zones, and a zone has at most one NAT gateway: give 1 to ${zoneCount}`,
    );
  }
}

/** Props of {@link EksVpc}. */
export interface EksVpcProps extends EksVpcOptions {
  /** Name prefix of the VPC's resources (their `Name` tags), usually the cluster name. */
  readonly name: string;
  /**
   * Further tags of the private subnets only, such as Karpenter's `karpenter.sh/discovery`.
   * @default none
   */
  readonly privateSubnetTags?: { readonly [key: string]: string };
}

/**
 * A VPC for EKS: public subnets (tagged `kubernetes.io/role/elb`) with an internet gateway, and
 * private subnets (tagged `kubernetes.io/role/internal-elb`) for the nodes, egressing through NAT.
 */
export class EksVpc extends Construct {
  /** The `aws_vpc` resource. */
  public readonly vpc: Vpc;
  /** IDs of the private subnets, one per zone: where the cluster and its nodes go. */
  public readonly privateSubnetIds: string[];
  /** IDs of the public subnets, one per zone: where internet-facing load balancers go. */
  public readonly publicSubnetIds: string[];

  constructor(scope: Construct, id: string, props: EksVpcProps) {
    super(scope, id);
    // What it writes is data: a literal `${` or `%{` reaches Terraform escaped (core/literal-text.ts).
    writeAsData(this);
    // Each option, then the options as a whole, as the configuration schema checks them.
    checkInputs("vpc", props, VPC_OPTION_CHECKS);
    checkVpcRelations(props);
    const cidr = props.cidr ?? "10.0.0.0/16";
    const zoneCount = props.availabilityZones?.length ?? props.azCount ?? 2;
    const natCount = props.natGateways ?? 1;

    const tags = (name: string, extra: Record<string, string> = {}) => ({ ...props.tags, Name: name, ...extra });
    this.vpc = new Vpc(this, "vpc", {
      cidrBlock: cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: tags(props.name),
    });
    const igw = new InternetGateway(this, "internet-gateway", { vpcId: this.vpc.id, tags: tags(props.name) });

    // Zones are named by the caller, or the i-th available zone of the region.
    let available: DataAwsAvailabilityZones | undefined;
    const zones = Array.from({ length: zoneCount }, (_, i) => {
      const given = props.availabilityZones?.[i];
      if (given !== undefined) return { key: isToken(given) ? `az${i}` : idFromName(given), name: given };
      available ??= new DataAwsAvailabilityZones(this, "available-zones", { state: "available" });
      return { key: `az${i}`, name: Fn.element(available.names, i) };
    });

    const publicRoutes = new RouteTable(this, "public-routes", { vpcId: this.vpc.id, tags: tags(`${props.name}-public`) });
    new Route(this, "public-default-route", {
      routeTableId: publicRoutes.id,
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: igw.id,
    });

    const publicSubnets = zones.map((zone, i) => {
      const subnet = new Subnet(this, `public-${zone.key}`, {
        vpcId: this.vpc.id,
        availabilityZone: zone.name,
        cidrBlock: subnetCidr(cidr, 8 + i),
        mapPublicIpOnLaunch: false,
        tags: tags(`${props.name}-public-${zone.key}`, { "kubernetes.io/role/elb": "1" }),
      });
      new RouteTableAssociation(this, `public-${zone.key}-routes`, { subnetId: subnet.id, routeTableId: publicRoutes.id });
      return subnet;
    });

    const natGateways = zones.slice(0, natCount).map((zone, i) => {
      const eip = new Eip(this, `nat-${zone.key}-ip`, { domain: "vpc", tags: tags(`${props.name}-nat-${zone.key}`) });
      return new NatGateway(this, `nat-${zone.key}`, {
        allocationId: eip.id,
        subnetId: publicSubnets[i].id,
        tags: tags(`${props.name}-nat-${zone.key}`),
        dependsOn: [igw],
      });
    });

    const privateSubnets = zones.map((zone, i) => {
      const subnet = new Subnet(this, `private-${zone.key}`, {
        vpcId: this.vpc.id,
        availabilityZone: zone.name,
        cidrBlock: subnetCidr(cidr, i),
        tags: tags(`${props.name}-private-${zone.key}`, { "kubernetes.io/role/internal-elb": "1", ...props.privateSubnetTags }),
      });
      const routes = new RouteTable(this, `private-${zone.key}-routes`, {
        vpcId: this.vpc.id,
        tags: tags(`${props.name}-private-${zone.key}`),
      });
      new Route(this, `private-${zone.key}-default-route`, {
        routeTableId: routes.id,
        destinationCidrBlock: "0.0.0.0/0",
        natGatewayId: natGateways[i % natCount].id,
      });
      new RouteTableAssociation(this, `private-${zone.key}-association`, { subnetId: subnet.id, routeTableId: routes.id });
      return subnet;
    });

    this.privateSubnetIds = privateSubnets.map((s) => s.id);
    this.publicSubnetIds = publicSubnets.map((s) => s.id);
  }
}

/** The `index`-th of the 16 equal subnets of `cidr` (Terraform's `cidrsubnet(cidr, 4, index)`). */
export function subnetCidr(cidr: string, index: number): string {
  if (isToken(cidr)) return Fn.cidrsubnet(cidr, 4, index);
  const [address, prefixText] = cidr.split("/");
  const prefix = Number(prefixText);
  const base = address.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const size = 2 ** (32 - prefix - 4);
  const network = base - (base % 2 ** (32 - prefix));
  const start = network + index * size;
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(start / 2 ** shift) % 256);
  return `${octets.join(".")}/${prefix + 4}`;
}
