/*
 * Fetching media a client names by URL, the way the networks describe it: no redirects (a 3xx is a
 * failure), only a complete 200 counts, one hour at most, and a size cap enforced while the bytes
 * arrive (Telegram: 5 MB photos, 20 MB other files).  TikTok's PULL_FROM_URL runs it in worker
 * threads (tiktok/pull.c), Telegram inline before answering.
 */
#include "sandbox/sandbox.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"

#define PULL_TIMEOUT_S 3600L

struct fetch {
    long long max_bytes;
    bool too_big;
    bool (*progress)(void *ctx, long long now);
    void *ctx;
};

static int on_progress(void *p, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
    struct fetch *f = p;
    (void)ultotal;
    (void)ulnow;
    if (f->max_bytes > 0 && ((long long)dlnow > f->max_bytes || (long long)dltotal > f->max_bytes)) {
        f->too_big = true;
        return 1;
    }
    return f->progress && f->progress(f->ctx, (long long)dlnow) ? 1 : 0;
}

int sbx_fetch(const char *url, const char *path, long long max_bytes,
              bool (*progress)(void *ctx, long long now), void *ctx, long long *got)
{
    struct fetch st = {.max_bytes = max_bytes, .progress = progress, .ctx = ctx};
    long code = 0;
    curl_off_t size = 0;
    FILE *out = fopen(path, "wb");
    CURL *c = curl_easy_init();
    int rc = -1;
    *got = 0;
    if (!out || !c)
        goto out;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L); /* url is normalised: fetch exactly what was checked */
    curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, PULL_TIMEOUT_S);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &st);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    if (curl_easy_perform(c) == CURLE_OK && curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code) == CURLE_OK &&
        code == 200) {
        curl_easy_getinfo(c, CURLINFO_SIZE_DOWNLOAD_T, &size);
        *got = (long long)size;
        rc = 0;
    } else
        ag_info("fetching a media URL failed (HTTP %ld%s)", code, st.too_big ? ", too large" : "");
out:
    if (c)
        curl_easy_cleanup(c);
    if (out && fclose(out) != 0)
        rc = -1;
    return st.too_big ? -2 : rc;
}

void sbx_pull_wait_all(struct sbx *s)
{
    pthread_mutex_lock(&s->lock);
    while (s->workers > 0)
        pthread_cond_wait(&s->idle, &s->lock);
    pthread_mutex_unlock(&s->lock);
}
