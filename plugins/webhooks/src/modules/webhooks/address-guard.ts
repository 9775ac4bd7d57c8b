import { lookup } from "node:dns/promises"
import { BlockList, isIP } from "node:net"

/** Addresses a webhook must not reach: the server itself, private networks, cloud metadata. */
const BLOCKED = new BlockList()
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  BLOCKED.addSubnet(net, prefix, "ipv4")
}
// IPv4-mapped IPv6 addresses (::ffff:127.0.0.1) are checked against the IPv4 rules by BlockList.
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  BLOCKED.addSubnet(net, prefix, "ipv6")
}

export class UnsafeUrlError extends Error {}

export type AddressPolicy = {
  /** Hosts (names or addresses) allowed even though they resolve to blocked addresses. */
  allowedHosts: string[]
  /** Accept `http:` URLs (development and tests); production requires `https:`. */
  allowHttp: boolean
}

/** Checks the form of a URL: scheme, no credentials. Throws UnsafeUrlError with the reason. */
export function checkUrl(raw: string, policy: AddressPolicy): URL {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new UnsafeUrlError(`"${raw}" is not a URL`)
  }
  if (url.protocol !== "https:" && !(policy.allowHttp && url.protocol === "http:")) {
    throw new UnsafeUrlError(`the URL must use https, got ${url.protocol.replace(":", "")}`)
  }
  if (url.username || url.password) {
    throw new UnsafeUrlError("the URL must not carry a user name or password")
  }
  return url
}

/**
 * The address to connect to: the host resolved once, every answer checked, so a name that
 * resolves to a private address (or changes its answer between check and use) is refused.
 */
export async function safeAddress(
  url: URL,
  policy: AddressPolicy
): Promise<{ address: string; family: 4 | 6 }> {
  const host = url.hostname.replace(/^\[|\]$/g, "")
  const resolved = isIP(host)
    ? [{ address: host, family: isIP(host) as 4 | 6 }]
    : ((await lookup(host, { all: true, verbatim: true })) as { address: string; family: 4 | 6 }[])
  if (!resolved.length) {
    throw new UnsafeUrlError(`${host} does not resolve`)
  }
  if (!policy.allowedHosts.includes(host)) {
    const blocked = resolved.find((r) => BLOCKED.check(r.address, r.family === 6 ? "ipv6" : "ipv4"))
    if (blocked) {
      throw new UnsafeUrlError(
        `${host} resolves to ${blocked.address}, a loopback, private, link-local or reserved address`
      )
    }
  }
  return resolved[0]
}
