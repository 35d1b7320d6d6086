// Writes docs/schemas/*.json from the zod contracts.
import { mkdirSync, writeFileSync } from "node:fs";
import { contractJsonSchemas } from "../shared/schema/json-schema.js";

mkdirSync("docs/schemas", { recursive: true });
for (const [file, schema] of Object.entries(contractJsonSchemas())) {
  writeFileSync(`docs/schemas/${file}`, JSON.stringify(schema, null, 2) + "\n");
  process.stdout.write(`wrote docs/schemas/${file}\n`);
}
