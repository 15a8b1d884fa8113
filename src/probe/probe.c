/*
 * agoras-probe: read a media file from standard input with libavformat and print what TikTok checks.
 *
 *   usage: agoras-probe [MAX_READ_BYTES] < file
 *
 * Output (stdout), one "key value" line each, values without newlines:
 *   container mov,mp4,m4a,3gp,3g2,mj2
 *   duration_ms 1000          (-1 when the container does not say)
 *   width 640                 (0 when there is no video stream)
 *   height 360
 *   fps_num 25                (frame rate as a rational; 0/0 when unknown)
 *   fps_den 1
 *   codec h264                (empty when there is no video stream)
 * On failure a single "error <message>" line and exit status 1.
 *
 * Runs as a throw-away child of agoras with an empty environment, resource limits and only
 * descriptors 0-2 open (src/core/media_probe.c): the file may be hostile. It reads at most
 * MAX_READ_BYTES (default 256 MiB) of it and never writes anything but stdout.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>

#include "core/num.h"

#define IO_BUFFER 65536

struct source {
    int fd;
    uint64_t read;  /* bytes handed to libavformat so far */
    uint64_t limit; /* the size budget */
};

static int read_packet(void *opaque, uint8_t *buf, int size)
{
    struct source *s = opaque;
    if (s->read >= s->limit)
        return AVERROR(EFBIG);
    if ((uint64_t)size > s->limit - s->read)
        size = (int)(s->limit - s->read);
    ssize_t n;
    do
        n = read(s->fd, buf, (size_t)size);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return AVERROR(errno);
    if (n == 0)
        return AVERROR_EOF;
    s->read += (uint64_t)n;
    return (int)n;
}

static int64_t seek(void *opaque, int64_t offset, int whence)
{
    struct source *s = opaque;
    if (whence == AVSEEK_SIZE) {
        off_t here = lseek(s->fd, 0, SEEK_CUR);
        off_t end = lseek(s->fd, 0, SEEK_END);
        if (here < 0 || end < 0 || lseek(s->fd, here, SEEK_SET) < 0)
            return AVERROR(errno);
        return end;
    }
    off_t r = lseek(s->fd, (off_t)offset, whence & ~AVSEEK_FORCE);
    return r < 0 ? AVERROR(errno) : r;
}

static int fail(const char *what, int averr)
{
    char msg[AV_ERROR_MAX_STRING_SIZE] = "";
    if (averr == AVERROR(EFBIG))
        snprintf(msg, sizeof(msg), "read budget exhausted");
    else
        av_strerror(averr, msg, sizeof(msg));
    printf("error %s: %s\n", what, msg);
    return 1;
}

static int parse_limit(int argc, char **argv, uint64_t *limit)
{
    *limit = (uint64_t)256 << 20;
    if (argc < 2)
        return 0;
    return ag_parse_u64(argv[1], UINT64_MAX, limit) < 0 || *limit == 0 ? -1 : 0;
}

static void print_result(const AVFormatContext *ic, const AVStream *st)
{
    int64_t ms = ic->duration != AV_NOPTS_VALUE && ic->duration >= 0 ? ic->duration / 1000 : -1;
    printf("container %s\n", ic->iformat->name);
    printf("duration_ms %" PRId64 "\n", ms);
    if (!st) {
        printf("width 0\nheight 0\nfps_num 0\nfps_den 0\ncodec \n");
        return;
    }
    AVRational r =
        st->avg_frame_rate.num > 0 && st->avg_frame_rate.den > 0 ? st->avg_frame_rate : st->r_frame_rate;
    if (r.num <= 0 || r.den <= 0)
        r = (AVRational){0, 0};
    printf("width %d\nheight %d\n", st->codecpar->width, st->codecpar->height);
    printf("fps_num %d\nfps_den %d\n", r.num, r.den);
    printf("codec %s\n", avcodec_get_name(st->codecpar->codec_id));
}

static int probe(struct source *src)
{
    AVFormatContext *ic = NULL;
    AVIOContext *io = NULL;
    AVDictionary *opts = NULL;
    unsigned char *buf = av_malloc(IO_BUFFER);
    int rc = 1, e;
    if (!buf || !(io = avio_alloc_context(buf, IO_BUFFER, 0, src, read_packet, NULL, seek))) {
        av_free(buf);
        printf("error out of memory\n");
        return 1;
    }
    if (!(ic = avformat_alloc_context())) {
        printf("error out of memory\n");
        goto out;
    }
    ic->pb = io;
    ic->flags |= AVFMT_FLAG_CUSTOM_IO;
    /* Bounded analysis: enough for headers and a few frames of any sane file. */
    av_dict_set(&opts, "probesize", "10000000", 0);
    av_dict_set(&opts, "analyzeduration", "10000000", 0);
    if ((e = avformat_open_input(&ic, NULL, NULL, &opts)) < 0) {
        rc = fail("not a media file", e);
        goto out;
    }
    if ((e = avformat_find_stream_info(ic, NULL)) < 0) {
        rc = fail("cannot read the streams", e);
        goto out;
    }
    int v = av_find_best_stream(ic, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0);
    print_result(ic, v >= 0 ? ic->streams[v] : NULL);
    rc = 0;
out:
    av_dict_free(&opts);
    avformat_close_input(&ic);
    if (io)
        av_freep(&io->buffer);
    avio_context_free(&io);
    return rc;
}

int main(int argc, char **argv)
{
    struct source src = {.fd = STDIN_FILENO};
    if (parse_limit(argc, argv, &src.limit) < 0) {
        printf("error usage: agoras-probe [MAX_READ_BYTES] < file\n");
        return 2;
    }
    av_log_set_level(AV_LOG_QUIET);
    int rc = probe(&src);
    if (fflush(stdout) != 0)
        return 1;
    return rc;
}
