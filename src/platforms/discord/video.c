/*
 * agoras discord video: the video uploaded as the attachment video.<ext>, with an embed titled by
 * --video-title (else "Video", as Python Agoras does) and the text as content.  --video-url is
 * downloaded first to a private temp file, bounded by the upload limit; --video-file is used as it
 * is.  Either way the size and type are checked before the upload, which streams from the file.
 */
#include <string.h>

#include "core/media.h"
#include "net/network.h"
#include "platforms/discord/discord.h"
#include "platforms/discord/message.h"
#include "platforms/discord/options.h"
#include "platforms/discord/send.h"
#include "platforms/discord/target.h"
#include "platforms/discord/upload.h"

static int present(const char *s)
{
    return s && *s;
}

static int download(const char *url, struct ag_media_download *d, struct ag_error *err)
{
    const struct ag_media_limits *lim = ag_network_limits(&ag_discord_network, AG_MEDIA_VIDEO);
    struct ag_media_fetch_opts fo = {.max_bytes = lim->max_bytes};
    char max[16];
    int rc = ag_media_download_url(url, &fo, d, err);
    /* core/http.c stops a body over max_bytes as soon as it passes it: the video is too big. */
    if (rc == -AG_EFAIL && strstr(err->msg, "is larger than"))
        rc = ag_error_set(
            err, AG_EINVALID,
            "the video at '%.120s' is larger than %s; Discord accepts videos of at most %s: give a "
            "smaller one",
            url, ag_media_human_size(lim->max_bytes, max, sizeof(max)), max);
    return rc;
}

int ag_discord_run_video(struct ag_args *args, struct ag_error *err)
{
    const struct dc_video_opts *o = args->opts;
    const char *url = present(o->video.url) ? o->video.url : o->video_url_alias;
    const char *title = present(o->video.title)         ? o->video.title
                        : present(o->video_title_alias) ? o->video_title_alias
                                                        : "Video";
    struct ag_media_download d = {0};
    struct dc_file file = {.media.fd = -1};
    struct dc_target t;
    json_t *msg = NULL;

    int rc = 0;
    if (present(url) == present(o->video.file))
        rc = ag_error_set(err, AG_EUSAGE,
                          present(url) ? "give --video-url or --video-file, not both"
                                       : "no video: give --video-url (or DISCORD_VIDEO_URL / VIDEO_URL) or "
                                         "--video-file");
    else if (present(url) && !ag_is_http_url(url))
        rc =
            ag_error_set(err, AG_EUSAGE,
                         "--video-url '%.80s' is not an http(s) URL: for a local file use --video-file", url);
    if (rc == 0)
        rc = dc_message_new(o->text, &msg, err);
    if (rc == 0)
        rc = dc_message_add_title(msg, title, err);
    if (rc == 0 && present(o->video.file))
        rc = dc_file_open(o->video.file, AG_MEDIA_VIDEO, "video", &file, err);
    if (rc == 0)
        rc = dc_target_for(args, &o->c, &t, err);
    if (rc == 0 && present(url)) {
        rc = download(url, &d, err);
        if (rc == 0)
            rc = dc_file_open(d.path, AG_MEDIA_VIDEO, "video", &file, err);
    }
    if (rc == 0)
        rc = dc_message_add_attachment(msg, 0, file.filename, err);
    if (rc == 0)
        rc = dc_send(o->c.bot_token, &t, msg, &file, 1, err);
    dc_file_close(&file);
    ag_media_download_discard(&d);
    json_decref(msg);
    return rc;
}
