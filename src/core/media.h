/*
 * Media inspection and transfer: what a file really is before anything is sent.
 *
 *  - Type by content (libmagic), never by file name extension or a server's Content-Type.
 *  - Probe (duration, dimensions, frame rate, codec, container) with FFmpeg's libavformat, which
 *    runs only inside the short-lived helper program `agoras-probe` (src/probe/): the publisher never
 *    maps FFmpeg, and a hostile file cannot crash or hang it or read the credentials it holds.
 *  - Streaming download of a URL to a private temp file that is removed on every exit path,
 *    signals included; preflight of URLs a platform pulls itself (HEAD, else a ranged GET).
 *  - Per-platform limits and one validation function that explains every violation in one line.
 *
 * Finding the helper: $AGORAS_PROBE if set, else `agoras-probe` in the directory of the running
 * program (/proc/self/exe), else `agoras-probe` in $PATH.
 */
#ifndef AG_MEDIA_H
#define AG_MEDIA_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

/* ---- types ---- */

enum ag_media_type {
    AG_MEDIA_OTHER = 0,
    AG_MEDIA_MP4,
    AG_MEDIA_MOV,
    AG_MEDIA_WEBM,
    AG_MEDIA_JPEG,
    AG_MEDIA_PNG,
    AG_MEDIA_WEBP,
    AG_MEDIA_GIF,
    AG_MEDIA_TYPE_COUNT
};

enum ag_media_kind { AG_MEDIA_KIND_NONE = 0, AG_MEDIA_IMAGE, AG_MEDIA_VIDEO };

/* Static strings: "video/mp4"… ("application/octet-stream" for OTHER); "MP4"… ("unknown"). */
const char *ag_media_type_mime(enum ag_media_type type);
const char *ag_media_type_name(enum ag_media_type type);
enum ag_media_kind ag_media_type_kind(enum ag_media_type type);
/* "image" / "video" (NULL for NONE); parse returns 0 or -1. */
const char *ag_media_kind_name(enum ag_media_kind kind);
int ag_media_kind_parse(const char *name, enum ag_media_kind *out);

/* What is known about one media file or URL. Fields the caller could not learn stay "unknown". */
struct ag_media_info {
    enum ag_media_type type; /* by content */
    char mime[64];           /* libmagic's answer, e.g. "text/html" when type is OTHER */
    uint64_t size;           /* bytes, valid when size_known */
    int size_known;
    int64_t duration_ms;  /* -1 unknown */
    int width, height;    /* pixels, 0 unknown */
    double fps;           /* frames per second, 0 unknown */
    char video_codec[32]; /* "h264", "" when no video stream */
    char container[64];   /* libavformat's demuxer name, "" when not probed */
};

/* Everything unknown, type OTHER. */
void ag_media_info_init(struct ag_media_info *info);

/* ---- sniffing (media_sniff.c) ---- */

/* Bytes of a file's start that sniffing looks at. */
#define AG_MEDIA_SNIFF_BYTES 65536

/*
 * Type of data by content (libmagic, MIME type mode; the default database is loaded once).
 * Fills info->type and info->mime only. name is used in messages.
 */
int ag_media_sniff_buffer(const void *data, size_t len, const char *name, struct ag_media_info *info,
                          struct ag_error *err);
/* Same for an open file: reads its first bytes with pread (the offset is not moved). */
int ag_media_sniff_fd(int fd, const char *name, struct ag_media_info *info, struct ag_error *err);

/*
 * Image dimensions from the first bytes of a JPEG, PNG, WebP or GIF (headers only, nothing decoded).
 * Returns 0 and sets *w, *h, or -1 when the header does not say (or lies beyond len).
 */
int ag_media_image_size(enum ag_media_type type, const unsigned char *data, size_t len, int *w, int *h);

/* ---- probing (media_probe.c) ---- */

struct ag_media_budget {
    unsigned wall_s;     /* kill the helper after this many seconds of wall-clock time; 0 = 20 */
    unsigned cpu_s;      /* RLIMIT_CPU seconds; 0 = 10 */
    uint64_t mem_bytes;  /* RLIMIT_AS; 0 = 1 GiB (not applied in sanitizer builds: ASan reserves terabytes) */
    uint64_t read_bytes; /* the helper reads at most this much of the file; 0 = 256 MiB */
};

/* Change the default budget (tests). NULL restores the built-in defaults. Not thread-safe. */
void ag_media_probe_set_budget(const struct ag_media_budget *budget);

/*
 * Probe path in agoras-probe (stdin = the file, opened here; empty environment; other descriptors
 * closed; resource limits; own process group; killed when over budget or when we die).
 * Fills duration_ms, width, height, fps, video_codec and container of *info.
 * -AG_EINVALID: the file is not readable media (truncated, garbage, over budget);
 * -AG_EFAIL: the helper cannot be found or run.
 */
int ag_media_probe(const char *path, struct ag_media_info *info, struct ag_error *err);

/* ---- whole-file inspection (media.c) ---- */

/*
 * Open path, take its size, sniff it, then read dimensions (images: from the header) or probe it
 * (videos). An empty file or an unreadable video is -AG_EINVALID. OTHER types are not probed.
 */
int ag_media_inspect(const char *path, struct ag_media_info *info, struct ag_error *err);

/* ---- limits (media_limits.c) ---- */

/* Binary megabytes and gigabytes (as the reference's table and the human format), and a type's bit. */
#define AG_MB           ((uint64_t)1 << 20)
#define AG_GB           ((uint64_t)1 << 30)
#define AG_MEDIA_BIT(t) (1u << (t))

/* One network's limits for one kind of media; each network's descriptor (net/network.h) lists its rows. */
struct ag_media_limits {
    const char *platform; /* canonical key: "tiktok" */
    const char *display;  /* in messages: "TikTok" */
    enum ag_media_kind kind;
    unsigned types;          /* accepted types: bit (1u << enum ag_media_type) */
    uint64_t max_bytes;      /* 0 = no limit */
    int64_t min_duration_ms; /* 0 = none */
    int64_t max_duration_ms; /* 0 = none; a creator's own limit can be lower (see validate) */
    int min_side, max_side;  /* both width and height in [min_side, max_side]; 0 = none */
    int max_short_side;      /* the shorter side at most this; 0 = none */
    double min_fps, max_fps; /* 0 = none */
    const char *transfer;    /* "upload_bytes" or "url_pull" */
};

/* "20MB", "4GB", "512KB", "12B"; "unknown" for 0 (no limit). Writes into out (>= 16 bytes). */
const char *ag_media_human_size(uint64_t bytes, char *out, size_t out_len);

/*
 * Check info against lim. max_duration_s > 0 is a tighter per-account limit (TikTok's creator
 * max_video_post_duration_sec). Every violation is explained, all in one line:
 *   'clip.mov': 61 fps, TikTok accepts 23–60; 200x200 px, TikTok accepts 360–4096 px on each side
 * Returns 0 or -AG_EINVALID. name is what the user typed (path or URL).
 */
int ag_media_validate(const struct ag_media_limits *lim, const char *name, const struct ag_media_info *info,
                      int64_t max_duration_s, struct ag_error *err);

/* One call for a local file: inspect, then validate against lim. *info may be NULL. */
int ag_media_check_file(const char *path, const struct ag_media_limits *lim, int64_t max_duration_s,
                        struct ag_media_info *info, struct ag_error *err);

/*
 * One call for a URL the platform pulls itself: preflight, then validate (size, type, dimensions).
 * Non-public addresses are refused (the URL may name loopback outright: see core/http.h public_only).
 */
int ag_media_check_url(const char *url, const struct ag_media_limits *lim, struct ag_media_info *info,
                       struct ag_error *err);

/* ---- transfer (media_fetch.c) ---- */

struct ag_media_fetch_opts {
    uint64_t max_bytes;  /* refuse bodies larger than this; 0 = 4 GiB */
    long timeout_s;      /* whole transfer; 0 = 3600, negative = none (a stall still times out) */
    int max_redirects;   /* 0 = 5; negative = follow none */
    const char *tmp_dir; /* NULL = $TMPDIR or /tmp */
    int allow_private;   /* connect to private, loopback, link-local… addresses too (see core/http.h
                            public_only) */
};

struct ag_media_download {
    char *path;                /* private (0600) temp file, removed by ag_media_download_discard */
    struct ag_media_info info; /* size and sniffed type */
};

/*
 * Stream url into a new private temp file (never held in memory), then sniff it. The file is
 * registered for removal at exit and on SIGINT/SIGTERM/SIGHUP; on failure it is already gone.
 * Non-2xx answers, too many redirects, a body over max_bytes, a body shorter or longer than the
 * announced Content-Length and an HTML/text page instead of media are errors.
 * On success the caller owns *out and must call ag_media_download_discard.
 */
int ag_media_download_url(const char *url, const struct ag_media_fetch_opts *opts,
                          struct ag_media_download *out, struct ag_error *err);

/* Remove the temp file, unregister it and free the path. NULL and already-discarded are fine. */
void ag_media_download_discard(struct ag_media_download *d);

/*
 * For URLs a platform pulls itself: HEAD for the size, then a ranged GET of the first bytes to
 * sniff the type (the server's Content-Type is not trusted) and read image dimensions.
 * Redirects are refused (pulling platforms do not follow them): -AG_EINVALID. A 4xx is -AG_EINVALID,
 * a 5xx or network failure -AG_ETEMP. Fills type, mime, size (when announced), width/height (images).
 * Of opts (NULL = defaults) only allow_private applies.
 */
int ag_media_preflight(const char *url, const struct ag_media_fetch_opts *opts, struct ag_media_info *info,
                       struct ag_error *err);

/* ---- temp files (media_temp.c) ---- */

/*
 * Create a private temp file (0600) in dir (NULL = $TMPDIR or /tmp) registered for removal at exit
 * and from a SIGINT/SIGTERM/SIGHUP handler (which then re-raises the signal). Returns the descriptor
 * and *path_out (caller frees after ag_media_temp_remove), or a negative AG_E code.
 */
int ag_media_temp_create(const char *dir, const char *prefix, char **path_out, struct ag_error *err);

/* Unlink a registered temp file and forget it. NULL is fine. */
void ag_media_temp_remove(const char *path);

#endif
