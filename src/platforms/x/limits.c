/*
 * X's media limits (X_THREADS_API.md §2.8): images 5 MB (JPEG, PNG, WebP, GIF); an animated GIF up to
 * 15 MB (its own row, chosen once the content says GIF); videos 512 MB, 0.5-140 s, at most 60 fps,
 * 32-1280 px a side.  Everything is uploaded through the v2 media endpoints.
 */
#include "platforms/x/x.h"

const struct ag_media_limits x_media_limits[] = {
    {.platform = "x",
     .display = "X",
     .kind = AG_MEDIA_IMAGE,
     .types = AG_MEDIA_BIT(AG_MEDIA_JPEG) | AG_MEDIA_BIT(AG_MEDIA_PNG) | AG_MEDIA_BIT(AG_MEDIA_WEBP) |
              AG_MEDIA_BIT(AG_MEDIA_GIF),
     .max_bytes = 5 * AG_MB,
     .transfer = "upload_bytes"},
    {.platform = "x",
     .display = "X",
     .kind = AG_MEDIA_VIDEO,
     .types = AG_MEDIA_BIT(AG_MEDIA_MP4) | AG_MEDIA_BIT(AG_MEDIA_MOV),
     .max_bytes = 512 * AG_MB,
     .min_duration_ms = 500,
     .max_duration_ms = 140 * 1000,
     .min_side = 32,
     .max_side = 1280,
     .max_fps = 60,
     .transfer = "upload_bytes"},
    {0},
};

const struct ag_media_limits x_gif_limits = {.platform = "x",
                                             .display = "X",
                                             .kind = AG_MEDIA_IMAGE,
                                             .types = AG_MEDIA_BIT(AG_MEDIA_GIF),
                                             .max_bytes = 15 * AG_MB,
                                             .max_side = 1280,
                                             .transfer = "upload_bytes"};
