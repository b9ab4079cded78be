import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { AnnotationMetadataEntryType, App, TerraformDataSource, TerraformResource, TerraformStack } from "cdktf";
import { ValidationError, ValidationErrors } from "../core/errors";
import { WorkloadIdentity } from "../identity/workload-identity";

/**
 * The resource count above which a stack gets a warning at synth time. Terraform plans every
 * resource of a stack on every plan, whatever changed: measured offline with `terraform plan
 * -refresh=false` of an empty state (Terraform 1.11, AWS provider 5.100, 2 shared and very busy
 * cores, `npm run bench -- --plan-sizes`), a stack of workload roles took 11-27 s at 100 resources
 * (Terraform's and the provider's own start), 30-38 s at 1,000 and 94-177 s at 6,000: about 18 ms
 * per resource on top of the start, before any refresh against IAM and Kubernetes, which grows with
 * the count too (docs/stacks.md). At 2,000 resources (about 500 bindings) the resources a change did
 * not touch take a plan to two or three times Terraform's own start: split the workloads into stacks
 * (`stack` of a workload) past it.
 */
export const STACK_RESOURCE_WARNING = 2000;

/** What a synth reports of one stack. */
export interface StackSize {
  /** The stack's name. */
  readonly name: string;
  /** Managed resources (data sources not counted). */
  readonly resources: number;
  /** Data sources. */
  readonly dataSources: number;
  /** IAM roles (`aws_iam_role`). */
  readonly roles: number;
  /** Workload identity bindings (`WorkloadIdentity`: a role and its service accounts or associations). */
  readonly bindings: number;
}

/** Props of {@link AppSynthesis}. */
export interface AppSynthesisOptions {
  /**
   * The output directory.
   * @default `CDKTF_OUTDIR` (what `cdktf synth` sets), else "cdktf.out"
   */
  readonly outdir?: string;
  /**
   * Where the synth's report goes: one line per stack, and nothing else.
   * @default standard output
   */
  readonly info?: (line: string) => void;
  /**
   * Where an error goes: an input error's message (with the file position, when it came from a
   * configuration file) and nothing more; any other error with its stack trace.
   * @default standard error
   */
  readonly error?: (line: string) => void;
  /**
   * A stack with more resources than this gets a warning (an annotation, which `cdktf synth`,
   * `diff` and `deploy` print as `WARN [<stack>]: ...`).
   * @default STACK_RESOURCE_WARNING (2,000)
   */
  readonly maxStackResources?: number;
}

/**
 * An app's entry point, with readable output: builds an app with `build` and synthesizes it. A
 * `ValidationError` or `ValidationErrors` (bad input, from props or a configuration file) is printed
 * once, as its message (`platform.json:7:17: environments[0].region "eu-west" is invalid: ...`), with
 * no stack trace; the previous output's stack files are removed, so that no stale stack is left for
 * `cdktf deploy --skip-synth`; and the exit code is 1. On success it prints one line per stack
 * (resources, roles, bindings) and warns of a stack larger than `maxStackResources`.
 *
 * ```ts
 * process.exitCode = new AppSynthesis().run((app) => new ReportsStack(app, "reports-prod", { ... }));
 * ```
 */
export class AppSynthesis {
  private readonly options: AppSynthesisOptions;

  constructor(options: AppSynthesisOptions = {}) {
    this.options = options;
  }

  /**
   * Builds and synthesizes an app; returns the exit code (0, or 1 after an input error). Errors
   * that are not input errors (a bug) are printed with their stack trace, exit code 1 too.
   */
  public run(build: (app: App) => void): number {
    const options = this.options;
    const outdir = options.outdir ?? process.env.CDKTF_OUTDIR ?? "cdktf.out";
    const info = options.info ?? ((line: string) => process.stdout.write(`${line}\n`));
    const error = options.error ?? ((line: string) => process.stderr.write(`${line}\n`));
    const limit = options.maxStackResources ?? STACK_RESOURCE_WARNING;
    let sizes: StackSize[];
    try {
      const app = new App({ outdir });
      build(app);
      sizes = AppSynthesis.sizes(app);
      for (const [i, stack] of app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack).entries()) {
        if (sizes[i].resources > limit) warn(stack, tooLarge(sizes[i], limit));
      }
      app.synth();
    } catch (thrown) {
      removeSynthesizedStacks(outdir);
      const input = thrown instanceof ValidationError || thrown instanceof ValidationErrors;
      error(input ? thrown.message : thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown));
      return 1;
    }
    for (const line of stackLines(sizes)) info(line);
    return 0;
  }

  /** The size of each stack of an app, in the order of its stacks. */
  public static sizes(app: App): StackSize[] {
    return app.node.children
      .filter((child): child is TerraformStack => child instanceof TerraformStack)
      .map((stack) => {
        let resources = 0;
        let dataSources = 0;
        let roles = 0;
        let bindings = 0;
        for (const node of stack.node.findAll()) {
          if (node instanceof TerraformResource) {
            resources++;
            if (node.terraformResourceType === "aws_iam_role") roles++;
          } else if (node instanceof TerraformDataSource) dataSources++;
          else if (node instanceof WorkloadIdentity) bindings++;
        }
        return { name: stack.node.id, resources, dataSources, roles, bindings };
      });
  }
}

/** One line per stack, names padded to one column: `workloads-dev  12 resources, 4 roles, 4 bindings`. */
function stackLines(sizes: readonly StackSize[]): string[] {
  const width = Math.max(0, ...sizes.map((s) => s.name.length));
  const plural = (n: number, one: string) => `${n.toLocaleString("en-US")} ${one}${n === 1 ? "" : "s"}`;
  return sizes.map((s) =>
    `${s.name.padEnd(width)}  ${plural(s.resources, "resource")}, ${plural(s.roles, "role")}, ${plural(s.bindings, "binding")}`.trimEnd(),
  );
}

function tooLarge(size: StackSize, limit: number): string {
  return (
    `${size.resources.toLocaleString("en-US")} resources, more than ${limit.toLocaleString("en-US")}: every plan of this stack plans all of them, ` +
    'whatever changed. Put its workloads into several stacks (a workload\'s "stack", see docs/stacks.md)'
  );
}

/** A warning annotation without cdktf's stack trace, which would put this checkout's paths into manifest.json. */
function warn(stack: TerraformStack, message: string): void {
  stack.node.addMetadata(AnnotationMetadataEntryType.WARN, message, { stackTrace: false });
}

/** Removes the files a synth writes (the manifest and each stack's JSON), and only those. */
function removeSynthesizedStacks(outdir: string): void {
  rmSync(join(outdir, "manifest.json"), { force: true });
  const stacks = join(outdir, "stacks");
  if (!existsSync(stacks)) return;
  for (const entry of readdirSync(stacks, { withFileTypes: true })) {
    if (entry.isDirectory()) rmSync(join(stacks, entry.name, "cdk.tf.json"), { force: true });
  }
}
