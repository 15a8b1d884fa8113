/*
 * Discord's media limits (LINKEDIN_YOUTUBE_DISCORD_TELEGRAM_API.md §3.4): every uploaded file at most
 * 10 MiB by default (boosted servers allow more; agoras keeps the default).  The types are the
 * reference's (agoras-upstream.md §9.1) less AVI, which core/media.h does not know.
 */
#include "platforms/discord/discord.h"

const struct ag_media_limits dc_media_limits[] = {
    {.platform = "discord",
     .display = "Discord",
     .kind = AG_MEDIA_IMAGE,
     .types = AG_MEDIA_BIT(AG_MEDIA_JPEG) | AG_MEDIA_BIT(AG_MEDIA_PNG) | AG_MEDIA_BIT(AG_MEDIA_WEBP),
     .max_bytes = 10 * AG_MB,
     .transfer = "upload_bytes"},
    {.platform = "discord",
     .display = "Discord",
     .kind = AG_MEDIA_VIDEO,
     .types = AG_MEDIA_BIT(AG_MEDIA_MP4) | AG_MEDIA_BIT(AG_MEDIA_MOV) | AG_MEDIA_BIT(AG_MEDIA_WEBM),
     .max_bytes = 10 * AG_MB,
     .transfer = "upload_bytes"},
    {0},
};
