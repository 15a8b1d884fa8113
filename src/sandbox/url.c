/*
 * URL normalisation for PULL_FROM_URL ownership checks (TIKTOK_API.md §2.8).  A verified prefix
 * "covers exactly that prefix" and a verified domain "covers that domain and its subdomains", so
 * both are checked on the URL the download will really use: RFC 3986 §6.2.2 normalised (scheme
 * and host lower case, default port dropped, %-escapes of unreserved characters decoded, other
 * escapes upper case, dot segments removed), and that same URL is what the sandbox fetches.
 * Pure string work (no state), so tests/unit/test_sandbox_url.c checks it directly.
 *
 * Refused outright, because servers disagree on what they mean: userinfo ("verified.com@evil"),
 * fragments, encoded separators in the path (%2F, %5C: a server may decode them into a slash
 * after our check), encoded NUL, raw backslashes, spaces, control and non-ASCII bytes.
 */
#include "sandbox/sandbox.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int hexval(int c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

static bool unreserved(int c)
{
    return isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/*
 * Path or query bytes with their escapes normalised into out; false on a refused byte or
 * escape.  In the path, decoded '/' and '\' would change the segments: refused.
 */
static bool append_escaped(struct ag_buf *out, const char *s, size_t n, bool is_path)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= ' ' || c >= 0x7f || c == '\\')
            return false;
        if (c != '%') {
            ag_buf_append(out, &c, 1);
            continue;
        }
        int hi = i + 2 < n ? hexval(s[i + 1]) : -1, lo = i + 2 < n ? hexval(s[i + 2]) : -1;
        if (hi < 0 || lo < 0)
            return false;
        c = (unsigned char)(hi * 16 + lo);
        if (c == 0 || (is_path && (c == '/' || c == '\\')))
            return false;
        if (unreserved(c))
            ag_buf_append(out, &c, 1);
        else
            ag_buf_printf(out, "%%%02X", c);
        i += 2;
    }
    return true;
}

/* RFC 3986 §5.2.4 on an absolute path ("/..."), segment by segment, appended to out. */
static void remove_dot_segments(struct ag_buf *out, const char *path)
{
    size_t base = out->len;
    const char *p = path + 1;
    for (;;) {
        size_t n = strcspn(p, "/");
        bool last = p[n] == '\0';
        if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.')) {
            if (n == 2 && out->len > base) { /* drop the last output segment with its slash */
                while (out->len > base && out->data[out->len - 1] != '/')
                    out->len--;
                out->len--;
                out->data[out->len] = '\0';
            }
            if (last)
                ag_buf_puts(out, "/");
        } else {
            ag_buf_puts(out, "/");
            ag_buf_append(out, p, n);
        }
        if (last)
            break;
        p += n + 1;
    }
    if (out->len == base)
        ag_buf_puts(out, "/");
}

/* "host[:port]" lower-cased, trailing dot and default port dropped; false if malformed. */
static bool append_authority(struct ag_buf *out, const char *a, size_t n, bool https)
{
    const char *end = n ? memchr(a, a[0] == '[' ? ']' : ':', n) : NULL;
    size_t hlen = !end ? n : a[0] == '[' ? (size_t)(end - a) + 1 : (size_t)(end - a);
    if (hlen == 0 || (a[0] == '[' && !end))
        return false;
    const char *allowed = a[0] == '[' ? "[]:.0123456789abcdefABCDEF"
                                      : ".-0123456789abcdefghijklmnopqrstuvwxyz"
                                        "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    size_t host_end = hlen;
    if (a[0] != '[' && a[hlen - 1] == '.')
        host_end--; /* "example.com." is example.com */
    for (size_t i = 0; i < hlen; i++)
        if (!strchr(allowed, a[i]))
            return false;
    if (host_end == 0)
        return false;
    for (size_t i = 0; i < host_end; i++)
        ag_buf_printf(out, "%c", tolower((unsigned char)a[i]));
    if (hlen == n)
        return true;
    if (a[hlen] != ':')
        return false;
    long port = 0;
    for (size_t i = hlen + 1; i < n; i++) {
        if (!isdigit((unsigned char)a[i]) || (port = port * 10 + (a[i] - '0')) > 65535)
            return false;
    }
    if (hlen + 1 < n && port != (https ? 443 : 80))
        ag_buf_printf(out, ":%ld", port);
    return true;
}

char *sbx_url_normalize(const char *url)
{
    struct ag_buf out, path;
    bool https = url && strncasecmp(url, "https://", 8) == 0;
    if (!url || (!https && strncasecmp(url, "http://", 7) != 0) || strchr(url, '#'))
        return NULL;
    const char *a = url + (https ? 8 : 7);
    size_t alen = strcspn(a, "/?");
    const char *p = a + alen;
    size_t plen = strcspn(p, "?");
    ag_buf_init(&out, 0);
    ag_buf_init(&path, 0);
    ag_buf_puts(&out, https ? "https://" : "http://");
    ag_buf_puts(&path, "/");
    bool ok = memchr(a, '@', alen) == NULL && append_authority(&out, a, alen, https) &&
              append_escaped(&path, p + (plen && *p == '/'), plen - (plen && *p == '/'), true);
    if (ok) {
        remove_dot_segments(&out, path.data);
        if (p[plen] == '?') {
            ag_buf_puts(&out, "?");
            ok = append_escaped(&out, p + plen + 1, strlen(p + plen + 1), false);
        }
    }
    ag_buf_free(&path);
    char *result = ok ? ag_buf_detach(&out) : NULL;
    ag_buf_free(&out);
    return result;
}

bool sbx_url_under_domain(const char *normalized, const char *domain)
{
    const char *host = strstr(normalized, "://");
    size_t dlen = domain ? strlen(domain) : 0;
    if (!host || dlen == 0)
        return false;
    host += 3;
    size_t hlen = strcspn(host, ":/?");
    if (strspn(host, "0123456789.") >= hlen || host[0] == '[')
        return false; /* an IP address is not a domain */
    if (domain[dlen - 1] == '.')
        dlen--; /* a trailing dot means the same domain */
    if (dlen == 0 || hlen < dlen || strncasecmp(host + hlen - dlen, domain, dlen) != 0)
        return false;
    return hlen == dlen || host[hlen - dlen - 1] == '.';
}
