#include "core/netaddr.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const struct {
    uint32_t net;
    int bits;
    const char *kind;
} v4_ranges[] = {
    {0x00000000, 8, "unspecified"},        /* 0.0.0.0/8: "this network", 0.0.0.0 reaches this host */
    {0x0a000000, 8, "private"},            /* 10/8 */
    {0x64400000, 10, "carrier-grade NAT"}, /* 100.64/10, shared address space */
    {0x7f000000, 8, "loopback"},           /* 127/8 */
    {0xa9fe0000, 16, "link-local"},        /* 169.254/16, cloud metadata */
    {0xac100000, 12, "private"},           /* 172.16/12 */
    {0xc0000000, 24, "reserved"},          /* 192.0.0/24, IETF protocol assignments */
    {0xc0a80000, 16, "private"},           /* 192.168/16 */
    {0xc6120000, 15, "reserved"},          /* 198.18/15, benchmarking */
    {0xe0000000, 4, "multicast"},          /* 224/4 */
    {0xf0000000, 4, "reserved"},           /* 240/4, broadcast included */
};

static const char *v4_kind(uint32_t a)
{
    for (size_t i = 0; i < sizeof(v4_ranges) / sizeof(v4_ranges[0]); i++)
        if ((a >> (32 - v4_ranges[i].bits)) == (v4_ranges[i].net >> (32 - v4_ranges[i].bits)))
            return v4_ranges[i].kind;
    return NULL;
}

static uint32_t embedded_v4(const unsigned char *b)
{
    return (uint32_t)b[12] << 24 | (uint32_t)b[13] << 16 | (uint32_t)b[14] << 8 | b[15];
}

static const char *v6_kind(const struct in6_addr *a)
{
    static const unsigned char nat64[12] = {0x00, 0x64, 0xff, 0x9b};
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    static const unsigned char zero[12] = {0};
    const unsigned char *b = a->s6_addr;
    if (IN6_IS_ADDR_UNSPECIFIED(a))
        return "unspecified";
    if (IN6_IS_ADDR_LOOPBACK(a))
        return "loopback";
    /* Mapped, compatible and NAT64 addresses reach the IPv4 address they carry. */
    if (memcmp(b, mapped, 12) == 0 || memcmp(b, zero, 12) == 0 || memcmp(b, nat64, 12) == 0)
        return v4_kind(embedded_v4(b));
    if ((b[0] & 0xfe) == 0xfc)
        return "unique local"; /* fc00::/7, fd00::/8 included */
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
        return "link-local"; /* fe80::/10 */
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0)
        return "site-local"; /* fec0::/10, deprecated but still routed inside some sites */
    if (b[0] == 0xff)
        return "multicast";
    return NULL;
}

const char *ag_netaddr_nonpublic(const struct sockaddr *addr)
{
    if (addr && addr->sa_family == AF_INET) {
        struct sockaddr_in in;
        memcpy(&in, addr, sizeof(in));
        return v4_kind(ntohl(in.sin_addr.s_addr));
    }
    if (addr && addr->sa_family == AF_INET6) {
        struct sockaddr_in6 in6;
        memcpy(&in6, addr, sizeof(in6));
        return v6_kind(&in6.sin6_addr);
    }
    return "not IP";
}

const char *ag_netaddr_text(const struct sockaddr *addr, char *out, size_t size)
{
    struct sockaddr_in in;
    struct sockaddr_in6 in6;
    const char *ok = NULL;
    if (addr && addr->sa_family == AF_INET) {
        memcpy(&in, addr, sizeof(in));
        ok = inet_ntop(AF_INET, &in.sin_addr, out, (socklen_t)size);
    } else if (addr && addr->sa_family == AF_INET6) {
        memcpy(&in6, addr, sizeof(in6));
        ok = inet_ntop(AF_INET6, &in6.sin6_addr, out, (socklen_t)size);
    }
    if (!ok && size)
        snprintf(out, size, "%s", "an unknown address");
    return out;
}
