/*
 * PULL_FROM_URL ownership (TIKTOK_API.md §2.8): a URL is the app's if it is under a verified URL
 * prefix ("covers exactly that prefix") or on a verified domain ("covers that domain and its
 * subdomains").  Verified: http://HOST:PORT/media/ of the sandbox itself, the state file's
 * verified_prefixes and verified_domains, and --verified-prefix / --verified-domain.
 * Both sides are compared normalised (url.c), so dot segments and escapes cannot leave a prefix.
 */
#include "sandbox/tiktok/tiktok.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* normalized starts with the normalised prefix (a prefix that does not normalise covers nothing). */
static bool under_prefix(const char *normalized, const char *prefix)
{
    char *p = sbx_url_normalize(prefix);
    bool under = p && strncmp(normalized, p, strlen(p)) == 0;
    free(p);
    return under;
}

bool sbx_url_verified(struct sbx *s, const char *normalized)
{
    size_t i;
    json_t *v;
    char own[128];
    if (!normalized)
        return false;
    snprintf(own, sizeof(own), "%s/media/", s->base_url);
    if (under_prefix(normalized, own))
        return true;
    json_t *prefixes[] = {tt_list(s, "verified_prefixes"), s->cfg.prefixes};
    json_t *domains[] = {tt_list(s, "verified_domains"), s->cfg.domains};
    for (int k = 0; k < 2; k++) {
        json_array_foreach(prefixes[k], i, v)
        {
            if (json_string_value(v) && under_prefix(normalized, json_string_value(v)))
                return true;
        }
        json_array_foreach(domains[k], i, v)
        {
            if (sbx_url_under_domain(normalized, json_string_value(v)))
                return true;
        }
    }
    return false;
}
