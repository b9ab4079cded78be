export * from "./types";
export * from "./load";
export * from "./json-schema";
