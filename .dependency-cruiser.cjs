// The house's rules: the domain folders of modules/ import downwards only, in this order from the
// top: platform -> cluster -> identity -> addons -> iam -> core. speed/ (the synthesis patches) and
// the app-only startup/ modules stand apart; a folder's private/ is its own; the package's index
// exports no private file; the access review imports only node built-ins and the one shared
// dependency-free file; the examples import the package by its name, as a user's app does; npm run
// synth's tool (tools/synth.ts) imports the app only, and the build check (tools/fresh.cjs) node only.
// `npm test` runs `npm run structure`; test/structure.test.ts checks that each rule catches what it is
// there for.
const LAYERS = ["core", "iam", "addons", "identity", "cluster", "platform"];

/** For each layer, the layers above it: importing one of them is an arrow back up. */
const upward = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `no-upward-from-${layer}`,
  comment: `modules/${layer}/ sits below ${LAYERS.slice(i + 1).join(", ")}: it may import only ${LAYERS.slice(0, i).join(", ") || "no other folder of modules/"}`,
  severity: "error",
  from: { path: `^modules/${layer}/` },
  to: { path: `^modules/(${[...LAYERS.slice(i + 1), "speed"].join("|")})/` },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: "no-layer-imports-speed",
      comment: "modules/platform/ does not patch cdktf: the synthesis patches (modules/speed/) are the app's choice, made in main.ts",
      severity: "error",
      from: { path: "^modules/platform/" },
      to: { path: "^modules/speed/" },
    },
    {
      name: "speed-stands-apart",
      comment: "modules/speed/ patches cdktf and knows nothing of the constructs",
      severity: "error",
      from: { path: "^modules/speed/" },
      to: { path: "^modules/(?!speed/)" },
    },
    {
      name: "modules-import-no-app",
      comment: "the library never imports the app (main.ts), its startup modules, the tools or the tests",
      severity: "error",
      from: { path: "^modules/" },
      to: { path: "^(main\\.ts|startup/|tools/|test/)" },
    },
    {
      name: "startup-loads-first",
      comment: "startup/ runs before anything loads cdktf or zod: it imports neither the library nor the app",
      severity: "error",
      from: { path: "^startup/" },
      to: { path: "^(modules/|main\\.ts|tools/)" },
    },
    {
      name: "private-stays-home",
      comment: "a folder's private/ is used by that folder only",
      severity: "error",
      from: { path: "^modules/([^/]+)/" },
      to: { path: "^modules/([^/]+)/private/", pathNot: "^modules/$1/" },
    },
    {
      name: "private-from-outside",
      comment: "only the library's own folders reach into a private/ (the tests import by path, and are not cruised)",
      severity: "error",
      from: { path: "^(main\\.ts|startup/|tools/)" },
      to: { path: "/private/" },
    },
    {
      name: "index-exports-no-private",
      comment: "the package's entry points export no private file",
      severity: "error",
      from: { path: ["^modules/index\\.ts$", "^modules/speed/index\\.ts$"] },
      to: { path: "/private/" },
    },
    {
      name: "review-imports-node-and-one-file",
      comment: "the access review runs on any synthesized output: it imports node built-ins, itself and modules/core/hcl-template.ts only",
      severity: "error",
      from: { path: "^tools/review(\\.ts$|/)" },
      to: { pathNot: "^(tools/review(\\.ts$|/)|modules/core/hcl-template\\.ts$)", dependencyTypesNot: ["core"] },
    },
    {
      name: "stacks-imports-node-only",
      comment: "the stacks tool (changed stacks, state moves) runs on any synthesized output: node built-ins only",
      severity: "error",
      from: { path: "^tools/stacks\\.ts$" },
      to: { dependencyTypesNot: ["core"] },
    },
    {
      name: "synth-imports-the-app-only",
      comment: "tools/synth.ts (npm run synth) runs the app in its own process: it imports main.ts and node built-ins only, and no tool imports it",
      severity: "error",
      from: { path: "^tools/synth\\.ts$" },
      to: { pathNot: "^main\\.ts$", dependencyTypesNot: ["core"] },
    },
    {
      name: "no-tool-imports-synth",
      comment: "tools/synth.ts runs the app when loaded: only npm run synth loads it",
      severity: "error",
      from: { path: "^(main\\.ts|startup/|modules/|tools/)" },
      to: { path: "^tools/synth\\.ts$" },
    },
    {
      name: "fresh-loads-node-only",
      comment: "tools/fresh.cjs is plain JavaScript that decides whether to compile, preloaded before the app's startup modules: node built-ins only",
      severity: "error",
      from: { path: "^tools/fresh\\.cjs$" },
      to: { dependencyTypesNot: ["core"] },
    },
    {
      name: "shared-file-stays-dependency-free",
      comment: "modules/core/hcl-template.ts is shared with the review tool: it imports nothing",
      severity: "error",
      from: { path: "^modules/core/hcl-template\\.ts$" },
      to: {},
    },
    {
      name: "examples-import-the-package",
      comment: "an example is a user's app: it imports the package by its name (cdktf-eks-irsa, cdktf-eks-irsa/speed), never a file of this repository",
      severity: "error",
      from: { path: "^examples/" },
      to: { path: "^(modules/|startup/|tools/|test/|main\\.ts$)" },
    },
    {
      name: "no-circular",
      comment: "no circle of imports, inside a folder or across folders",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-provider-barrel",
      comment: "provider packages by deep path (@cdktf/provider-aws/lib/<resource>): the package root loads every resource, seconds and a gigabyte",
      severity: "error",
      from: {},
      to: { path: "node_modules/@cdktf/provider-[a-z]+/lib/index\\.js$" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    parser: "swc",
    exclude: { path: "^(dist|node_modules|cdktf\\.out)/" },
  },
};
