#include "core/store_trust.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"

static int check_owner_and_mode(const char *path, const struct stat *st, const char *chmod_mode,
                                struct ag_error *err)
{
    uid_t me = geteuid();
    if (st->st_uid != me)
        return ag_error_set(
            err, AG_EFAIL,
            "'%s' belongs to uid %lu, not to you (uid %lu), so agoras does not trust it: use a "
            "store of your own (AGORAS_STORAGE_DIR) or 'chown %lu %s'",
            path, (unsigned long)st->st_uid, (unsigned long)me, (unsigned long)me, path);
    if (st->st_mode & (S_IWGRP | S_IWOTH))
        return ag_error_set(err, AG_EFAIL,
                            "'%s' is writable by group or others, who could replace your credentials: run "
                            "'chmod %s %s'",
                            path, chmod_mode, path);
    return 0;
}

int ag_store_trust_dir(const char *path, struct ag_error *err)
{
    struct stat st;
    if (stat(path, &st) < 0)
        return errno == ENOENT
                   ? 0
                   : ag_error_set(err, AG_EFAIL, "cannot inspect '%s': %s", path, strerror(errno));
    return check_owner_and_mode(path, &st, "700", err);
}

int ag_store_trust_file(const char *path, const struct stat *st, enum ag_store_file_kind kind,
                        struct ag_error *err)
{
    static int warned; /* the key is read by several store handles in one run: say it once */
    int rc = check_owner_and_mode(path, st, "600", err);
    if (rc == 0 && kind == AG_STORE_KEY_FILE && (st->st_mode & (S_IRGRP | S_IROTH)) && !warned) {
        ag_warn(
            "'%s' is readable by group or others, who can decrypt your tokens with it: run 'chmod 600 %s'",
            path, path);
        warned = 1;
    }
    return rc;
}
