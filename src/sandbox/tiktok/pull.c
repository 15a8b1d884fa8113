/*
 * PULL_FROM_URL (TIKTOK_API.md §2.8): the sandbox really downloads the media, in a worker thread,
 * the way TikTok does (pull.c's fetch: no redirects, only a 200 counts, one hour at most).
 * Progress shows as downloaded_bytes; cancel and shutdown abort the transfer.  Failures become
 * video_pull_failed / photo_pull_failed; downloaded files then go through the media checks.
 */
#include "sandbox/tiktok/tiktok.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pull_job {
    struct sbx *s;
    json_t *post; /* reference held under the lock */
    json_t *urls; /* private copy */
    bool photo;
    long long max_sec;
    long long done_bytes; /* bytes of the files already complete */
};

static bool on_progress(void *p, long long now)
{
    struct pull_job *job = p;
    pthread_mutex_lock(&job->s->lock);
    bool stop = job->s->stopping || json_object_get(job->post, "_cancel");
    sbx_set_int(job->post, "downloaded_bytes", job->done_bytes + now);
    pthread_mutex_unlock(&job->s->lock);
    return stop;
}

static const char *transfer_and_check(struct pull_job *job)
{
    size_t i;
    json_t *url;
    const char *fail = NULL;
    json_array_foreach(job->urls, i, url)
    {
        long long got = 0;
        pthread_mutex_lock(&job->s->lock);
        char *path = sbx_post_file(job->s, job->post, (int)i);
        pthread_mutex_unlock(&job->s->lock);
        if (!path || sbx_fetch(json_string_value(url), path, 0, on_progress, job, &got) < 0)
            fail = job->photo ? "photo_pull_failed" : "video_pull_failed";
        else
            fail = job->photo ? sbx_media_check_photo(path) : sbx_media_check_video(path, job->max_sec);
        job->done_bytes += got;
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
    job->max_sec = sbx_int(sbx_find(tt_list(s, "accounts"), "username", sbx_str(post, "username")),
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
