/* TikTok's view of a video file: the checks of SPEC §2.3 step 2 on top of the core media module. */
#ifndef AG_TIKTOK_MEDIA_CHECK_H
#define AG_TIKTOK_MEDIA_CHECK_H

#include <stdint.h>

#include "core/error.h"

struct tt_video_file {
    int fd;              /* open read-only; -1 when closed */
    uint64_t size;       /* bytes */
    const char *mime;    /* video/mp4, video/quicktime or video/webm (static) */
    int64_t duration_ms; /* probed duration */
};

/* Open, sniff (by content), probe and check path against TikTok's video limits; -AG_EINVALID explains
 * every violation. max_duration_s (0 = no creator limit known) is the creator's limit. */
int tt_video_inspect(const char *path, int64_t max_duration_s, struct tt_video_file *out,
                     struct ag_error *err);
void tt_video_close(struct tt_video_file *v);

/* Check an image URL TikTok will pull (HEAD, else ranged GET): JPEG or WebP by content, <= 20 MB,
 * <= 1080 px on the short side when the size can be read. -AG_EINVALID names the image (label). */
int tt_image_preflight(const char *label, const char *url, int allow_private, struct ag_error *err);

#endif
