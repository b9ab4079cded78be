import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { main } from "../main";
import { EXAMPLE_PLATFORM_CONFIG_FILE } from "../modules/platform/config-file";
import { single } from "./support/helpers";

/** A fresh directory for the output and the configuration files, removed after `body`. */
function withDir(body: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), "eks-irsa-main-"));
  try {
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the app as cdktf does, with a configuration file; returns the exit code and what it printed on each stream. */
function run(env: NodeJS.ProcessEnv): { code: number; info: string[]; errors: string[] } {
  const info: string[] = [];
  const errors: string[] = [];
  const code = main(env, { info: (line) => info.push(line), error: (line) => errors.push(line) });
  return { code, info, errors };
}

const stackJson = (outdir: string, stack: string) => JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
const EXAMPLE_TEXT = readFileSync(EXAMPLE_PLATFORM_CONFIG_FILE, "utf8");

/** `<line>:<column>` (from 1) of `value` on the first line of the example that holds `snippet`, as the errors give it. */
function positionIn(snippet: string, value: string): string {
  const lines = EXAMPLE_TEXT.split("\n");
  const line = lines.findIndex((l) => l.includes(snippet));
  if (line === -1) throw new Error(`${snippet} is not in the example`);
  return `${line + 1}:${lines[line].indexOf(value, lines[line].indexOf(snippet)) + 1}`;
}

describe("the app (main.ts)", () => {
  test("synthesizes the file EKS_IRSA_CONFIG names, says which file it uses and ends with one line per stack, all on standard output", () => {
    withDir((dir) => {
      const outdir = join(dir, "out");
      const { code, info, errors } = run({ EKS_IRSA_CONFIG: EXAMPLE_PLATFORM_CONFIG_FILE, CDKTF_OUTDIR: outdir });
      // Nothing on standard error, which cdktf-cli prints as a red [ERROR] line.
      expect(errors).toEqual([]);
      expect(info).toEqual([
        `cdktf-eks-irsa: configuration ${EXAMPLE_PLATFORM_CONFIG_FILE} (from EKS_IRSA_CONFIG)`,
        "eks-dev            80 resources, 8 roles, 3 bindings",
        "workloads-dev      27 resources, 5 roles, 5 bindings",
        "eks-staging        49 resources, 4 roles, 0 bindings",
        "workloads-staging  27 resources, 5 roles, 5 bindings",
        "eks-prod           52 resources, 3 roles, 0 bindings",
        "workloads-prod     27 resources, 5 roles, 5 bindings",
      ]);
      expect(code).toBe(0);
      for (const env of ["dev", "staging", "prod"]) {
        expect(existsSync(join(outdir, "stacks", `eks-${env}`, "cdk.tf.json"))).toBe(true);
        expect(existsSync(join(outdir, "stacks", `workloads-${env}`, "cdk.tf.json"))).toBe(true);
      }
    });
  });

  test("by default keeps local state in the project directory, for the stack and for the stacks that read it", () => {
    withDir((dir) => {
      const outdir = join(dir, "out");
      expect(run({ EKS_IRSA_CONFIG: EXAMPLE_PLATFORM_CONFIG_FILE, CDKTF_OUTDIR: outdir }).code).toBe(0);
      const own = stackJson(outdir, "eks-dev").terraform.backend.local.path;
      const [, remote] = single(stackJson(outdir, "workloads-dev"), "terraform_remote_state", "data");
      // Terraform resolves both paths from the stack's own directory.
      const expected = join(process.cwd(), "terraform.eks-dev.tfstate");
      expect(resolve(outdir, "stacks", "eks-dev", own)).toBe(expected);
      expect(resolve(outdir, "stacks", "workloads-dev", remote.config.path)).toBe(expected);
    });
  });

  test("keeps state in the bucket EKS_IRSA_STATE_BUCKET names", () => {
    withDir((dir) => {
      const outdir = join(dir, "out");
      expect(run({ EKS_IRSA_CONFIG: EXAMPLE_PLATFORM_CONFIG_FILE, CDKTF_OUTDIR: outdir, EKS_IRSA_STATE_BUCKET: "acme-tf-state" }).code).toBe(0);
      expect(stackJson(outdir, "eks-prod").terraform.backend.s3).toMatchObject({ bucket: "acme-tf-state", key: "cdktf-eks-irsa/eks-prod/terraform.tfstate" });
    });
  });

  test("fails when the configuration is invalid: every error with file, line and column, exit code 1, no stack trace", () => {
    withDir((dir) => {
      const file = join(dir, "platform.json");
      writeFileSync(file, EXAMPLE_TEXT.replace('"region": "eu-west-1"', '"region": "eu-west"').replace('"azCount": 2,', '"azCount": 7,'));
      const { code, info, errors } = run({ EKS_IRSA_CONFIG: file, CDKTF_OUTDIR: join(dir, "out") });
      expect(code).toBe(1);
      expect(info).toEqual([`cdktf-eks-irsa: configuration ${file} (from EKS_IRSA_CONFIG)`]);
      // One message, printed once, with every error in it.
      expect(errors).toHaveLength(1);
      expect(errors[0].split("\n")).toEqual([
        `cdktf-eks-irsa: ${file}: 2 errors`,
        `  - ${file}:${positionIn('"region": "eu-west-1"', '"eu-west-1"')}: environments[0].region "eu-west" is invalid: expected an AWS region such as eu-west-1`,
        `  - ${file}:${positionIn('"azCount": 2,', "2")}: environments[0].cluster.vpc.azCount 7 is invalid: must be a whole number from 2 to 6`,
      ]);
      expect(errors.join("\n")).not.toMatch(/\n\s+at /);
    });
  });

  test("fails at the line of a field that a construct refuses", () => {
    withDir((dir) => {
      const file = join(dir, "platform.json");
      writeFileSync(file, EXAMPLE_TEXT.replace('"minSize": 1,', '"minSize": 4,'));
      const { code, errors } = run({ EKS_IRSA_CONFIG: file, CDKTF_OUTDIR: join(dir, "out") });
      expect(code).toBe(1);
      expect(errors[0]).toMatch(
        new RegExp(
          `^cdktf-eks-irsa: .*platform\\.json: 1 error\\n {2}- .*platform\\.json:${positionIn('"minSize": 1,', "1")}: environments\\[0\\]\\.cluster\\.nodeGroups\\.default\\.minSize \\(4\\) must not exceed`,
        ),
      );
    });
  });

  test("fails when the file is missing, saying how to make one or choose another", () => {
    withDir((dir) => {
      const { code, errors } = run({ EKS_IRSA_CONFIG: join(dir, "platform.json"), CDKTF_OUTDIR: join(dir, "out") });
      expect(code).toBe(1);
      expect(errors[0]).toMatch(/platform\.json: cannot be read \(ENOENT, no such file\): create it \(.*\) or set EKS_IRSA_CONFIG to your configuration file$/);
    });
  });

  test("fails when the configuration is invalid, and leaves no stack behind in the output, but keeps everything else", () => {
    withDir((dir) => {
      const outdir = join(dir, "out");
      const file = join(dir, "platform.json");
      writeFileSync(file, EXAMPLE_TEXT);
      expect(run({ EKS_IRSA_CONFIG: file, CDKTF_OUTDIR: outdir }).code).toBe(0);
      expect(existsSync(join(outdir, "stacks", "eks-dev", "cdk.tf.json"))).toBe(true);
      // What terraform leaves in a stack directory, and state an older layout kept there.
      mkdirSync(join(outdir, "stacks", "eks-dev", ".terraform"));
      writeFileSync(join(outdir, "stacks", "eks-dev", "terraform.eks-dev.tfstate"), "{}");
      writeFileSync(file, EXAMPLE_TEXT.replace('"clusterName": "example-dev"', '"clusterName": "-bad"'));
      const { code, errors } = run({ EKS_IRSA_CONFIG: file, CDKTF_OUTDIR: outdir });
      expect(code).toBe(1);
      expect(errors[0]).toMatch(/environments\[0\]\.cluster\.clusterName "-bad" is invalid/);
      for (const stack of ["eks-dev", "workloads-dev", "eks-prod"]) expect(existsSync(join(outdir, "stacks", stack, "cdk.tf.json"))).toBe(false);
      expect(existsSync(join(outdir, "manifest.json"))).toBe(false);
      expect(existsSync(join(outdir, "stacks", "eks-dev", ".terraform"))).toBe(true);
      expect(readFileSync(join(outdir, "stacks", "eks-dev", "terraform.eks-dev.tfstate"), "utf8")).toBe("{}");
    });
  });

  test("fails when localStateDir is inside the output directory", () => {
    withDir((dir) => {
      const outdir = join(dir, "out");
      const file = join(dir, "platform.json");
      writeFileSync(file, JSON.stringify({ ...JSON.parse(EXAMPLE_TEXT), localStateDir: join(outdir, "state") }));
      const { code, errors } = run({ EKS_IRSA_CONFIG: file, CDKTF_OUTDIR: outdir });
      expect(code).toBe(1);
      expect(errors[0]).toMatch(/platform\.json:1:\d+: localStateDir ".*state" is inside the synth output directory/);
    });
  });
});
