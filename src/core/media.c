/*
 * Media type and shape without FFmpeg: libmagic sniffing (MIME-type mode, mapped onto the small set the
 * platforms accept), image dimensions from header bytes, and whole-file inspection that hands videos
 * to the probe helper (media_probe.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <magic.h>

#include "core/media.h"

static const struct {
    const char *mime; /* canonical MIME type we report */
    const char *name;
    enum ag_media_kind kind;
} types[AG_MEDIA_TYPE_COUNT] = {
    [AG_MEDIA_OTHER] = {"application/octet-stream", "unknown", AG_MEDIA_KIND_NONE},
    [AG_MEDIA_MP4] = {"video/mp4", "MP4", AG_MEDIA_VIDEO},
    [AG_MEDIA_MOV] = {"video/quicktime", "MOV", AG_MEDIA_VIDEO},
    [AG_MEDIA_WEBM] = {"video/webm", "WebM", AG_MEDIA_VIDEO},
    [AG_MEDIA_JPEG] = {"image/jpeg", "JPEG", AG_MEDIA_IMAGE},
    [AG_MEDIA_PNG] = {"image/png", "PNG", AG_MEDIA_IMAGE},
    [AG_MEDIA_WEBP] = {"image/webp", "WebP", AG_MEDIA_IMAGE},
    [AG_MEDIA_GIF] = {"image/gif", "GIF", AG_MEDIA_IMAGE},
};

/* libmagic answers that mean one of our types (it names some formats in more than one way). */
static const struct {
    const char *mime;
    enum ag_media_type type;
} aliases[] = {
    {"video/mp4", AG_MEDIA_MP4},   {"video/x-m4v", AG_MEDIA_MP4},   {"video/quicktime", AG_MEDIA_MOV},
    {"video/webm", AG_MEDIA_WEBM}, {"image/jpeg", AG_MEDIA_JPEG},   {"image/png", AG_MEDIA_PNG},
    {"image/webp", AG_MEDIA_WEBP}, {"image/x-webp", AG_MEDIA_WEBP}, {"image/gif", AG_MEDIA_GIF},
};

static pthread_once_t magic_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t magic_lock = PTHREAD_MUTEX_INITIALIZER; /* a magic_t is not thread-safe */
static magic_t cookie;
static char magic_failure[200];

/* Load the default database once for the life of the process (it is a few MB, mapped read-only). */
static void magic_init(void)
{
    magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_TAR);
    if (!m) {
        snprintf(magic_failure, sizeof(magic_failure), "%s", strerror(errno));
        return;
    }
    if (magic_load(m, NULL) != 0) {
        const char *e = magic_error(m);
        snprintf(magic_failure, sizeof(magic_failure), "%s", e ? e : "cannot load the database");
        magic_close(m);
        return;
    }
    cookie = m;
}

const char *ag_media_type_mime(enum ag_media_type type)
{
    return types[(unsigned)type < AG_MEDIA_TYPE_COUNT ? type : AG_MEDIA_OTHER].mime;
}

const char *ag_media_type_name(enum ag_media_type type)
{
    return types[(unsigned)type < AG_MEDIA_TYPE_COUNT ? type : AG_MEDIA_OTHER].name;
}

enum ag_media_kind ag_media_type_kind(enum ag_media_type type)
{
    return types[(unsigned)type < AG_MEDIA_TYPE_COUNT ? type : AG_MEDIA_OTHER].kind;
}

const char *ag_media_kind_name(enum ag_media_kind kind)
{
    return kind == AG_MEDIA_IMAGE ? "image" : kind == AG_MEDIA_VIDEO ? "video" : NULL;
}

int ag_media_kind_parse(const char *name, enum ag_media_kind *out)
{
    if (name && strcmp(name, "image") == 0)
        *out = AG_MEDIA_IMAGE;
    else if (name && strcmp(name, "video") == 0)
        *out = AG_MEDIA_VIDEO;
    else
        return -1;
    return 0;
}

void ag_media_info_init(struct ag_media_info *info)
{
    memset(info, 0, sizeof(*info));
    info->type = AG_MEDIA_OTHER;
    info->duration_ms = -1;
}

static enum ag_media_type type_of_mime(const char *mime)
{
    for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
        if (strcasecmp(mime, aliases[i].mime) == 0)
            return aliases[i].type;
    return AG_MEDIA_OTHER;
}

int ag_media_sniff_buffer(const void *data, size_t len, const char *name, struct ag_media_info *info,
                          struct ag_error *err)
{
    pthread_once(&magic_once, magic_init);
    if (!cookie)
        return ag_error_set(err, AG_EFAIL, "cannot load the libmagic database: %s", magic_failure);
    if (len == 0)
        return ag_error_set(err, AG_EINVALID, "'%s': empty file", name);
    char mime[sizeof(info->mime)];
    pthread_mutex_lock(&magic_lock);
    const char *m = magic_buffer(cookie, data, len);
    snprintf(mime, sizeof(mime), "%s", m ? m : "application/octet-stream");
    pthread_mutex_unlock(&magic_lock);
    info->type = type_of_mime(mime);
    memcpy(info->mime, mime, sizeof(mime));
    return 0;
}

/*
 * Image dimensions from header bytes alone (JPEG SOF, PNG IHDR, WebP VP8/VP8L/VP8X, GIF screen): used
 * where only the first bytes of a remote image are at hand (preflight), and so that a local image does
 * not need the probe helper. Every read is bounds-checked against len: the bytes are untrusted.
 */
static unsigned be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static unsigned le16(const unsigned char *p)
{
    return (unsigned)p[1] << 8 | p[0];
}

static unsigned long le24(const unsigned char *p)
{
    return (unsigned long)p[2] << 16 | (unsigned long)p[1] << 8 | p[0];
}

static unsigned long be32(const unsigned char *p)
{
    return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

static int set_size(unsigned long w, unsigned long h, int *wo, int *ho)
{
    if (w == 0 || h == 0 || w > 1000000 || h > 1000000)
        return -1;
    *wo = (int)w;
    *ho = (int)h;
    return 0;
}

/* Start-of-frame markers carry the size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not. */
static int is_sof(unsigned m)
{
    return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

static int jpeg_size(const unsigned char *d, size_t len, int *w, int *h)
{
    size_t i = 2; /* after SOI */
    while (i + 4 <= len) {
        if (d[i] != 0xFF)
            return -1;
        unsigned m = d[i + 1];
        if (m == 0xFF) { /* fill byte */
            i++;
            continue;
        }
        if (m == 0x01 || (m >= 0xD0 && m <= 0xD8)) { /* no length field */
            i += 2;
            continue;
        }
        if (m == 0xD9 || m == 0xDA) /* end of image or start of scan before any SOF */
            return -1;
        size_t seg = be16(d + i + 2);
        if (seg < 2)
            return -1;
        if (is_sof(m))
            return i + 9 <= len ? set_size(be16(d + i + 7), be16(d + i + 5), w, h) : -1;
        i += 2 + seg;
    }
    return -1;
}

static int png_size(const unsigned char *d, size_t len, int *w, int *h)
{
    if (len < 24 || memcmp(d + 12, "IHDR", 4) != 0)
        return -1;
    return set_size(be32(d + 16), be32(d + 20), w, h);
}

static int gif_size(const unsigned char *d, size_t len, int *w, int *h)
{
    return len < 10 ? -1 : set_size(le16(d + 6), le16(d + 8), w, h);
}

static int webp_size(const unsigned char *d, size_t len, int *w, int *h)
{
    if (len < 30 || memcmp(d, "RIFF", 4) != 0 || memcmp(d + 8, "WEBP", 4) != 0)
        return -1;
    const unsigned char *c = d + 12;
    if (memcmp(c, "VP8 ", 4) == 0) /* lossy: frame tag, start code 9d 01 2a, 14-bit sizes */
        return c[11] == 0x9d && c[12] == 0x01 && c[13] == 0x2a
                   ? set_size(le16(c + 14) & 0x3fff, le16(c + 16) & 0x3fff, w, h)
                   : -1;
    if (memcmp(c, "VP8L", 4) == 0) { /* lossless: signature 0x2f, then 14-bit width-1 and height-1 */
        if (c[8] != 0x2f)
            return -1;
        unsigned long bits = (unsigned long)c[9] | (unsigned long)c[10] << 8 | (unsigned long)c[11] << 16 |
                             (unsigned long)c[12] << 24;
        return set_size((bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1, w, h);
    }
    if (memcmp(c, "VP8X", 4) == 0) /* extended: 24-bit canvas width-1 and height-1 */
        return set_size(le24(c + 12) + 1, le24(c + 15) + 1, w, h);
    return -1;
}

int ag_media_image_size(enum ag_media_type type, const unsigned char *data, size_t len, int *w, int *h)
{
    switch (type) {
    case AG_MEDIA_JPEG:
        return len >= 2 && data[0] == 0xFF && data[1] == 0xD8 ? jpeg_size(data, len, w, h) : -1;
    case AG_MEDIA_PNG:
        return png_size(data, len, w, h);
    case AG_MEDIA_GIF:
        return gif_size(data, len, w, h);
    case AG_MEDIA_WEBP:
        return webp_size(data, len, w, h);
    default:
        return -1;
    }
}

/* Read up to AG_MEDIA_SNIFF_BYTES from the start of fd into buf; returns the count or -1. */
static ssize_t read_prefix(int fd, unsigned char *buf)
{
    size_t len = 0;
    while (len < AG_MEDIA_SNIFF_BYTES) {
        ssize_t n = pread(fd, buf + len, AG_MEDIA_SNIFF_BYTES - len, (off_t)len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0)
            break;
        len += (size_t)n;
    }
    return (ssize_t)len;
}

int ag_media_sniff_fd(int fd, const char *name, struct ag_media_info *info, struct ag_error *err)
{
    unsigned char *buf = malloc(AG_MEDIA_SNIFF_BYTES);
    if (!buf)
        return ag_error_set(err, AG_EFAIL, "out of memory");
    ssize_t len = read_prefix(fd, buf);
    int rc = len < 0 ? ag_error_set(err, AG_EFAIL, "cannot read '%s': %s", name, strerror(errno))
                     : ag_media_sniff_buffer(buf, (size_t)len, name, info, err);
    free(buf);
    return rc;
}

/* Size and type; images also get their dimensions from the header bytes. */
static int inspect_fd(int fd, const char *path, struct ag_media_info *info, struct ag_error *err)
{
    struct stat st;
    unsigned char *buf = NULL;
    int rc;
    if (fstat(fd, &st) < 0)
        return ag_error_set(err, AG_EINVALID, "cannot read '%s': %s", path, strerror(errno));
    if (!S_ISREG(st.st_mode))
        return ag_error_set(err, AG_EINVALID, "'%s' is not a regular file", path);
    info->size = (uint64_t)st.st_size;
    info->size_known = 1;
    if (!(buf = malloc(AG_MEDIA_SNIFF_BYTES)))
        return ag_error_set(err, AG_EFAIL, "out of memory");
    ssize_t len = read_prefix(fd, buf);
    if (len < 0) {
        rc = ag_error_set(err, AG_EINVALID, "cannot read '%s': %s", path, strerror(errno));
        goto out;
    }
    if ((rc = ag_media_sniff_buffer(buf, (size_t)len, path, info, err)) < 0)
        goto out;
    if (ag_media_type_kind(info->type) == AG_MEDIA_IMAGE)
        ag_media_image_size(info->type, buf, (size_t)len, &info->width, &info->height);
out:
    free(buf);
    return rc;
}

int ag_media_inspect(const char *path, struct ag_media_info *info, struct ag_error *err)
{
    struct ag_media_info r;
    ag_media_info_init(&r);
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) /* missing or unreadable: the user's file, caught before sending (exit 4 either way) */
        return ag_error_set(err, AG_EINVALID, "cannot read '%s': %s", path, strerror(errno));
    int rc = inspect_fd(fd, path, &r, err);
    close(fd);
    if (rc == 0 && ag_media_type_kind(r.type) == AG_MEDIA_VIDEO)
        rc = ag_media_probe(path, &r, err);
    if (rc == 0)
        *info = r;
    return rc;
}
