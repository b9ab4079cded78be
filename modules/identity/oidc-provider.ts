import { Fn } from "cdktf";
import { Construct } from "constructs";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { validateArn } from "../core/arns";
import { checkRule, isToken, rules, validateDistinct } from "../core/naming";
import { ValidationError } from "../core/errors";
import { validateTags } from "../iam/iam-limits";
import { STS_AUDIENCE } from "../iam/trust-policy";
import { writeAsData } from "../core/literal-text";
import { DataTlsCertificate } from "./tls";

/** An IAM OIDC identity provider that IRSA roles can trust. */
export interface IOidcProvider {
  /** ARN of the `aws_iam_openid_connect_provider`. */
  readonly arn: string;
  /** The issuer URL, with `https://`. */
  readonly issuerUrl: string;
  /** The issuer without `https://`: the prefix of the IAM condition keys `<host>:sub` and `<host>:aud`. */
  readonly issuerHost: string;
}

/** Props of {@link ClusterOidcProvider}. */
export interface ClusterOidcProviderProps {
  /** The cluster's OIDC issuer URL, usually `EksCluster.oidcIssuerUrl` (`identity[0].oidc[0].issuer`). */
  readonly issuerUrl: string;
  /**
   * Audiences besides `sts.amazonaws.com` that the provider accepts.
   * @default none
   */
  readonly extraClientIds?: readonly string[];
  /**
   * Thumbprints trusted besides the root CA of the issuer, for example the CA of a TLS-intercepting
   * proxy between IAM and the issuer (40 hex characters each).
   * @default none
   */
  readonly extraThumbprints?: readonly string[];
  /**
   * Tags of the provider.
   * @default none
   */
  readonly tags?: { readonly [key: string]: string };
}

/** Checks extra audiences of an OIDC provider: each 1-255 characters, none twice, at most 99 (IAM allows 100, one is `sts.amazonaws.com`). */
export function validateOidcClientIds(field: string, clientIds: readonly string[] | undefined): void {
  const list = clientIds ?? [];
  if (list.length > 99)
    throw ValidationError.invalid(field, `${list.length} client IDs`, "give at most 99: IAM allows 100 audiences, one is sts.amazonaws.com");
  list.forEach((clientId, i) => checkRule(`${field}[${i}]`, clientId, rules.oidcClientId));
  validateDistinct(field, list);
}

/** Checks extra thumbprints of an OIDC provider: each 40 hex characters, none twice, at most 4 (IAM allows 5, one is the issuer's root CA). */
export function validateOidcThumbprints(field: string, thumbprints: readonly string[] | undefined): void {
  const list = thumbprints ?? [];
  if (list.length > 4)
    throw ValidationError.invalid(field, `${list.length} thumbprints`, "give at most 4: IAM allows 5 thumbprints, one is the issuer's root CA");
  list.forEach((thumbprint, i) => checkRule(`${field}[${i}]`, thumbprint, rules.thumbprint));
  validateDistinct(field, list);
}

/** Removes `https://` from an issuer URL, at synth time when it is known, else in Terraform. */
export function issuerHostOf(issuerUrl: string): string {
  return isToken(issuerUrl) ? Fn.replace(issuerUrl, "https://", "") : issuerUrl.replace(/^https:\/\//, "");
}

/**
 * The IAM OIDC identity provider for an EKS cluster's issuer: a `data "tls_certificate"` reads the
 * issuer's certificate chain, and `aws_iam_openid_connect_provider` trusts its root CA's SHA-1
 * fingerprint for the audience `sts.amazonaws.com`.
 */
export class ClusterOidcProvider extends Construct implements IOidcProvider {
  /**
   * Uses a provider that already exists (created by another stack, eksctl or the console), so
   * that no second `aws_iam_openid_connect_provider` for the same issuer is created (IAM would
   * refuse it with EntityAlreadyExists).
   * @param arn the provider's ARN
   * @param issuerUrl the cluster's issuer URL, with `https://`
   */
  public static fromProviderArn(scope: Construct, id: string, arn: string, issuerUrl: string): IOidcProvider {
    return new ImportedOidcProvider(scope, id, arn, issuerUrl);
  }

  /** ARN of the `aws_iam_openid_connect_provider`. */
  public readonly arn: string;
  /** The issuer URL, with `https://`. */
  public readonly issuerUrl: string;
  /** The issuer without `https://`: the prefix of the IAM condition keys `<host>:sub` and `<host>:aud`. */
  public readonly issuerHost: string;
  /** The `data "tls_certificate"` on the issuer. */
  public readonly certificate: DataTlsCertificate;
  /** The `aws_iam_openid_connect_provider` resource. */
  public readonly resource: IamOpenidConnectProvider;

  constructor(scope: Construct, id: string, props: ClusterOidcProviderProps) {
    super(scope, id);
    // What it writes is data: a literal `${` or `%{` reaches Terraform escaped (core/literal-text.ts).
    writeAsData(this);
    validateOidcThumbprints("extraThumbprints", props.extraThumbprints);
    validateOidcClientIds("extraClientIds", props.extraClientIds);
    validateTags("tags", props.tags);
    if (!isToken(props.issuerUrl) && !props.issuerUrl.startsWith("https://")) {
      throw new ValidationError(`issuerUrl`, `${JSON.stringify(props.issuerUrl)} is invalid: an OIDC issuer URL starts with https://`);
    }

    this.certificate = new DataTlsCertificate(this, "issuer-certificate", { url: props.issuerUrl });
    this.resource = new IamOpenidConnectProvider(this, "provider", {
      url: props.issuerUrl,
      clientIdList: [STS_AUDIENCE, ...(props.extraClientIds ?? []).filter((c) => c !== STS_AUDIENCE)],
      // The root CA's fingerprint: IAM checks the top certificate of the issuer's chain.
      thumbprintList: [this.certificate.certificate(0).sha1Fingerprint, ...(props.extraThumbprints ?? [])],
      tags: props.tags ? { ...props.tags } : undefined,
    });
    this.arn = this.resource.arn;
    this.issuerUrl = props.issuerUrl;
    this.issuerHost = issuerHostOf(this.resource.url);
  }
}

class ImportedOidcProvider extends Construct implements IOidcProvider {
  public readonly issuerHost: string;

  constructor(
    scope: Construct,
    id: string,
    public readonly arn: string,
    public readonly issuerUrl: string,
  ) {
    super(scope, id);
    // What it writes is data: a literal `${` or `%{` reaches Terraform escaped (core/literal-text.ts).
    writeAsData(this);
    validateArn("arn", arn, "oidcProvider");
    if (!isToken(issuerUrl) && !issuerUrl.startsWith("https://")) {
      throw new ValidationError(`issuerUrl`, `${JSON.stringify(issuerUrl)} is invalid: an OIDC issuer URL starts with https://`);
    }
    this.issuerHost = issuerHostOf(issuerUrl);
  }
}
