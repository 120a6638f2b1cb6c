/**
 * Whether the companion's API is open to other machines, and by which names they reach it. Closed (the default):
 * it listens on 127.0.0.1 and answers only to loopback names. Opened by watch-config's http.listen (a non-loopback
 * address) or http.allowedHosts: then every request but /api/health needs the pairing token (guards.ts).
 */
import { isIP } from "node:net";

/** The http settings this file reads; older fakes and configs may lack the network keys. */
export interface NetworkSettings {
  readonly port: number;
  readonly listen?: string;
  readonly allowedHosts?: readonly string[];
  readonly publicUrl?: string;
}

export const LOOPBACK = "127.0.0.1";

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.replace(/^::ffff:/i, "");
  return plain === "::1" || (isIP(plain) === 4 && plain.startsWith("127."));
}

const isWildcard = (address: string) => address === "0.0.0.0" || address === "::";

export function listenAddress(http: NetworkSettings): string {
  return http.listen ?? LOOPBACK;
}

/** Names (without port) other machines may use in the Host header: the configured ones and a specific address. */
export function networkHosts(http: NetworkSettings): string[] {
  const listen = listenAddress(http);
  const hosts = (http.allowedHosts ?? []).map((h) => h.toLowerCase());
  if (!isLoopbackAddress(listen) && !isWildcard(listen)) hosts.push(listen.toLowerCase());
  return [...new Set(hosts)];
}

/** Open to the network: bound beyond loopback (now, or as configured), or answering to other names. */
export function networkOpen(http: NetworkSettings, bound?: string): boolean {
  return (
    !isLoopbackAddress(listenAddress(http)) ||
    (bound !== undefined && !isLoopbackAddress(bound)) ||
    (http.allowedHosts ?? []).length > 0
  );
}

/** host:port as a Host header or URL writes it (IPv6 in brackets). */
export function hostWithPort(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * Where workers on other machines fetch models from: http.publicUrl, else the first configured host name, else a
 * specific listen address, else loopback (good for workers on this machine only).
 */
export function advertisedUrl(http: NetworkSettings, port: number): string {
  if (http.publicUrl) return http.publicUrl;
  const host = networkHosts(http)[0] ?? LOOPBACK;
  return `http://${hostWithPort(host, port)}`;
}
