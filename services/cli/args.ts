// Minimal flag parsing shared by the commands: --flag value, --flag=value, boolean flags, and `--` rest.
export interface ParsedArgs {
  flags: Map<string, string | true>;
  positional: string[];
  rest: string[];
}

export function parseArgs(argv: string[], booleanFlags: readonly string[] = []): ParsedArgs {
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  let rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") { rest = argv.slice(i + 1); break; }
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
      else if (booleanFlags.includes(a.slice(2)) || i + 1 >= argv.length || argv[i + 1]!.startsWith("--")) flags.set(a.slice(2), true);
      else flags.set(a.slice(2), argv[++i]!);
    } else positional.push(a);
  }
  return { flags, positional, rest };
}

export function stringFlag(p: ParsedArgs, name: string): string | undefined {
  const v = p.flags.get(name);
  return typeof v === "string" ? v : undefined;
}
