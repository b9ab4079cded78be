export * from "./schema";
export * from "./load";
export * from "./json-schema";
