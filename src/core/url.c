#include "core/url.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

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
    curl_free(s);
    curl_url_cleanup(h);
    return out;
}
