// What the redactor looks for: one entry per kind, each a linear-time finder. Every regex starts at a literal
// or behind a negative look-behind on its own character class and has bounded, non-nested quantifiers, so a
// scan never revisits a run more than a constant number of times (see the adversarial-input test). Each also
// names a literal hint that every match contains, so most strings are ruled out by one combined cheap test.

/** A span of `s` to replace; `[start, end)` is the secret itself (for key=value pairs: the value only). */
export interface Span {
  start: number;
  end: number;
  kind: string;
}

export interface Finder {
  kind: string;
  /** "secret" kinds are always redacted; "pii" kinds are switchable in config. */
  category: "secret" | "pii";
  /**
   * A necessary condition, cheap to test: a literal every match contains. `find(s)` can only return spans when
   * `hint.test(s)`, so the redactor skips the (costlier, look-behind-led) search on the many strings without it.
   */
  hint: RegExp;
  find(s: string): Span[];
}

/** Finder from a global regex; `group` selects the capture group (with the `d` flag) that is the secret. */
function regexFinder(
  kind: string,
  category: "secret" | "pii",
  hint: RegExp,
  re: RegExp,
  opts: { group?: number; accept?: (m: string) => boolean; trim?: (m: string) => number } = {},
): Finder {
  if (!re.global) throw new Error(`finder ${kind}: regex must be global`);
  if (hint.global || hint.sticky) throw new Error(`finder ${kind}: hint must not be global or sticky (test() would keep state)`);
  return {
    kind,
    category,
    hint,
    find(s) {
      const out: Span[] = [];
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(s)) !== null) {
        const g = opts.group ?? 0;
        const idx = m.indices?.[g];
        const text = m[g];
        if (idx && text !== undefined && (!opts.accept || opts.accept(text))) {
          const len = opts.trim ? opts.trim(text) : text.length;
          if (len > 0) out.push({ start: idx[0], end: idx[0] + len, kind });
        }
        if (m[0].length === 0) re.lastIndex++;
      }
      return out;
    },
  };
}

/** Luhn checksum over the digits of a candidate card number (separators ignored). */
export function luhnValid(candidate: string): boolean {
  let sum = 0;
  let n = 0;
  for (let i = candidate.length - 1; i >= 0; i--) {
    const c = candidate.charCodeAt(i) - 48;
    if (c < 0 || c > 9) continue;
    const d = n % 2 === 1 ? (c * 2 > 9 ? c * 2 - 9 : c * 2) : c;
    sum += d;
    n++;
  }
  return n >= 13 && n <= 19 && sum % 10 === 0;
}

/** PEM private keys, found with indexOf so that a string of many headers without footers stays linear. */
const pemPrivateKey: Finder = {
  kind: "private_key",
  category: "secret",
  hint: /-----BEGIN /,
  find(s) {
    const out: Span[] = [];
    const header = /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY-----/y;
    let from = 0;
    for (;;) {
      const b = s.indexOf("-----BEGIN ", from);
      if (b === -1) break;
      header.lastIndex = b;
      if (!header.test(s)) { from = b + 1; continue; }
      const e = s.indexOf("-----END ", header.lastIndex);
      // No footer after this header means none after any later header either: the rest is a truncated key.
      if (e === -1) { out.push({ start: b, end: s.length, kind: "private_key" }); break; }
      const close = s.indexOf("-----", e + 9);
      const end = close === -1 ? s.length : Math.min(s.length, close + 5);
      out.push({ start: b, end, kind: "private_key" });
      from = end;
    }
    return out;
  },
};

/** Accepted length of an email candidate: trailing dots/hyphens dropped, the last label must look like a TLD. */
function emailLength(m: string): number {
  let end = m.length;
  while (end > 0 && (m[end - 1] === "." || m[end - 1] === "-")) end--;
  const tld = m.slice(m.lastIndexOf(".", end - 1) + 1, end);
  return /^[A-Za-z]{2,24}$/.test(tld) ? end : 0;
}

const TOKEN = "A-Za-z0-9_\\-";

export const FINDERS: readonly Finder[] = [
  pemPrivateKey,
  regexFinder("aws_access_key", "secret", /AKIA|ASIA|ABIA|ACCA|AIDA|AROA/, /(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|AIDA|AROA)[A-Z0-9]{16}(?![A-Z0-9])/dg),
  regexFinder("github_token", "secret", /gh[pousr]_|github_pat_/, new RegExp(`(?<![${TOKEN}])(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,255})(?![${TOKEN}])`, "dg")),
  regexFinder("slack_token", "secret", /xox[abposre]-/, /(?<![A-Za-z0-9-])xox[abposre]-[A-Za-z0-9-]{10,250}/dg),
  regexFinder("slack_webhook", "secret", /https:\/\/hooks\.slack\.com\/services\//, /https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/]{20,120}/dg),
  regexFinder("stripe_key", "secret", /k_(?:live|test)_/, /(?<![A-Za-z0-9_])(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,247}/dg),
  regexFinder("anthropic_api_key", "secret", /sk-ant-/, new RegExp(`(?<![${TOKEN}])sk-ant-[${TOKEN}]{20,250}`, "dg")),
  regexFinder("openai_api_key", "secret", /sk-/, new RegExp(`(?<![${TOKEN}])sk-(?!ant-)(?:proj-|svcacct-|admin-)?[${TOKEN}]{20,250}`, "dg")),
  regexFinder("google_api_key", "secret", /AIza/, new RegExp(`(?<![${TOKEN}])AIza[${TOKEN}]{35}(?![${TOKEN}])`, "dg")),
  regexFinder("jwt", "secret", /eyJ/, new RegExp(`(?<![${TOKEN}.])eyJ[${TOKEN}]{5,8192}\\.eyJ[${TOKEN}]{5,16384}\\.[${TOKEN}]{10,8192}`, "dg")),
  regexFinder("url_password", "secret", /:\/\//, /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,20}:\/\/[^\s/:@"']{0,128}:([^\s/@"']{1,128})@/dg, { group: 1 }),
  regexFinder("bearer_token", "secret", /[Bb]earer[ \t]/, /(?<![A-Za-z])[Bb]earer[ \t]{1,8}([A-Za-z0-9._~+/=-]{8,4096})/dg, { group: 1 }),
  regexFinder("basic_auth", "secret", /[Bb]asic[ \t]/, /(?<![A-Za-z])[Bb]asic[ \t]{1,8}([A-Za-z0-9+/]{8,4096}={0,2})(?![A-Za-z0-9+/=])/dg, { group: 1 }),
  regexFinder(
    "credential_pair",
    "secret",
    /password|passwd|pwd|secret|api[_-]?key|access[_-]?token|auth[_-]?token|refresh[_-]?token|private[_-]?key/i,
    /(?<![A-Za-z0-9_])(?:password|passwd|pwd|secret|client_secret|api[_-]?key|access[_-]?token|auth[_-]?token|refresh[_-]?token|private[_-]?key|aws_secret_access_key)["']?[ \t]{0,5}[=:][ \t]{0,5}["']?([^\s"'&,;}]{1,512})/dgi,
    { group: 1, accept: (v) => !v.startsWith("[REDACTED:") },
  ),
  regexFinder("email", "pii", /@/, /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}\.[A-Za-z0-9.-]{2,253}/dg, { trim: emailLength }),
  regexFinder("credit_card", "pii", /[0-9]{4}/, /(?<![0-9])(?:[0-9]{13,19}|[0-9]{4}([ -])[0-9]{4}\1[0-9]{4}\1[0-9]{1,7}|[0-9]{4}([ -])[0-9]{6}\2[0-9]{5})(?![0-9])/dg, { accept: luhnValid }),
  regexFinder("us_ssn", "pii", /[0-9]-[0-9]{2}-[0-9]/, /(?<![0-9])(?!000|666|9[0-9]{2})[0-9]{3}-(?!00)[0-9]{2}-(?!0000)[0-9]{4}(?![0-9-])/dg),
];

/**
 * Object keys whose string value is a credential as a whole (`{"password": "hunter2"}`). Compared lower-case
 * with `-` folded to `_`.
 */
export const SENSITIVE_KEYS: ReadonlySet<string> = new Set([
  "password", "passwd", "pwd", "secret", "client_secret", "api_key", "apikey", "x_api_key", "access_token",
  "refresh_token", "id_token", "auth_token", "token", "private_key", "authorization", "proxy_authorization",
  "cookie", "set_cookie", "aws_secret_access_key", "session_token",
]);
