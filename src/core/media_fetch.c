/*
 * Media over HTTP: streaming download to a registered private temp file, and preflight of URLs a
 * platform pulls itself.  All transport rules (loopback-only plain http, timeouts, retries) are
 * core/http.c's; this file adds what media needs: caps, status and header sanity, sniffing, and
 * temp files that never outlive the process.
 *
 * Temp files: a fixed registry of paths, unlinked by ag_media_temp_remove, at exit() and from a
 * SIGINT/SIGTERM/SIGHUP handler.  The handler only calls unlink/sigaction/raise (async-signal-safe)
 * on a static array, then restores the previous action and re-raises, so the process still dies of
 * the signal (exit status 130/143) or the previous handler still runs.  Signals ignored at install
 * time (nohup) stay ignored.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/fs.h"
#include "core/http.h"
#include "core/log.h"
#include "core/media.h"
#include "core/num.h"
#include "core/url.h"

#define SLOTS     32
#define SLOT_PATH 1024

static char slot_path[SLOTS][SLOT_PATH];
static volatile sig_atomic_t slot_used[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static const int signals[] = {SIGINT, SIGTERM, SIGHUP};
static struct sigaction previous[sizeof(signals) / sizeof(signals[0])];
static int installed;

static void unlink_all(void)
{
    for (int i = 0; i < SLOTS; i++)
        if (slot_used[i]) {
            unlink(slot_path[i]);
            slot_used[i] = 0;
        }
}

static void on_signal(int sig)
{
    int saved = errno;
    unlink_all();
    for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
        if (signals[i] == sig)
            sigaction(sig, &previous[i], NULL);
    raise(sig); /* blocked until we return, then handled by the restored action */
    /* cppcheck-suppress unreachableCode ; raise() returns: the signal is blocked in its own handler */
    errno = saved;
}

/* Called with lock held. */
static void install(void)
{
    if (installed)
        return;
    installed = 1;
    atexit(unlink_all);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigfillset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++) {
        if (sigaction(signals[i], NULL, &previous[i]) == 0 && previous[i].sa_handler == SIG_IGN)
            continue;
        sigaction(signals[i], &sa, NULL);
    }
}

/* Called with lock held and the signals blocked. */
static int remember(const char *path)
{
    if (strlen(path) >= SLOT_PATH)
        return -1;
    for (int i = 0; i < SLOTS; i++)
        if (!slot_used[i]) {
            memcpy(slot_path[i], path, strlen(path) + 1);
            slot_used[i] = 1; /* set last: the handler never sees a half-written path */
            return 0;
        }
    return -1;
}

static void block_signals(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
        sigaddset(&set, signals[i]);
    pthread_sigmask(SIG_BLOCK, &set, old);
}

int ag_media_temp_create(const char *dir, const char *prefix, char **path_out, struct ag_error *err)
{
    sigset_t old;
    char *path = NULL;
    pthread_mutex_lock(&lock);
    install();
    /* No window between creating the file and registering it in which a signal could leave it behind. */
    block_signals(&old);
    int fd = ag_fs_temp_file(dir, prefix, &path, err);
    if (fd >= 0 && remember(path) < 0) {
        unlink(path);
        close(fd);
        free(path);
        fd = ag_error_set(err, AG_EFAIL, "too many temp files at once");
    } else if (fd >= 0) {
        *path_out = path;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_mutex_unlock(&lock);
    return fd;
}

void ag_media_temp_remove(const char *path)
{
    if (!path)
        return;
    pthread_mutex_lock(&lock);
    for (int i = 0; i < SLOTS; i++)
        if (slot_used[i] && strcmp(slot_path[i], path) == 0)
            slot_used[i] = 0; /* forget first, so the handler cannot unlink a reused name later */
    unlink(path);
    pthread_mutex_unlock(&lock);
}

#define DEFAULT_MAX_BYTES  ((uint64_t)4 << 30)
#define DEFAULT_TIMEOUT_S  3600L
#define DEFAULT_REDIRECTS  5
#define PREFLIGHT_TIMEOUT  30L
#define PREFLIGHT_RANGE    "Range: bytes=0-65535"
#define PREFLIGHT_BODY_MAX ((uint64_t)AG_MEDIA_SNIFF_BYTES * 2)

static int is_2xx(long status)
{
    return status >= 200 && status <= 299;
}

static int is_3xx(long status)
{
    return status >= 300 && status <= 399;
}

/* A non-2xx final answer as an error: 5xx and 429 may pass, other answers will not. */
static int status_error(const struct ag_http_response *res, const char *shown, int client_code,
                        struct ag_error *err)
{
    if (res->status == 429 || res->status >= 500)
        return ag_error_set(err, AG_ETEMP, "'%s': the server answered HTTP %ld, try again later", shown,
                            res->status);
    return ag_error_set(err, client_code, "'%s': the server answered HTTP %ld", shown, res->status);
}

static int redirect_error(const struct ag_http_response *res, const char *shown, struct ag_error *err)
{
    return ag_error_set(err, AG_EINVALID,
                        "'%s' redirects (HTTP %ld); a URL the platform pulls must not redirect", shown,
                        res->status);
}

/* opts->max_redirects: 0 = default, negative = none. */
static int redirect_limit(const struct ag_media_fetch_opts *opts)
{
    return opts->max_redirects == 0 ? DEFAULT_REDIRECTS : opts->max_redirects < 0 ? 0 : opts->max_redirects;
}

static void fetch_request(struct ag_http_request *req, const char *url,
                          const struct ag_media_fetch_opts *opts, long timeout_s, int redirects)
{
    ag_http_request_init(req);
    req->public_only = !opts->allow_private;
    req->url = url;
    req->timeout_s = timeout_s;
    req->max_attempts = 3;
    req->idempotent = 1;
    req->max_redirects = redirects;
}

/* Content-Length must match what arrived; a text page where media was expected is a clear mistake. */
static int check_body(int fd, const struct ag_http_response *res, const char *shown,
                      struct ag_media_info *info, struct ag_error *err)
{
    struct stat st;
    if (fstat(fd, &st) < 0)
        return ag_error_set(err, AG_EFAIL, "cannot stat the download of '%s': %s", shown, strerror(errno));
    info->size = (uint64_t)st.st_size;
    info->size_known = 1;
    if (res->content_length && res->content_length != info->size)
        return ag_error_set(err, AG_ETEMP, "'%s': the server announced %" PRIu64 " bytes but sent %" PRIu64,
                            shown, res->content_length, info->size);
    int rc = ag_media_sniff_fd(fd, shown, info, err);
    if (rc < 0)
        return rc;
    if (info->type == AG_MEDIA_OTHER && strncmp(info->mime, "text/", 5) == 0)
        return ag_error_set(err, AG_EINVALID, "'%s' is a web page or text (%s, Content-Type %s), not media",
                            shown, info->mime, res->content_type ? res->content_type : "none");
    if (res->content_type && strncasecmp(res->content_type, ag_media_type_mime(info->type),
                                         strlen(ag_media_type_mime(info->type))) != 0)
        ag_debug("media: '%s' says Content-Type %s, content is %s", shown, res->content_type, info->mime);
    return 0;
}

int ag_media_download_url(const char *url, const struct ag_media_fetch_opts *opts,
                          struct ag_media_download *out, struct ag_error *err)
{
    static const struct ag_media_fetch_opts defaults = {0};
    struct ag_http_request req;
    struct ag_http_response res;
    struct ag_media_info info;
    char shown[AG_URL_SHOWN_MAX], *path = NULL;
    int rc;
    if (!opts)
        opts = &defaults;
    ag_url_shown(url, shown, sizeof(shown));
    ag_media_info_init(&info);
    ag_http_response_init(&res);
    int fd = ag_media_temp_create(opts->tmp_dir, "agoras-media", &path, err);
    if (fd < 0)
        return fd;
    fetch_request(&req, url, opts, opts->timeout_s ? opts->timeout_s : DEFAULT_TIMEOUT_S,
                  redirect_limit(opts));
    req.download_fd = fd;
    req.max_response = opts->max_bytes ? opts->max_bytes : DEFAULT_MAX_BYTES;
    if ((rc = ag_http_perform(&req, &res, err)) < 0)
        goto out;
    if (is_3xx(res.status)) {
        rc = ag_error_set(err, AG_EFAIL, "'%s' redirects (HTTP %ld), and no redirects are allowed here",
                          shown, res.status);
        goto out;
    }
    if (!is_2xx(res.status)) {
        rc = status_error(&res, shown, AG_EFAIL, err);
        goto out;
    }
    if ((rc = check_body(fd, &res, shown, &info, err)) < 0)
        goto out;
    out->path = path;
    out->info = info;
    path = NULL;
out:
    close(fd);
    if (path) {
        ag_media_temp_remove(path);
        free(path);
    }
    ag_http_response_free(&res);
    return rc;
}

void ag_media_download_discard(struct ag_media_download *d)
{
    if (!d || !d->path)
        return;
    ag_media_temp_remove(d->path);
    free(d->path);
    d->path = NULL;
}

/* Total size from "bytes 0-65535/1234567" (not "*"). */
static int range_total(const char *content_range, uint64_t *total)
{
    const char *slash = content_range ? strrchr(content_range, '/') : NULL;
    if (!slash)
        return -1;
    char tmp[24];
    snprintf(tmp, sizeof(tmp), "%.*s", (int)strcspn(slash + 1, " \r\n"), slash + 1);
    return ag_parse_u64(tmp, UINT64_MAX, total);
}

/* When HEAD did not tell: the total of a 206's Content-Range, or a 200's Content-Length. */
static void size_from_get(const struct ag_http_response *res, struct ag_media_info *info)
{
    uint64_t total;
    if (info->size_known)
        return;
    if (res->status == 206 && range_total(res->content_range, &total) == 0)
        info->size = total;
    else if (res->status == 200 && res->content_length)
        info->size = res->content_length;
    else
        return;
    info->size_known = 1;
}

/* HEAD: only the size matters, and only a 2xx answer counts (servers often refuse or drop HEAD). */
static int preflight_head(const char *url, const struct ag_media_fetch_opts *opts, const char *shown,
                          struct ag_media_info *info, struct ag_error *err)
{
    struct ag_http_request req;
    struct ag_http_response res;
    struct ag_error e;
    ag_error_clear(&e);
    ag_http_response_init(&res);
    fetch_request(&req, url, opts, PREFLIGHT_TIMEOUT, 0);
    req.method = "HEAD";
    req.max_attempts = 1;
    int rc = ag_http_perform(&req, &res, &e);
    if (rc < 0 && e.code == AG_EUSAGE) /* a refused URL: the GET would be refused too */
        rc = ag_error_set(err, e.code, "%s", e.msg);
    else if (rc < 0) {
        ag_debug("media: HEAD '%s' failed (%s), trying a ranged GET", shown, e.msg);
        rc = 0;
    } else if (is_3xx(res.status)) {
        rc = redirect_error(&res, shown, err);
    } else if (is_2xx(res.status) && res.content_length) {
        info->size = res.content_length;
        info->size_known = 1;
    } else if (!is_2xx(res.status))
        ag_debug("media: HEAD '%s' answered %ld, trying a ranged GET", shown, res.status);
    ag_http_response_free(&res);
    return rc;
}

/* Ranged GET of the first bytes: the type (sniffed), image dimensions, and the size if HEAD did not say. */
static int preflight_get(const char *url, const struct ag_media_fetch_opts *opts, const char *shown,
                         struct ag_media_info *info, struct ag_error *err)
{
    static const char *const range[] = {PREFLIGHT_RANGE, NULL};
    struct ag_http_request req;
    struct ag_http_response res;
    ag_http_response_init(&res);
    fetch_request(&req, url, opts, PREFLIGHT_TIMEOUT, 0);
    req.headers = range;
    req.max_response = PREFLIGHT_BODY_MAX;
    int rc = ag_http_perform(&req, &res, err);
    if (rc < 0 && is_2xx(res.status) && res.body.len > 0) {
        rc = 0; /* the server ignored Range and sent more than we read: the first bytes are enough */
        ag_error_clear(err);
    }
    if (rc < 0)
        goto out;
    if (is_3xx(res.status)) {
        rc = redirect_error(&res, shown, err);
        goto out;
    }
    if (!is_2xx(res.status)) {
        rc = status_error(&res, shown, AG_EINVALID, err);
        goto out;
    }
    size_from_get(&res, info);
    if ((rc = ag_media_sniff_buffer(res.body.data, res.body.len, shown, info, err)) < 0)
        goto out;
    ag_media_image_size(info->type, (const unsigned char *)res.body.data, res.body.len, &info->width,
                        &info->height);
out:
    ag_http_response_free(&res);
    return rc;
}

int ag_media_preflight(const char *url, const struct ag_media_fetch_opts *opts, struct ag_media_info *info,
                       struct ag_error *err)
{
    static const struct ag_media_fetch_opts defaults = {0};
    char shown[AG_URL_SHOWN_MAX];
    struct ag_media_info r;
    int rc;
    ag_url_shown(url, shown, sizeof(shown));
    ag_media_info_init(&r);
    if (!opts)
        opts = &defaults;
    if ((rc = preflight_head(url, opts, shown, &r, err)) < 0 ||
        (rc = preflight_get(url, opts, shown, &r, err)) < 0)
        return rc;
    *info = r;
    return 0;
}

int ag_media_check_url(const char *url, const struct ag_media_limits *lim, struct ag_media_info *info,
                       struct ag_error *err)
{
    struct ag_media_info r;
    int rc = ag_media_preflight(url, NULL, &r, err);
    if (rc == 0) {
        char shown[AG_URL_SHOWN_MAX];
        rc = ag_media_validate(lim, ag_url_shown(url, shown, sizeof(shown)), &r, 0, err);
    }
    if (rc == 0 && info)
        *info = r;
    return rc;
}
