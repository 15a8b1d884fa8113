/*
 * agoras threads video: a VIDEO container from --video-url (Threads fetches it; no upload exists), its
 * text the title then --text, waited for within --wait-timeout (Agoras polls forever), then published.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "platforms/threads/container.h"
#include "platforms/threads/options.h"
#include "platforms/threads/session.h"
#include "platforms/threads/text.h"
#include "platforms/threads/threads.h"

int ag_threads_run_video(struct ag_args *args, struct ag_error *err)
{
    const struct th_video_opts *o = args->opts;
    const char *url = o->video.url;
    char *text = NULL;
    if (o->video.file)
        return ag_error_set(err, AG_EUSAGE,
                            "Threads fetches videos from a public URL only: put the file on a web server and "
                            "pass --video-url");
    if (!url || !*url)
        return ag_error_set(err, AG_EUSAGE, "no video: give --video-url (or THREADS_VIDEO_URL)");
    if (strncasecmp(url, "https://", 8) != 0 && strncasecmp(url, "http://", 7) != 0)
        return ag_error_set(
            err, AG_EUSAGE,
            "--video-url '%s' is not a URL: Threads fetches videos from public http(s) URLs only", url);
    struct ag_session s;
    int rc = th_text_join(o->video.title, "\n", o->text, &text, err);
    if (rc == 0)
        rc = th_text_check(text, NULL, err);
    if (rc == 0 && (rc = th_session_open(&s, err)) == 0) {
        rc = th_quota_check(&s, err);
        struct th_container c = {
            .media_type = "VIDEO", .video_url = url, .text = text, .reply_control = o->who_can_reply};
        if (rc == 0)
            rc = th_container_post(&s, &c, o->wait_timeout, err);
        ag_session_close(&s);
    }
    free(text);
    return rc;
}
