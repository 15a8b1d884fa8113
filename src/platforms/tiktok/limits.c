/*
 * TikTok's media limits: TIKTOK_API.md §4.3 (video) and §4.4 (photos). Video duration: the API accepts
 * up to 10 min, each creator's own max_video_post_duration_sec is passed to ag_media_validate. No minimum
 * duration is documented, so none is enforced. Photos are pulled by TikTok from a verified https URL;
 * videos are uploaded from a file by default (PULL_FROM_URL is tried for --video-url).
 */
#include "platforms/tiktok/tiktok.h"

const struct ag_media_limits tt_media_limits[] = {
    {.platform = "tiktok",
     .display = "TikTok",
     .kind = AG_MEDIA_IMAGE,
     .types = AG_MEDIA_BIT(AG_MEDIA_JPEG) | AG_MEDIA_BIT(AG_MEDIA_WEBP),
     .max_bytes = 20 * AG_MB,
     .max_short_side = 1080,
     .transfer = "url_pull"},
    {.platform = "tiktok",
     .display = "TikTok",
     .kind = AG_MEDIA_VIDEO,
     .types = AG_MEDIA_BIT(AG_MEDIA_MP4) | AG_MEDIA_BIT(AG_MEDIA_MOV) | AG_MEDIA_BIT(AG_MEDIA_WEBM),
     .max_bytes = 4 * AG_GB,
     .max_duration_ms = (int64_t)600 * 1000,
     .min_side = 360,
     .max_side = 4096,
     .min_fps = 23,
     .max_fps = 60,
     .transfer = "upload_bytes"},
    {0},
};
