/*
 * Telegram's media limits: the reference's table (agoras-upstream.md §9.1) and the Bot API's upload
 * limits (LINKEDIN_YOUTUBE_DISCORD_TELEGRAM_API.md §4.3): photos 10 MB, videos 50 MB, uploaded as
 * multipart.  The reference also lists AVI for videos; core/media.h has no AVI type, so an AVI file
 * is refused as an unknown type.
 */
#include "platforms/telegram/telegram.h"

const struct ag_media_limits tg_media_limits[] = {
    {.platform = "telegram",
     .display = "Telegram",
     .kind = AG_MEDIA_IMAGE,
     .types = AG_MEDIA_BIT(AG_MEDIA_JPEG) | AG_MEDIA_BIT(AG_MEDIA_PNG) | AG_MEDIA_BIT(AG_MEDIA_WEBP),
     .max_bytes = 10 * AG_MB,
     .transfer = "upload_bytes"},
    {.platform = "telegram",
     .display = "Telegram",
     .kind = AG_MEDIA_VIDEO,
     .types = AG_MEDIA_BIT(AG_MEDIA_MP4) | AG_MEDIA_BIT(AG_MEDIA_MOV) | AG_MEDIA_BIT(AG_MEDIA_WEBM),
     .max_bytes = 50 * AG_MB,
     .transfer = "upload_bytes"},
    {0},
};
