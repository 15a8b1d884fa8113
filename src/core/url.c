#include "core/url.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/log.h"

/* Fallback for what libcurl cannot parse: no query or fragment, nothing up to the last '@'. */
static void cut_by_hand(const char *url, char *out, size_t size)
{
    size_t end = strcspn(url, "?#");
    const char *sep = strstr(url, "://");
    size_t start = sep && (size_t)(sep - url) < end ? (size_t)(sep - url) + 3 : 0;
    size_t host = start;
    for (size_t i = start; i < end; i++)
        if (url[i] == '@')
            host = i + 1;
    snprintf(out, size, "%.*s%.*s", (int)start, url, (int)(end - host), url + host);
}

/*
 * Telegram puts the bot token in the path: /bot<digits>:<token>/method (and /file/bot<...>/name).
 * The whole segment after "bot" goes, the numeric bot id included: it is part of the token.
 * Only the path is searched (a host named bot123 with a port is left alone).  Never grows s.
 */
static void hide_bot_token(char *s)
{
    char *path = strstr(s, "://");
    path = path ? strchr(path + 3, '/') : s;
    for (char *p = path ? strstr(path, "/bot") : NULL; p; p = strstr(p + 1, "/bot")) {
        char *q = p + 4 + strspn(p + 4, "0123456789");
        size_t colon = *q == ':' ? 1 : strncasecmp(q, "%3A", 3) == 0 ? 3 : 0;
        size_t token = colon ? strcspn(q + colon, "/?#") : 0;
        if (q == p + 4 || token == 0)
            continue;
        char *end = q + colon + token; /* at least 3 bytes replaced by "***" */
        memcpy(p + 4, "***", 3);
        memmove(p + 7, end, strlen(end) + 1);
    }
}

const char *ag_url_shown(const char *url, char *out, size_t size)
{
    char *s = NULL;
    if (!url)
        url = "";
    CURLU *h = curl_url();
    /* libcurl's parse is the one the request uses, so its idea of the user info is what must go. */
    if (h && curl_url_set(h, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK &&
        curl_url_set(h, CURLUPART_USER, NULL, 0) == CURLUE_OK &&
        curl_url_set(h, CURLUPART_PASSWORD, NULL, 0) == CURLUE_OK &&
        curl_url_set(h, CURLUPART_OPTIONS, NULL, 0) == CURLUE_OK &&
        curl_url_set(h, CURLUPART_QUERY, NULL, 0) == CURLUE_OK &&
        curl_url_set(h, CURLUPART_FRAGMENT, NULL, 0) == CURLUE_OK &&
        curl_url_get(h, CURLUPART_URL, &s, 0) == CURLUE_OK)
        snprintf(out, size, "%s", s);
    else
        cut_by_hand(url, out, size);
    hide_bot_token(out);
    ag_log_redact(out); /* any registered secret, e.g. a token placed in a path segment */
    curl_free(s);
    curl_url_cleanup(h);
    return out;
}
