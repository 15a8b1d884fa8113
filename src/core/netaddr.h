/* What kind of network an IP address belongs to: the check behind "media URLs reach public hosts". */
#ifndef AG_NETADDR_H
#define AG_NETADDR_H

#include <stddef.h>
#include <sys/socket.h>

/*
 * NULL for a public unicast address; otherwise a short name of why it is not public: "loopback",
 * "private", "link-local" (169.254/16 holds cloud metadata services), "unspecified" (0.0.0.0 and ::
 * reach this host), "carrier-grade NAT", "multicast", "reserved", "unique local"...  IPv4-mapped
 * (::ffff:a.b.c.d), IPv4-compatible and NAT64 (64:ff9b::/96) IPv6 addresses are judged by the IPv4
 * address inside.  Other families are "not IP".
 */
const char *ag_netaddr_nonpublic(const struct sockaddr *addr);

/* The address as text ("10.0.0.1", "fe80::1") in out (INET6_ADDRSTRLEN is enough); returns out. */
const char *ag_netaddr_text(const struct sockaddr *addr, char *out, size_t size);

#endif
