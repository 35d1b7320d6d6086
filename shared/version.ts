export const GEIGER_VERSION = "0.1.0";
