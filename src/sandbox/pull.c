/*
 * PULL_FROM_URL (TIKTOK_API.md §2.8): the sandbox really downloads the media, in a worker thread,
 * the way TikTok does: no redirects (a 3xx is a failure), only a 200 counts, one hour at most.
 * Progress shows as downloaded_bytes; cancel and shutdown abort the transfer.  Failures become
 * video_pull_failed / photo_pull_failed; downloaded files then go through the media checks.
 */
#include "sandbox/sandbox.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"

#define PULL_TIMEOUT_S 3600L

struct pull_job {
    struct sbx *s;
    json_t *post; /* reference held under the lock */
    json_t *urls; /* private copy */
    bool photo;
    long long max_sec;
    long long done_bytes; /* bytes of the files already complete */
};

static int on_progress(void *p, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
    struct pull_job *job = p;
    (void)dltotal;
    (void)ultotal;
    (void)ulnow;
    pthread_mutex_lock(&job->s->lock);
    bool stop = job->s->stopping || json_object_get(job->post, "_cancel");
    sbx_set_int(job->post, "downloaded_bytes", job->done_bytes + (long long)dlnow);
    pthread_mutex_unlock(&job->s->lock);
    return stop ? 1 : 0;
}

/* Download one URL to path; 0 on a complete 200 answer. */
static int fetch(struct pull_job *job, const char *url, const char *path)
{
    long code = 0;
    curl_off_t got = 0;
    FILE *f = fopen(path, "wb");
    CURL *c = curl_easy_init();
    int rc = -1;
    if (!f || !c)
        goto out;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L); /* url is normalised: fetch exactly what was verified */
    curl_easy_setopt(c, CURLOPT_WRITEDATA, f);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, PULL_TIMEOUT_S);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, job);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    if (curl_easy_perform(c) == CURLE_OK && curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code) == CURLE_OK &&
        code == 200) {
        curl_easy_getinfo(c, CURLINFO_SIZE_DOWNLOAD_T, &got);
        job->done_bytes += (long long)got;
        rc = 0;
    } else
        ag_info("pull of a %s failed (HTTP %ld)", job->photo ? "photo" : "video", code);
out:
    if (c)
        curl_easy_cleanup(c);
    if (f && fclose(f) != 0)
        rc = -1;
    return rc;
}

static const char *transfer_and_check(struct pull_job *job)
{
    size_t i;
    json_t *url;
    const char *fail = NULL;
    json_array_foreach(job->urls, i, url)
    {
        pthread_mutex_lock(&job->s->lock);
        char *path = sbx_post_file(job->s, job->post, (int)i);
        pthread_mutex_unlock(&job->s->lock);
        if (!path || fetch(job, json_string_value(url), path) < 0)
            fail = job->photo ? "photo_pull_failed" : "video_pull_failed";
        else
            fail = job->photo ? sbx_media_check_photo(path) : sbx_media_check_video(path, job->max_sec);
        free(path);
        if (fail)
            break;
    }
    return fail;
}

static void *pull_main(void *arg)
{
    struct pull_job *job = arg;
    const char *fail = transfer_and_check(job);
    struct sbx *s = job->s;

    pthread_mutex_lock(&s->lock);
    sbx_set_int(job->post, "downloaded_bytes", job->done_bytes);
    sbx_post_verdict(s, job->post, fail);
    json_decref(job->post);
    json_decref(job->urls);
    free(job);
    if (--s->workers == 0)
        pthread_cond_broadcast(&s->idle);
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

/* Caller holds the lock. The post names its URLs in video_url or photo_images. */
int sbx_pull_start(struct sbx *s, json_t *post)
{
    pthread_t t;
    pthread_attr_t attr;
    struct pull_job *job = calloc(1, sizeof(*job));
    if (!job)
        return -1;
    job->s = s;
    job->post = json_incref(post);
    job->photo = json_object_get(post, "photo_images") != NULL;
    job->urls = job->photo ? json_deep_copy(json_object_get(post, "photo_images"))
                           : json_pack("[O]", json_object_get(post, "video_url"));
    job->max_sec = sbx_int(sbx_find(sbx_list(s, "accounts"), "username", sbx_str(post, "username")),
                           "max_video_post_duration_sec");
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&t, &attr, pull_main, job) != 0) {
        json_decref(job->post);
        json_decref(job->urls);
        free(job);
        sbx_post_verdict(s, post, "internal");
        pthread_attr_destroy(&attr);
        return -1;
    }
    pthread_attr_destroy(&attr);
    s->workers++;
    return 0;
}

void sbx_pull_wait_all(struct sbx *s)
{
    pthread_mutex_lock(&s->lock);
    while (s->workers > 0)
        pthread_cond_wait(&s->idle, &s->lock);
    pthread_mutex_unlock(&s->lock);
}
