/*
 * agoras telegram video: sendVideo with --video-url (Telegram fetches it) or --video-file (a
 * multipart upload streamed from disk, checked against the 50 MB limit first), the caption being
 * the text, else the title.
 */
#include <stdlib.h>

#include "platforms/telegram/api.h"
#include "platforms/telegram/chat.h"
#include "platforms/telegram/options.h"
#include "platforms/telegram/request.h"
#include "platforms/telegram/send.h"
#include "platforms/telegram/telegram.h"
#include "net/local_media.h"

static int present(const char *s)
{
    return s && *s;
}

static int check_source(const struct ag_video_opts *v, struct ag_error *err)
{
    if (present(v->url) == present(v->file))
        return ag_error_set(err, AG_EUSAGE,
                            present(v->url) ? "give --video-url or --video-file, not both"
                                            : "no video: give --video-url (or VIDEO_URL) or --video-file");
    if (present(v->url) && !ag_is_http_url(v->url))
        return ag_error_set(err, AG_EUSAGE,
                            "--video-url '%.80s' is not an http(s) URL: for a local file use --video-file",
                            v->url);
    return 0;
}

int ag_telegram_run_video(struct ag_args *args, struct ag_error *err)
{
    const struct tg_video_opts *o = args->opts;
    char chat[TG_CHAT_ID_MAX], *caption = NULL;
    enum tg_parse_mode mode;
    struct ag_local_media file = {.fd = -1};
    struct tg_upload upload;
    json_t *params = NULL, *result = NULL;

    int rc = tg_creds_check(&o->c, chat, sizeof(chat), err);
    if (rc == 0)
        rc = check_source(&o->video, err);
    if (rc == 0)
        rc = tg_parse_mode_parse(o->parse_mode, &mode, err);
    if (rc == 0)
        rc = tg_video_caption(o->text, o->video.title, mode, &caption, err);
    if (rc == 0 && present(o->video.file))
        rc = ag_local_media_open(&ag_telegram_network, o->video.file, AG_MEDIA_VIDEO, &file, err);
    if (rc == 0)
        rc = tg_req_send_video(chat, file.fd >= 0 ? NULL : o->video.url, caption, mode, &params, err);
    if (rc == 0) {
        upload = (struct tg_upload){.part = "video",
                                    .fd = file.fd,
                                    .size = file.size,
                                    .filename = file.basename,
                                    .content_type = file.content_type};
        rc = tg_call(o->c.bot_token, "sendVideo", params, &upload, file.fd >= 0, 1, &result, err);
    }
    if (rc == 0)
        rc = tg_print_sent(result, chat, err);
    ag_local_media_close(&file);
    json_decref(result);
    json_decref(params);
    free(caption);
    return rc;
}
