#include "platforms/discord/upload.h"

#include <stdio.h>

#include "net/network.h"
#include "platforms/discord/discord.h"

static const char *extension(enum ag_media_type t)
{
    static const char *const ext[AG_MEDIA_TYPE_COUNT] = {
        [AG_MEDIA_MP4] = "mp4",  [AG_MEDIA_MOV] = "mov", [AG_MEDIA_WEBM] = "webm",
        [AG_MEDIA_JPEG] = "jpg", [AG_MEDIA_PNG] = "png", [AG_MEDIA_WEBP] = "webp",
    };
    return (unsigned)t < AG_MEDIA_TYPE_COUNT && ext[t] ? ext[t] : "bin";
}

int dc_file_open(const char *path, enum ag_media_kind kind, const char *stem, struct dc_file *out,
                 struct ag_error *err)
{
    *out = (struct dc_file){.media.fd = -1};
    int rc = ag_local_media_open(&ag_discord_network, path, kind, &out->media, err);
    if (rc == 0)
        snprintf(out->filename, sizeof(out->filename), "%s.%s", stem, extension(out->media.type));
    return rc;
}

void dc_file_close(struct dc_file *f)
{
    ag_local_media_close(&f->media);
}
