// Host classification for the exfiltration detectors: trusted (configured) and internal (loopback, private
// ranges, local names) hosts are never "external destinations".

/** True when `host` is one of the trusted domains or a subdomain of one. */
export function isTrustedHost(host: string, trusted: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, "");
  for (const t of trusted) {
    const d = t.toLowerCase().replace(/^\*\./, "").replace(/\.$/, "");
    if (h === d || h.endsWith(`.${d}`)) return true;
  }
  return false;
}

/** Loopback, RFC 1918 / link-local / ULA addresses and local-only names. */
export function isInternalHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  if (h === "localhost" || h.endsWith(".localhost") || h.endsWith(".local") || h.endsWith(".internal") || h.endsWith(".lan") || h.endsWith(".home.arpa")) return true;
  if (/^(?:127|10)\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || /^192\.168\.\d{1,3}\.\d{1,3}$/.test(h) || /^169\.254\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  const m = /^172\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(h);
  if (m && Number(m[1]) >= 16 && Number(m[1]) <= 31) return true;
  if (h.includes(":")) return h === "::1" || /^f[cd][0-9a-f]{0,2}:/.test(h) || h.startsWith("fe80:");
  return !h.includes("."); // single-label names resolve only on the local network
}

/** Registrable-ish domain used as the first-seen key: the last two labels (three for common 2nd-level TLDs). */
export function baseDomain(host: string): string {
  const labels = host.toLowerCase().replace(/\.$/, "").split(".");
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(host)) return host;
  const two = labels.slice(-2).join(".");
  return /^(?:co|com|net|org|gov|ac|edu)\.[a-z]{2}$/.test(two) && labels.length >= 3 ? labels.slice(-3).join(".") : two;
}
