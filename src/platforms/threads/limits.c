/*
 * Threads' media limits (X_THREADS_API.md §8): images JPEG or PNG up to 8 MB (Threads
 * scales their size); videos MOV or MP4 up to 1 GB and 300 s, 23-60 fps.  Threads fetches both
 * from a public URL itself ("url_pull"): agoras never uploads a file.
 */
#include "platforms/threads/threads.h"

const struct ag_media_limits th_media_limits[] = {
    {.platform = "threads",
     .display = "Threads",
     .kind = AG_MEDIA_IMAGE,
     .types = AG_MEDIA_BIT(AG_MEDIA_JPEG) | AG_MEDIA_BIT(AG_MEDIA_PNG),
     .max_bytes = 8 * AG_MB,
     .transfer = "url_pull"},
    {.platform = "threads",
     .display = "Threads",
     .kind = AG_MEDIA_VIDEO,
     .types = AG_MEDIA_BIT(AG_MEDIA_MP4) | AG_MEDIA_BIT(AG_MEDIA_MOV),
     .max_bytes = 1024 * AG_MB,
     .max_duration_ms = 300 * 1000,
     .min_fps = 23,
     .max_fps = 60,
     .transfer = "url_pull"},
    {0},
};
