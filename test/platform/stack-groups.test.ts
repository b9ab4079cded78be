/**
 * Workloads stacks by the `stack` a workload names: each group its own stack
 * `workloads-<env>-<stack>` with its own state; names and resource addresses that stay when a binding
 * moves from one stack to another or a stack is added, so that a move is a state move and nothing else.
 */
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { Testing, TerraformStack } from "cdktf";
import { EXAMPLE_PLATFORM_CONFIG_FILE, PlatformConfigSource } from "../../modules/platform/config-file";
import type { PlatformConfig, WorkloadConfig } from "../../modules/platform/config";
import { ValidationErrors } from "../../modules/core/errors";
import { Platform } from "../../modules/platform/platform";
import { ofType, type Synthesized } from "../support/helpers";

const EXAMPLE = PlatformConfigSource.read(EXAMPLE_PLATFORM_CONFIG_FILE).config;

/** A binding of `<team>/<name>`, in the namespace of its team (created by the binding that says so). */
function binding(team: string, name: string, stack?: string, createNamespace = false): WorkloadConfig {
  return {
    ...(stack === undefined ? {} : { stack }),
    serviceAccounts: [{ namespace: team, name, ...(createNamespace ? { createNamespace } : {}) }],
    policyStatements: [{ actions: ["s3:GetObject"], resources: [`arn:aws:s3:::example-${team}-${name}/*`] }],
  };
}

/** The example's dev environment alone, with these workloads. */
function platform(workloads: WorkloadConfig[]): PlatformConfig {
  return { ...EXAMPLE, localStateDir: "/state", environments: [{ ...EXAMPLE.environments[0], workloads }] };
}

/** Every stack's JSON text and parsed JSON, by stack name. */
function synth(config: PlatformConfig): Record<string, { text: string; json: Synthesized }> {
  const app = Testing.app();
  new Platform(app, { config });
  app.synth();
  const stacks = app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack).map((s) => s.node.id);
  const out = Object.fromEntries(
    stacks.map((name) => {
      const text = readFileSync(join(app.outdir, "stacks", name, "cdk.tf.json"), "utf8");
      return [name, { text, json: JSON.parse(text) }];
    }),
  );
  rmSync(app.outdir, { recursive: true, force: true });
  return out;
}

/** A stack's resources by address, without cdktf's `//` comments (they hold the construct path, stack name included). */
function resources(json: Synthesized): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [type, items] of Object.entries(json.resource ?? {})) {
    for (const [name, body] of Object.entries(items as Record<string, Record<string, unknown>>)) {
      const { "//": _comment, ...rest } = body;
      out[`${type}.${name}`] = rest;
    }
  }
  return out;
}

/** The addresses of one binding's resources in a stack: those whose construct path starts with the binding's key. */
function addressesOf(json: Synthesized, key: string): string[] {
  const out: string[] = [];
  for (const [type, items] of Object.entries(json.resource ?? {})) {
    for (const [name, body] of Object.entries(items as Record<string, any>)) {
      if ((body["//"].metadata.path as string).split("/")[1] === key) out.push(`${type}.${name}`);
    }
  }
  return out.sort();
}

const payments = [binding("payments", "api", "payments", true), binding("payments", "worker", "payments")];
const search = [binding("search", "indexer", "search", true)];
const shared = [binding("reports", "s3-reader", undefined, true), binding("reports", "exporter")];

describe("workloads stacks by the stack a workload names", () => {
  const grouped = synth(platform([...shared, ...payments, ...search]));

  test("each stack named gets workloads-<env>-<stack>, beside workloads-<env> for the rest, each with its own state", () => {
    expect(Object.keys(grouped).sort()).toEqual(["eks-dev", "workloads-dev", "workloads-dev-payments", "workloads-dev-search"]);
    for (const stack of ["workloads-dev", "workloads-dev-payments", "workloads-dev-search"]) {
      expect(grouped[stack].json.terraform!.backend.local.path).toMatch(new RegExp(`/state/terraform\\.${stack}\\.tfstate$`));
    }
  });

  test("holds its own bindings only, and reads the cluster from the cluster stack's state", () => {
    const roles = (stack: string) =>
      ofType(grouped[stack].json, "aws_iam_role")
        .map(([, r]) => r.name)
        .sort();
    expect(roles("workloads-dev")).toEqual(["workloads-dev_reports_exporter", "workloads-dev_reports_s3-reader"]);
    // The role names come from the environment, not the stack: a binding keeps its role wherever it is.
    expect(roles("workloads-dev-payments")).toEqual(["workloads-dev_payments_api", "workloads-dev_payments_worker"]);
    expect(roles("workloads-dev-search")).toEqual(["workloads-dev_search_indexer"]);
    expect(Object.keys(grouped["workloads-dev-payments"].json.data!.terraform_remote_state)).toEqual(["cross-stack-reference-input-eks-dev"]);
    expect(ofType(grouped["workloads-dev-payments"].json, "kubernetes_namespace_v1").map(([, n]) => n.metadata.name)).toEqual(["payments"]);
  });

  test("bindings that move to another stack keep their addresses and every value, so a state move is all it takes", () => {
    // The namespace's bindings move together: a stack uses only the namespaces it creates itself (or none creates).
    const moved = synth(platform([...shared.map((w) => ({ ...w, stack: "payments" })), ...payments, ...search]));
    const before = grouped["workloads-dev"].json;
    const after = moved["workloads-dev-payments"].json;
    // Their roles, policies, attachments and service accounts, and the namespace they create (the stack's, under namespaces/).
    const [namespaceId] = ofType(before, "kubernetes_namespace_v1").find(([, n]) => n.metadata.name === "reports")!;
    const bindings = [...addressesOf(before, "reports_s3-reader"), ...addressesOf(before, "reports_exporter")];
    const addresses = [...bindings, `kubernetes_namespace_v1.${namespaceId}`].sort();
    expect(addresses).toHaveLength(9);
    expect([...addressesOf(after, "reports_s3-reader"), ...addressesOf(after, "reports_exporter")]).toEqual(bindings);
    const was = resources(before);
    const is = resources(after);
    for (const address of addresses) expect(is[address]).toEqual(was[address]);
    // It left its old stack, and nothing else there changed.
    const rest = Object.keys(was).filter((a) => !addresses.includes(a));
    expect(Object.keys(resources(moved["workloads-dev"].json)).sort()).toEqual(rest.sort());
    for (const address of rest) expect(resources(moved["workloads-dev"].json)[address]).toEqual(was[address]);
    // The stacks it did not touch are byte-identical.
    for (const stack of ["eks-dev", "workloads-dev-search"]) expect(moved[stack].text).toBe(grouped[stack].text);
  });

  test("a stack added leaves every other stack byte-identical", () => {
    const added = synth(platform([...shared, ...payments, ...search, binding("billing", "invoicer", "billing", true)]));
    expect(Object.keys(added).sort()).toEqual(["eks-dev", "workloads-dev", "workloads-dev-billing", "workloads-dev-payments", "workloads-dev-search"]);
    for (const stack of Object.keys(grouped)) expect(`${stack} ${added[stack].text === grouped[stack].text}`).toBe(`${stack} true`);
  });

  test("an environment whose workloads name no stack synthesizes as before: workloads-<env> alone, roles named after it", () => {
    const plain = synth(platform(shared));
    expect(Object.keys(plain).sort()).toEqual(["eks-dev", "workloads-dev"]);
    expect(plain["workloads-dev"].text).toBe(synth(platform([...shared, ...payments]))["workloads-dev"].text);
  });
});

describe("workloads stacks: bad input", () => {
  const problems = (config: PlatformConfig): string[] => {
    try {
      new Platform(Testing.app(), { config });
    } catch (error) {
      if (error instanceof ValidationErrors) return error.errors.map((e) => e.message);
      return [(error as Error).message];
    }
    throw new Error("expected an error");
  };

  test("fails when a stack name is not 1-31 lower-case letters, digits or '-'", () => {
    expect(problems(platform([binding("a", "b", "Payments")]))).toEqual([
      `environments[0].workloads[0].stack "Payments" is invalid: use 1-31 lower-case letters, digits or '-', starting with a letter or digit (it names the stack workloads-<environment>-<stack>)`,
    ]);
  });

  test("fails when a service account is bound in two stacks", () => {
    expect(problems(platform([binding("a", "b", "one"), binding("a", "b", "two")]))).toEqual([
      'environments[0].workloads[1].serviceAccounts[0] "a/b" is invalid: workloads[0] binds it already, in stack workloads-dev-one: a service account is bound once per cluster, by one role',
    ]);
  });

  test("fails when two stacks create one namespace", () => {
    expect(problems(platform([binding("a", "b", undefined, true), binding("a", "c", "two", true)]))).toEqual([
      "environments[0].workloads[1].serviceAccounts[0].createNamespace true is invalid: workloads[0] creates namespace a already, in stack workloads-dev: one stack creates a namespace, set createNamespace there only",
    ]);
  });

  test("fails when a binding uses a namespace that another stack creates", () => {
    expect(problems(platform([binding("a", "b", undefined, true), binding("a", "c", "two")]))).toEqual([
      'environments[0].workloads[1].serviceAccounts[0].namespace "a" is invalid: stack workloads-dev creates it (workloads[0]), and this binding is in stack workloads-dev-two, which may deploy first: put the bindings of a namespace that the platform creates into one stack',
    ]);
  });

  test("fails when two bindings in different stacks have one role key (and so one role name)", () => {
    const a = { ...binding("a", "b", "one"), roleKey: "shared" };
    const b = { ...binding("a", "c", "two"), roleKey: "shared" };
    expect(problems(platform([a, b]))).toEqual([
      'environments[0].workloads[1].roleKey "shared" is invalid: workloads[0] has the same role key: role keys (or the <namespace>_<name> of a workload\'s only service account) are unique in a stack',
    ]);
  });

  test("fails when a stack of one environment has the name of another's", () => {
    const config: PlatformConfig = {
      ...EXAMPLE,
      localStateDir: "/state",
      environments: [
        { ...EXAMPLE.environments[0], name: "dev", workloads: [binding("a", "b", "eu")] },
        { ...EXAMPLE.environments[1], name: "dev-eu", workloads: [] },
      ],
    };
    expect(problems(config)).toEqual([
      'environments[1] "workloads-dev-eu" is invalid: environments[0] has a stack of that name already: rename an environment or a workload\'s stack',
    ]);
  });
});
