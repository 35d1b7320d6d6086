// PLACEHOLDER — replaced by the service's own implementation.
export async function run(_argv: string[]): Promise<number> {
  process.stderr.write("geiger: this command is not built yet\n");
  return 70;
}
