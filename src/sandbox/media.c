/*
 * The checks TikTok runs after a transfer (TIKTOK_API.md §4.3, §4.4), by probing the received file
 * with libavformat.  Videos: MP4/MOV/WebM holding H.264/H.265/VP8/VP9 (file_format_check_failed),
 * duration up to the creator's max_video_post_duration_sec (duration_check_failed), both sides
 * 360-4096 px (picture_size_check_failed), 23-60 fps (frame_rate_check_failed).  Photos: JPEG or
 * WebP, at most 20 MB, shorter side at most 1080 px.  Each returns the fail_reason or NULL.
 * sbx_media_probe serves the other networks' own checks: the codec and the picture size.
 */
#include "sandbox/tiktok/tiktok.h"

#include <libavformat/avformat.h>
#include <libavutil/log.h>
#include <errno.h>
#include <unistd.h>
#include <pthread.h>
#include <string.h>
#include <sys/stat.h>

#define PHOTO_MAX_BYTES      (20 * SBX_MB)
#define PHOTO_MAX_SHORT_SIDE 1080

static pthread_once_t quiet_once = PTHREAD_ONCE_INIT;

static void quiet(void)
{
    av_log_set_level(AV_LOG_QUIET); /* bad uploads are expected here; their noise is not */
}

/* Open and find the first video stream; NULL (and *fmt closed) when it is not media at all. */
static AVStream *open_video(const char *path, AVFormatContext **fmt)
{
    pthread_once(&quiet_once, quiet);
    *fmt = NULL;
    if (avformat_open_input(fmt, path, NULL, NULL) < 0)
        return NULL;
    if (avformat_find_stream_info(*fmt, NULL) < 0) {
        avformat_close_input(fmt);
        return NULL;
    }
    int idx = av_find_best_stream(*fmt, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0);
    return idx >= 0 ? (*fmt)->streams[idx] : NULL;
}

static bool name_in(const char *name, const char *const *list)
{
    for (; name && *list; list++)
        if (strcmp(name, *list) == 0)
            return true;
    return false;
}

static const char *check_container(AVFormatContext *fmt, AVStream *st)
{
    static const char *const mov_codecs[] = {"h264", "hevc", NULL};
    static const char *const webm_codecs[] = {"vp8", "vp9", NULL};
    const char *codec = avcodec_get_name(st->codecpar->codec_id);
    const char *demuxer = fmt->iformat->name;
    /* libavformat names the ISO family "mov,mp4,..." and Matroska/WebM "matroska,webm". */
    if (strncmp(demuxer, "mov,", 4) == 0)
        return name_in(codec, mov_codecs) ? NULL : "file_format_check_failed";
    if (strcmp(demuxer, "matroska,webm") == 0)
        return name_in(codec, webm_codecs) ? NULL : "file_format_check_failed";
    return "file_format_check_failed";
}

const char *sbx_media_check_video(const char *path, long long max_duration_sec)
{
    AVFormatContext *fmt;
    AVStream *st = open_video(path, &fmt);
    const char *fail = "file_format_check_failed";
    if (!st)
        goto out;
    if ((fail = check_container(fmt, st)))
        goto out;
    double seconds = fmt->duration > 0 ? (double)fmt->duration / AV_TIME_BASE : 0;
    AVRational rate = st->avg_frame_rate.num ? st->avg_frame_rate : st->r_frame_rate;
    double fps = rate.den ? av_q2d(rate) : 0;
    int w = st->codecpar->width, h = st->codecpar->height;
    if (seconds <= 0 || seconds > (double)max_duration_sec)
        fail = "duration_check_failed";
    else if (w < 360 || h < 360 || w > 4096 || h > 4096)
        fail = "picture_size_check_failed";
    else if (fps < 23.0 || fps > 60.0 + 1e-6)
        fail = "frame_rate_check_failed";
out:
    if (fmt)
        avformat_close_input(&fmt);
    return fail;
}

const char *sbx_media_check_photo(const char *path)
{
    static const char *const codecs[] = {"mjpeg", "webp", NULL};
    struct stat sb;
    AVFormatContext *fmt;
    const char *fail = "file_format_check_failed";
    if (stat(path, &sb) != 0)
        return "photo_pull_failed";
    if (sb.st_size > PHOTO_MAX_BYTES)
        return "picture_size_check_failed";
    AVStream *st = open_video(path, &fmt);
    if (!st || !name_in(avcodec_get_name(st->codecpar->codec_id), codecs))
        goto out;
    int w = st->codecpar->width, h = st->codecpar->height;
    int shorter = w < h ? w : h;
    fail = (shorter <= 0 || shorter > PHOTO_MAX_SHORT_SIDE) ? "picture_size_check_failed" : NULL;
out:
    if (fmt)
        avformat_close_input(&fmt);
    return fail;
}

const char *sbx_media_probe(const char *path, int *width, int *height)
{
    AVFormatContext *fmt;
    AVStream *st = open_video(path, &fmt);
    const char *codec = st ? avcodec_get_name(st->codecpar->codec_id) : NULL;
    *width = st ? st->codecpar->width : 0;
    *height = st ? st->codecpar->height : 0;
    if (fmt)
        avformat_close_input(&fmt);
    return codec; /* a static name */
}

int sbx_store_part(int fd, EVP_MD_CTX *md, const char *data, size_t size)
{
    EVP_DigestUpdate(md, data, size);
    while (size > 0) {
        ssize_t n = write(fd, data, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        data += n;
        size -= (size_t)n;
    }
    return 0;
}
