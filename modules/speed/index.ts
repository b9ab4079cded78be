// `cdktf-eks-irsa/speed`: the synthesis patches of cdktf 0.21, for an app's entry point (they
// change the whole process, so a library never calls them). Each keeps the synthesized output
// byte-identical; see synthesis-speed.ts and token-stacks.ts. On another core (CDK Terrain) they
// change nothing (private/core-check.ts).
export { speedUpSynthesis } from "./synthesis-speed";
export { skipTokenCreationStacks } from "./token-stacks";
