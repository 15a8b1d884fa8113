/* agoras threads share (a repost, sent once) and delete. */
#include <stdio.h>
#include <string.h>

#include "net/result.h"
#include "platforms/threads/options.h"
#include "platforms/threads/session.h"
#include "platforms/threads/threads.h"

static int run(const struct th_post_id_opts *o, const char *method, const char *tail, const char *what,
               const char *maybe, const char *id_key, struct ag_error *err)
{
    char path[512], code[64];
    json_t *out = NULL;
    struct ag_session s;
    if (strspn(o->post_id, "0123456789_") != strlen(o->post_id) || !*o->post_id)
        return ag_error_set(err, AG_EUSAGE, "--post-id '%s' is not a Threads media id (digits)", o->post_id);
    int rc = th_session_open(&s, err);
    if (rc < 0)
        return rc;
    snprintf(path, sizeof(path), "/%s%s", o->post_id, tail);
    struct th_call call = {method, path, NULL, what, maybe};
    rc = th_session_call(&s, &call, &out, code, sizeof(code), NULL, 0, err);
    const char *id = json_string_value(json_object_get(out, id_key));
    if (rc == 0 && !id && json_is_true(json_object_get(out, "success")))
        id = o->post_id;
    if (rc == 0 && !id)
        rc = ag_error_set(err, AG_EUNKNOWN, "threads: the %s answer has no '%s'; %s", what, id_key, maybe);
    if (rc == 0)
        ag_result_print("id", id, NULL);
    json_decref(out);
    ag_session_close(&s);
    return rc;
}

int ag_threads_run_share(struct ag_args *args, struct ag_error *err)
{
    return run(args->opts, "POST", "/repost", "repost",
               "Threads may or may not have reposted it (look at the profile)", "id", err);
}

int ag_threads_run_delete(struct ag_args *args, struct ag_error *err)
{
    return run(args->opts, "DELETE", "", "delete",
               "Threads may or may not have deleted it (look at the profile)", "deleted_id", err);
}
