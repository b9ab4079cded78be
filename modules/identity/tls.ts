/**
 * The tls provider and the one tls type this library declares (`data "tls_certificate"`, which reads
 * the certificate chain of a cluster's OIDC issuer), written against the core's own
 * `TerraformProvider` and `TerraformDataSource`, so that the same source runs on cdktf 0.21 and on
 * CDK Terrain, which publishes no prebuilt tls provider. They synthesize what `@cdktf/provider-tls`
 * 11.0.1 synthesizes for the same arguments (test/identity/bindings.test.ts compares both), and
 * declare the same provider version, 4.1.0.
 */
import { TerraformDataSource, type TerraformMetaArguments, TerraformProvider } from "cdktf";
import type { Construct } from "constructs";
import { ValidationError } from "../core/errors";
import { type BindingSchema, toTerraformHcl, toTerraformJson } from "../core/binding-schema";

/** The hashicorp/tls provider version these bindings declare in `required_providers`. */
const TLS_PROVIDER_VERSION = "4.1.0";

const METADATA = { providerName: "tls", providerVersion: TLS_PROVIDER_VERSION, providerVersionConstraint: "~> 4.0" };

/** Props of {@link TlsProvider}. */
export interface TlsProviderConfig {
  /**
   * The provider's alias.
   * @default none (the stack's default tls provider)
   */
  readonly alias?: string;
}

const PROVIDER_SCHEMA: BindingSchema = { alias: ["alias", "string"] };

/** The tls provider (`provider "tls"`, hashicorp/tls 4.1.0). */
export class TlsProvider extends TerraformProvider {
  /** The Terraform type: `tls`. */
  public static readonly tfResourceType = "tls";
  /** The hashicorp/tls version it declares in `required_providers` (the one `@cdktf/provider-tls` 11.0.1 declares). */
  public static readonly providerVersion = TLS_PROVIDER_VERSION;
  private config: TlsProviderConfig;

  constructor(scope: Construct, id: string, config: TlsProviderConfig = {}) {
    super(scope, id, { terraformResourceType: "tls", terraformGeneratorMetadata: METADATA, terraformProviderSource: "hashicorp/tls" });
    this.config = { ...config };
  }

  /** The provider's alias, if it has one. */
  public override get alias(): string | undefined {
    return this.config.alias;
  }

  public override set alias(value: string | undefined) {
    this.config = { ...this.config, alias: value };
  }

  /** The arguments, as the core writes them into the stack's JSON. */
  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return toTerraformJson(PROVIDER_SCHEMA, this.config as Record<string, unknown>);
  }

  /** The arguments, as the core's HCL renderer reads them. */
  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return toTerraformHcl(PROVIDER_SCHEMA, this.config as Record<string, unknown>);
  }
}

/** Props of {@link DataTlsCertificate}: where the certificate chain comes from, one of `url` and `content`. */
export interface DataTlsCertificateConfig extends TerraformMetaArguments {
  /**
   * The URL (`https://…`, `tls://…`) whose server presents the chain; the OIDC issuer's URL.
   * @default none (give `content`)
   */
  readonly url?: string;
  /**
   * The chain as PEM.
   * @default none (give `url`)
   */
  readonly content?: string;
  /**
   * Whether the chain must verify against the system's roots.
   * @default true (the provider's default)
   */
  readonly verifyChain?: boolean;
}

/** What Terraform reads of one certificate of the chain, as references. */
export interface TlsCertificateAttributes {
  /** `sha1_fingerprint`: the fingerprint IAM checks for an OIDC provider. */
  readonly sha1Fingerprint: string;
  /** `cert_pem`. */
  readonly certPem: string;
  /** `subject`. */
  readonly subject: string;
  /** `issuer`. */
  readonly issuer: string;
  /** `not_after`. */
  readonly notAfter: string;
}

const CERTIFICATE_SCHEMA: BindingSchema = { content: ["content", "string"], url: ["url", "string"], verify_chain: ["verifyChain", "boolean"] };

/** The certificate chain a server presents (`data "tls_certificate"`). */
export class DataTlsCertificate extends TerraformDataSource {
  /** The Terraform type: `tls_certificate`. */
  public static readonly tfResourceType = "tls_certificate";
  private readonly config: DataTlsCertificateConfig;

  constructor(scope: Construct, id: string, config: DataTlsCertificateConfig) {
    super(scope, id, {
      terraformResourceType: DataTlsCertificate.tfResourceType,
      terraformGeneratorMetadata: METADATA,
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      forEach: config.forEach,
    });
    if ((config.url === undefined) === (config.content === undefined)) {
      throw ValidationError.invalid("url", config.url ?? "(none)", "give either url or content (the chain as PEM), not both and not neither");
    }
    this.config = config;
  }

  /**
   * One certificate of the chain (`certificates[index]`): 0 is the root CA when the server sends it,
   * whose fingerprint an IAM OIDC provider trusts.
   */
  public certificate(index: number): TlsCertificateAttributes {
    if (!Number.isInteger(index) || index < 0) throw ValidationError.invalid("index", index, "a whole number, 0 or more");
    const attribute = (name: string) => this.getStringAttribute(`certificates[${index}].${name}`);
    return {
      sha1Fingerprint: attribute("sha1_fingerprint"),
      certPem: attribute("cert_pem"),
      subject: attribute("subject"),
      issuer: attribute("issuer"),
      notAfter: attribute("not_after"),
    };
  }

  /** The arguments, as the core writes them into the stack's JSON. */
  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return toTerraformJson(CERTIFICATE_SCHEMA, this.config as unknown as Record<string, unknown>);
  }

  /** The arguments, as the core's HCL renderer reads them. */
  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return toTerraformHcl(CERTIFICATE_SCHEMA, this.config as unknown as Record<string, unknown>);
  }
}
