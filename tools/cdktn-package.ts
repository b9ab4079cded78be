/**
 * The CDK Terrain package, `cdktn-eks-irsa`, made from the same build as `cdktf-eks-irsa`: the
 * compiled library (dist/modules), the review tool, the JSON Schema, the example platform, README
 * and LICENSE, with one change to the code: the module specifiers of the core and of the AWS
 * provider bindings name CDK Terrain's packages (`cdktf` -> `cdktn`, `cdktf/lib/…` -> `cdktn/lib/…`,
 * `@cdktf/provider-aws/lib/…` -> `@cdktn/provider-aws/lib/…`), in the JavaScript and in the
 * declarations. Nothing else changes, strings the library writes into Terraform included (the
 * `ManagedBy: "cdktf-eks-irsa"` tag stays). The library needs no other provider package: its kubernetes
 * and tls types are written against the core's own classes (modules/identity/kubernetes.ts, tls.ts).
 *
 * Run after `npm run build`: `node dist/tools/cdktn-package.js [stage directory]` (default
 * `dist-cdktn/`), then `npm pack dist-cdktn` or `npm publish dist-cdktn` (`npm run pack:cdktn` does
 * the three). docs/cdktf-or-cdk-terrain.md explains why two packages from one source.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

/** The repository root (this file runs as dist/tools/cdktn-package.js, or from its source in the tests). */
const REPO = existsSync(join(__dirname, "..", "package.json")) ? join(__dirname, "..") : join(__dirname, "..", "..");

/** The name the CDK Terrain package is published under. */
export const CDKTN_PACKAGE_NAME = "cdktn-eks-irsa";

/** The peers of the CDK Terrain package: the core, its AWS provider bindings (hashicorp/aws 6.66.0) and constructs. */
export const CDKTN_PEERS: { readonly [name: string]: string } = {
  "@cdktn/provider-aws": "^25.7.0",
  cdktn: "^0.24.0",
  constructs: "^10.6.0",
};

/** A module specifier in `require(…)`, `require.resolve(…)`, `from …`, `import(…)` or `import "…"`. */
const SPECIFIER = /(\brequire(?:\.resolve)?\(\s*|\bfrom\s+|\bimport\(\s*|\bimport\s+)(["'])(cdktf|cdktf\/[^"']+|@cdktf\/provider-aws\/[^"']+)\2/g;
/** Any specifier of a cdktf package that is left after rewriting: a reason to stop. */
const LEFT_OVER = /(\brequire(?:\.resolve)?\(\s*|\bfrom\s+|\bimport\(\s*|\bimport\s+)["'](cdktf(?:\/[^"']*)?|@cdktf\/[^"']*)["']/;

/** The specifier on CDK Terrain. */
function onCdktn(specifier: string): string {
  return specifier.startsWith("@cdktf/provider-aws/")
    ? `@cdktn/provider-aws/${specifier.slice("@cdktf/provider-aws/".length)}`
    : `cdktn${specifier.slice("cdktf".length)}`;
}

/**
 * The text of a JavaScript, declaration or TypeScript file with the core's and the AWS provider's
 * module specifiers on CDK Terrain; fails when a cdktf package is still named (a provider package
 * CDK Terrain does not publish, say), naming the file.
 */
export function rewriteCoreImports(text: string, file: string): string {
  const out = text.replace(SPECIFIER, (_match, before: string, quote: string, specifier: string) => `${before}${quote}${onCdktn(specifier)}${quote}`);
  const left = LEFT_OVER.exec(out);
  if (left) throw new Error(`${file}: ${left[0]} has no CDK Terrain counterpart: import the core or @cdktf/provider-aws/lib/<resource> only`);
  return out;
}

/** Every file under a directory, as paths relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((path) => statSync(join(dir, path)).isFile())
    .sort();
}

/** The package.json of the CDK Terrain package, from the repository's. */
function cdktnManifest(): Record<string, unknown> {
  const own = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8"));
  return {
    name: CDKTN_PACKAGE_NAME,
    version: own.version,
    description: "CDK Terrain (cdktn) constructs for an EKS cluster with IAM Roles for Service Accounts (IRSA): cdktf-eks-irsa built for CDK Terrain",
    license: own.license,
    private: false,
    // What CDK Terrain's AWS bindings (@cdktn/provider-aws 25.x) require; cdktn-cli wants 22.19 or newer.
    engines: { node: ">=22.11.0" },
    main: own.main,
    types: own.types,
    exports: own.exports,
    bin: own.bin,
    files: own.files,
    peerDependencies: CDKTN_PEERS,
    dependencies: own.dependencies,
  };
}

/**
 * Writes the CDK Terrain package into `stage` (emptied first) from the repository's build (`dist/`,
 * which `npm run build` makes) and files.
 * @returns the files written, relative to `stage`
 */
export function stageCdktnPackage(stage: string): string[] {
  const manifest = cdktnManifest();
  if (!existsSync(join(REPO, "dist", "modules", "index.js"))) throw new Error("no build in dist/: run npm run build first");
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  const written: string[] = [];
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(stage, path)), { recursive: true });
    writeFileSync(join(stage, path), text);
    written.push(path);
  };
  const entries = manifest.files as string[];
  // npm's "files" may leave a path out again with "!" (a README npm would add beside an included file).
  const excluded = new Set(entries.filter((e) => e.startsWith("!")).map((e) => e.slice(1)));
  for (const entry of entries.filter((e) => !e.startsWith("!"))) {
    const source = join(REPO, entry);
    const paths = statSync(source).isDirectory() ? filesUnder(source).map((p) => join(entry, p)) : [entry];
    for (const path of paths.filter((p) => !excluded.has(p))) {
      if (path.startsWith("dist/") && /\.(js|d\.ts)$/.test(path)) write(path, rewriteCoreImports(readFileSync(join(REPO, path), "utf8"), path));
      else {
        mkdirSync(dirname(join(stage, path)), { recursive: true });
        cpSync(join(REPO, path), join(stage, path));
        written.push(path);
      }
    }
  }
  for (const file of ["LICENSE"]) {
    cpSync(join(REPO, file), join(stage, file));
    written.push(file);
  }
  write("package.json", `${JSON.stringify(manifest, null, 2)}\n`);
  return written.sort();
}

if (require.main === module) {
  const stage = process.argv[2] ?? join(REPO, "dist-cdktn");
  const files = stageCdktnPackage(stage);
  console.log(`${CDKTN_PACKAGE_NAME}: ${files.length} files in ${relative(process.cwd(), stage) || "."}`);
}
