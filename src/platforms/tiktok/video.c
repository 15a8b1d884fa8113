/*
 * agoras tiktok video (SPEC §2.3): checks before sending, then FILE_UPLOAD of a local file or a
 * downloaded URL, or PULL_FROM_URL, then the status wait.  An init is never re-sent after TikTok
 * may have received it, so a post is never created twice.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/interrupt.h"
#include "core/log.h"
#include "core/media.h"
#include "core/url.h"
#include "platforms/tiktok/media_check.h"
#include "platforms/tiktok/options.h"
#include "platforms/tiktok/publish.h"
#include "platforms/tiktok/tiktok.h"
#include "platforms/tiktok/upload.h"

#define DIRECT_INIT "/v2/post/publish/video/init/"
#define INBOX_INIT  "/v2/post/publish/inbox/video/init/"

struct video_job {
    const struct ag_args *args;
    const struct tt_video_opts *o;
    struct ag_session session;
    struct tt_creator creator;
    struct tt_video_file file;
    struct tt_chunk_plan plan;
    struct ag_media_download download;
    int disable_comment, disable_duet, disable_stitch;
};

static int check_arguments(const struct ag_args *args, struct ag_error *err)
{
    const struct tt_video_opts *o = args->opts;
    const char *file = o->video_file;
    const char *url = o->video_url;
    if (!file == !url)
        return ag_error_set(err, AG_EUSAGE,
                            file ? "use --video-file or --video-url, not both"
                                 : "missing video: use --video-file PATH or --video-url URL");
    if (file && ag_args_src(args, &o->upload_mode) == AG_SRC_FLAG)
        return ag_error_set(err, AG_EUSAGE, "--upload-mode is for --video-url");
    /* A local problem is reported before anything, even creator info, is asked of TikTok: a file that is
     * missing or unreadable is invalid content (exit 4), whichever it is. */
    if (file && access(file, R_OK) != 0)
        return ag_error_set(err, AG_EINVALID, "cannot read '%s': %s", file, strerror(errno));
    if (o->p.auto_add_music)
        return ag_error_set(err, AG_EINVALID,
                            "--auto-add-music is for photo posts only; TikTok refuses it for videos");
    return tt_check_text("title", o->p.title, 2200, err);
}

/* A toggle the creator disabled is sent disabled, and the user is told. */
static int effective_disable(bool wanted, int creator_disabled, const char *what)
{
    if (wanted && creator_disabled)
        ag_info("%s are turned off for this account; posting with %s off", what, what);
    return !wanted || creator_disabled;
}

static json_t *post_info(struct video_job *job)
{
    const struct tt_video_opts *o = job->o;
    json_t *info = json_pack("{s:s,s:b,s:b,s:b,s:b,s:b}", "privacy_level", o->p.privacy, "disable_duet",
                             job->disable_duet, "disable_comment", job->disable_comment, "disable_stitch",
                             job->disable_stitch, "brand_content_toggle", o->p.brand_content,
                             "brand_organic_toggle", o->p.brand_organic);
    if (info && o->p.title)
        json_object_set_new(info, "title", json_string(o->p.title));
    if (info && ag_args_src(job->args, &o->cover_timestamp) != AG_SRC_UNSET)
        json_object_set_new(info, "video_cover_timestamp_ms", json_integer(o->cover_timestamp));
    if (info && o->ai_generated)
        json_object_set_new(info, "is_aigc", json_true());
    return info;
}

/* The init body: post_info for direct posts only (inbox init documents source_info alone). */
static json_t *init_body(struct video_job *job, const char *pull_url)
{
    json_t *source =
        pull_url ? json_pack("{s:s,s:s}", "source", "PULL_FROM_URL", "video_url", pull_url)
                 : json_pack("{s:s,s:I,s:I,s:I}", "source", "FILE_UPLOAD", "video_size",
                             (json_int_t)job->plan.video_size, "chunk_size", (json_int_t)job->plan.chunk_size,
                             "total_chunk_count", (json_int_t)job->plan.chunk_count);
    json_t *body = json_object();
    if (!job->o->p.draft)
        json_object_set_new(body, "post_info", post_info(job));
    json_object_set_new(body, "source_info", source);
    return body;
}

static const char *init_path(const struct video_job *job)
{
    return job->o->p.draft ? INBOX_INIT : DIRECT_INIT;
}

static int inspect(struct video_job *job, const char *path, struct ag_error *err)
{
    tt_video_close(&job->file);
    int rc = tt_video_inspect(path, job->creator.max_duration_s, &job->file, err);
    if (rc == 0)
        rc = tt_chunk_plan(job->file.size, &job->plan, err);
    return rc;
}

/*
 * The init call: sent once (only a 429 or 401, which TikTok refused, is re-sent).  After a 5xx or a
 * lost connection TikTok may have created the post all the same: exit 6 saying so (api.c).
 */
static int send_init(struct video_job *job, const char *pull_url, json_t **data, char *code, size_t code_size,
                     struct ag_error *err)
{
    json_t *body = init_body(job, pull_url);
    if (!body)
        return ag_error_set(err, AG_EFAIL, "out of memory");
    int rc = tt_session_post_code(&job->session, init_path(job), body, 0, data, code, code_size, err);
    json_decref(body);
    return rc;
}

/* Init (once, never retried after it may have arrived), then upload; the post exists after init. */
static int send_file(struct video_job *job, struct ag_error *err)
{
    json_t *data = NULL;
    char code[64];
    int rc = send_init(job, NULL, &data, code, sizeof(code), err);
    if (rc < 0)
        return rc;
    const char *publish_id = tt_publish_id(data, err);
    const char *upload_url = json_string_value(json_object_get(data, "upload_url"));
    if (!publish_id)
        rc = -AG_EUNKNOWN;
    else if (!upload_url)
        rc =
            ag_error_set(err, AG_EFAIL, "tiktok: the init answer for post '%s' lacks upload_url", publish_id);
    if (rc < 0) {
        json_decref(data);
        return rc;
    }
    ag_info("Uploading %" PRIu64 " bytes in %" PRIu64 " chunk(s)", job->plan.video_size,
            job->plan.chunk_count);
    rc = tt_upload_file(upload_url, job->file.fd, job->file.mime, &job->plan,
                        isatty(STDERR_FILENO) && !getenv("NO_COLOR"), err);
    /* TikTok documents no way to cancel a file upload (cancel stops PULL_FROM_URL downloads only). */
    if (ag_interrupt_is(rc))
        rc = ag_interrupt_error(err,
                                "during the upload of post '%s': TikTok cannot cancel a file upload; the "
                                "unfinished post is never published (its upload URL expires 1 h after the "
                                "init)",
                                publish_id);
    else if (rc < 0)
        ag_error_wrap(err, "upload of post '%s' failed", publish_id);
    else
        rc = tt_publish_finish(&job->session, &job->o->p, publish_id, 0, err);
    json_decref(data);
    return rc;
}

/* Download the video to a temporary file (streaming) and check it as a local file. */
static int fetch_url(struct video_job *job, const char *url, struct ag_error *err)
{
    char shown[AG_URL_SHOWN_MAX];
    ag_info("Downloading %s to upload it", ag_url_shown(url, shown, sizeof(shown)));
    struct ag_media_fetch_opts opts = {.max_bytes = TT_VIDEO_MAX_BYTES,
                                       .allow_private = job->o->p.allow_private_urls};
    int rc = ag_media_download_url(url, &opts, &job->download, err);
    if (rc == 0)
        rc = inspect(job, job->download.path, err);
    return rc;
}

static int download_then_send(struct video_job *job, const char *url, struct ag_error *err)
{
    int rc = fetch_url(job, url, err);
    if (rc == 0)
        rc = send_file(job, err);
    return rc;
}

static int send_url(struct video_job *job, const char *url, struct ag_error *err)
{
    const char *mode = job->o->upload_mode;
    if (strcmp(mode, "file") == 0)
        return download_then_send(job, url, err);
    json_t *data = NULL;
    char code[64];
    int rc = send_init(job, url, &data, code, sizeof(code), err);
    if (rc < 0 && strcmp(mode, "auto") == 0 && strcmp(code, "url_ownership_unverified") == 0) {
        ag_info("TikTok cannot pull from this URL (its domain is not verified for your app); uploading it "
                "instead");
        return download_then_send(job, url, err);
    }
    if (rc < 0)
        return rc;
    const char *publish_id = tt_publish_id(data, err);
    rc = publish_id ? tt_publish_finish(&job->session, &job->o->p, publish_id, 1, err) : -AG_EUNKNOWN;
    json_decref(data);
    return rc;
}

static void job_free(struct video_job *job)
{
    tt_video_close(&job->file);
    ag_media_download_discard(&job->download);
    tt_creator_free(&job->creator);
    ag_session_close(&job->session);
}

int ag_tiktok_run_video(struct ag_args *args, struct ag_error *err)
{
    const struct tt_video_opts *o = args->opts;
    struct video_job job = {.args = args, .o = o, .file = {.fd = -1}};
    const char *path = o->video_file;
    const char *url = o->video_url;
    ag_interrupt_install();
    int rc = check_arguments(args, err);
    if (rc == 0)
        rc = tt_publish_begin(&job.session, &job.creator, err);
    if (rc == 0 && !o->p.draft)
        rc = tt_check_privacy(&job.creator, o->p.privacy, o->p.brand_content, err);
    if (rc == 0 && path)
        rc = inspect(&job, path, err);
    if (rc < 0)
        goto out;
    job.disable_comment = effective_disable(o->p.allow_comments, job.creator.comment_disabled, "comments");
    job.disable_duet = effective_disable(o->p.allow_duet, job.creator.duet_disabled, "duets");
    job.disable_stitch = effective_disable(o->p.allow_stitch, job.creator.stitch_disabled, "stitches");
    tt_print_notices(o->p.brand_organic, o->p.brand_content);
    if (o->p.dry_run) {
        /* --upload-mode file would send FILE_UPLOAD: fetch and check the video to show that plan
         * (nothing goes to TikTok). */
        int pull = url && strcmp(o->upload_mode, "file") != 0;
        if (url && !pull)
            rc = fetch_url(&job, url, err);
        if (rc == 0) {
            json_t *body = init_body(&job, pull ? url : NULL);
            tt_print_dry_run(init_path(&job), body);
            json_decref(body);
        }
        goto out;
    }
    rc = path ? send_file(&job, err) : send_url(&job, url, err);
out:
    job_free(&job);
    return rc;
}
