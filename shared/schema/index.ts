// Public face of Geiger's contracts: schemas and the types inferred from them.
export * from "./telemetry.js";
export * from "./alert.js";
