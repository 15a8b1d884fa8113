/*
 * agoras utils feed-publish (see feed_publish.h).  Agoras's flags and env (reference §3.1); what
 * differs, on purpose:
 *  - a ledger decides what is new, not a time window (Agoras's window misses and repeats items);
 *  - --post-lookback only bounds the first run of a (feed, network) (feed_select.c);
 *  - links are posted as the feed gives them: Agoras's "?t=<now>" cache-busting is not added (with
 *    a ledger nothing is posted twice, so there is no cache to bust, and it mangled existing queries);
 *  - RSS 1.0 and Atom besides RSS 2.0, conditional GET, one child process per network (at most
 *    MAX_CHILDREN at once), one JSON line per delivery.
 * Everything is checked before the feed is fetched: networks, --mode, --resolve, the URL.
 */
#include "platforms/utils/feed_publish.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/interrupt.h"
#include "core/log.h"
#include "core/store.h"
#include "net/deliver.h"
#include "platforms/registry.h"

#define MAX_CHILDREN 4
#define MAX_NETWORKS 16

static const char *const modes[] = {"last", "random", NULL};

#define F struct feed_opts
static const struct ag_option options[] = {
    AG_OPT_STR(F, network, .name = "network", .flags = AG_OPT_REQUIRED, .metavar = "NAMES",
               .help = "the networks to post to, comma-separated (each gets every new item)"),
    AG_OPT_CHOICE(F, mode, .name = "mode", .choices = modes, .metavar = "MODE",
                  .help = "required: last (new items, oldest first, up to --max-count) or random (one new "
                          "item)"),
    AG_OPT_STR(F, feed_url, .name = "feed-url", .env = "FEED_URL", .flags = AG_OPT_REQUIRED, .metavar = "URL",
               .help = "the RSS 2.0, RSS 1.0 or Atom feed"),
    AG_OPT_NUM(F, max_count, .name = "max-count", .env = "MAX_COUNT", .def = "1", .min = 0, .max = 1000,
               .metavar = "N", .help = "last: post at most N items per network and run (the rest next run)"),
    AG_OPT_SECS(F, post_lookback, .name = "post-lookback", .env = "POST_LOOKBACK", .def = "3600", .min = 1,
                .max = 315360000,
                .help = "last, first run of a feed for a network only (no ledger rows yet): post items "
                        "newer than this, mark older ones seen; later runs post every new item"),
    AG_OPT_NUM(F, max_post_age, .name = "max-post-age", .env = "MAX_POST_AGE", .def = "365", .min = 1,
               .max = 36500, .metavar = "DAYS", .help = "never post items dated more than DAYS ago"),
    AG_OPT_FLAG(F, seed, .name = "seed", .def = "false",
                .help = "mark the feed's current items seen without posting (before a first run)"),
    AG_OPT_FLAG(F, dry_run, .name = "dry-run", .def = "false",
                .help = "print what would be posted; post and record nothing"),
    AG_OPT_MANY(F, resolve, .name = "resolve", .metavar = "ITEM=STATE",
                .help = "settle a delivery left unknown (or in error) for --network: STATE published (never "
                        "post it) or retry (post it next run); fetches nothing"),
    {0},
};
#undef F

/* The registry's networks feed-publish can post to, comma-separated. */
static void deliverable(struct ag_buf *out)
{
    for (const struct ag_network *const *n = ag_networks; *n; n++)
        if (ag_deliver_action(*n))
            ag_buf_printf(out, "%s%s", out->len ? ", " : "", (*n)->name);
}

static int agoras_knows(const char *name)
{
    for (const char *const *p = ag_store_platforms; *p; p++)
        if (strcmp(*p, name) == 0)
            return 1;
    return 0;
}

static int add_network(const char *name, const struct ag_network **nets, size_t *n, struct ag_error *err)
{
    const struct ag_network *net = ag_network_find(name);
    if (net && ag_deliver_action(net)) {
        for (size_t i = 0; i < *n; i++)
            if (nets[i] == net)
                return 0;
        if (*n == MAX_NETWORKS)
            return ag_error_set(err, AG_EUSAGE, "--network: at most %d networks", MAX_NETWORKS);
        nets[(*n)++] = net;
        return 0;
    }
    struct ag_buf valid;
    ag_buf_init(&valid, 0);
    deliverable(&valid);
    int rc = agoras_knows(name)
                 ? ag_error_set(err, AG_EUSAGE,
                                "--network: agoras cannot post to %s yet (feed-publish works with: %s)", name,
                                valid.data)
                 : ag_error_set(err, AG_EUSAGE, "--network: unknown network '%s': use one of %s", name,
                                valid.data);
    ag_buf_free(&valid);
    return rc;
}

static int parse_networks(const char *list, const struct ag_network **nets, size_t *n, struct ag_error *err)
{
    char *copy = strdup(list), *save = NULL;
    int rc = copy ? 0 : ag_error_set(err, AG_EFAIL, "out of memory");
    *n = 0;
    for (char *t = copy ? strtok_r(copy, ",", &save) : NULL; rc == 0 && t; t = strtok_r(NULL, ",", &save)) {
        t += strspn(t, " ");
        for (char *e = t + strlen(t); e > t && e[-1] == ' '; *--e = '\0')
            ;
        if (*t)
            rc = add_network(t, nets, n, err);
    }
    free(copy);
    if (rc == 0 && *n == 0)
        rc = ag_error_set(err, AG_EUSAGE,
                          "--network names no network: give one or more, e.g. --network telegram");
    return rc;
}

/* "ITEM=published|retry": the item (owned by the caller) and the state it goes to. */
static int parse_resolve(const char *spec, char **item, enum ag_ledger_state *to, struct ag_error *err)
{
    const char *eq = strrchr(spec, '=');
    *item = NULL;
    if (!eq || eq == spec || (strcmp(eq + 1, "published") != 0 && strcmp(eq + 1, "retry") != 0))
        return ag_error_set(
            err, AG_EUSAGE,
            "--resolve '%s': write ITEM=published (it was posted) or ITEM=retry (post it again)", spec);
    *to = strcmp(eq + 1, "published") == 0 ? AG_LEDGER_PUBLISHED : AG_LEDGER_ABSENT;
    if (!(*item = strndup(spec, (size_t)(eq - spec))))
        return ag_error_set(err, AG_EFAIL, "out of memory");
    return 0;
}

static int check_resolve(const struct ag_list *l, struct ag_error *err)
{
    for (size_t i = 0; i < l->n; i++) {
        char *item;
        enum ag_ledger_state to;
        int rc = parse_resolve(l->items[i], &item, &to, err);
        free(item);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* --resolve: settle each item for each network; a retry also forgets the feed's validators, or the
 * next run's 304 would hide the item. */
static int resolve_all(const struct feed_opts *o, const char *dir, const struct ag_network **nets, size_t n,
                       struct ag_error *err)
{
    struct ag_ledger *l;
    int rc = ag_ledger_open(dir, &l, err), retry = 0;
    for (size_t i = 0; rc == 0 && i < o->resolve.n; i++) {
        char *item;
        enum ag_ledger_state to;
        rc = parse_resolve(o->resolve.items[i], &item, &to, err);
        for (size_t j = 0; rc == 0 && j < n; j++) {
            struct ag_ledger_key k = {o->feed_url, item, nets[j]->name};
            if ((rc = ag_ledger_resolve(l, &k, to, err)) == 0)
                feed_line(nets[j]->name, item, "resolved", NULL,
                          to == AG_LEDGER_PUBLISHED ? "marked published: it will not be posted"
                                                    : "cleared: the next run posts it",
                          NULL);
        }
        retry |= to == AG_LEDGER_ABSENT;
        free(item);
    }
    struct ag_ledger_feed f;
    if (rc == 0 && retry && (rc = ag_ledger_feed_get(l, o->feed_url, &f, err)) == 0) {
        struct ag_ledger_feed keep = {.moved_to = f.moved_to};
        rc = ag_ledger_feed_put(l, o->feed_url, &keep, err);
        ag_ledger_feed_free(&f);
    }
    if (l)
        ag_ledger_close(l);
    return rc;
}

struct child {
    pid_t pid;
    int fd; /* reads the child's "complete" byte */
};

static void start_child(const struct feed_run *run, const struct ag_network *net, struct child *c)
{
    int p[2];
    c->pid = -1;
    if (pipe(p) < 0)
        return;
    fflush(NULL); /* nothing buffered may be written twice */
    c->pid = fork();
    if (c->pid == 0) {
        close(p[0]);
        bool complete;
        int code = feed_network_run(run, net, &complete);
        char byte = complete ? 'c' : 'p';
        if (write(p[1], &byte, 1) != 1)
            code = feed_worse(code, AG_EFAIL);
        _exit(code);
    }
    close(p[1]);
    c->fd = p[0];
    if (c->pid < 0)
        close(p[0]);
}

/* Each network in a child process, at most MAX_CHILDREN at once; returns the worst exit code. */
static int fan_out(const struct feed_run *run, const struct ag_network **nets, size_t n, bool *complete)
{
    struct child kids[MAX_NETWORKS];
    size_t next = 0, running = 0;
    int worst = 0;
    *complete = true;
    while (next < n || running > 0) {
        if (next < n && running < MAX_CHILDREN) {
            start_child(run, nets[next], &kids[next]);
            if (kids[next].pid < 0) {
                feed_line(nets[next]->name, NULL, "error", NULL, "cannot start a process for it", NULL);
                worst = feed_worse(worst, AG_EFAIL);
                *complete = false;
            } else {
                running++;
            }
            next++;
            continue;
        }
        int st;
        pid_t pid = waitpid(-1, &st, 0);
        if (pid < 0 && errno == EINTR)
            continue;
        if (pid < 0)
            break;
        for (size_t i = 0; i < next; i++) {
            if (kids[i].pid != pid)
                continue;
            char byte = 0;
            if (read(kids[i].fd, &byte, 1) != 1 || byte != 'c')
                *complete = false;
            close(kids[i].fd);
            worst = feed_worse(worst, WIFEXITED(st) ? WEXITSTATUS(st) : AG_EINTERRUPTED + WTERMSIG(st));
            running--;
        }
    }
    return worst;
}

static int summary(int worst, struct ag_error *err)
{
    if (worst >= AG_EINTERRUPTED)
        return ag_error_set(
            err, worst,
            "interrupted by %s: the next run posts what is left (and reports a delivery whose "
            "outcome is unknown, if any)",
            ag_interrupt_name(worst - AG_EINTERRUPTED));
    if (worst == AG_EUNKNOWN)
        return ag_error_set(
            err, worst,
            "the outcome of a delivery is unknown (the \"unknown\" lines): check the network, then "
            "settle it with --resolve ITEM=published or ITEM=retry; it is never retried on its own");
    if (worst == AG_ETEMP)
        return ag_error_set(err, worst,
                            "a network was busy or failed for now (see the lines): the next run tries "
                            "again");
    return ag_error_set(err, worst, "a delivery failed (the \"error\" lines say why)");
}

static int publish(const struct feed_opts *o, const char *dir, const struct ag_network **nets, size_t n,
                   struct ag_error *err)
{
    struct ag_ledger *l;
    struct ag_ledger_feed known = {0};
    int rc = ag_ledger_open(dir, &l, err);
    if (rc == 0) {
        rc = ag_ledger_feed_get(l, o->feed_url, &known, err);
        ag_ledger_close(l);
    }
    if (rc < 0)
        return rc;
    struct ag_feed_fetch req = {.url = known.moved_to ? known.moved_to : o->feed_url,
                                .etag = known.etag,
                                .last_modified = known.last_modified};
    if (known.moved_to)
        ag_log(AG_LOG_DEBUG, "fetching %s: the feed moved there permanently", known.moved_to);
    struct ag_feed_body body = {0};
    struct ag_feed feed = {0};
    if ((rc = ag_feed_get(&req, &body, err)) < 0) {
        ag_error_wrap(err, "feed %s", req.url);
        goto out;
    }
    /* A 304 still runs each network with no items: deliveries left unknown are reported every run. */
    if (body.status == 304)
        ag_log(AG_LOG_DEBUG, "feed %s: not modified since the last run (304): nothing new", req.url);
    const char *base = body.moved_to ? body.moved_to : req.url;
    if (body.status != 304 && (rc = ag_feed_parse(body.body.data, body.body.len, base, &feed, err)) < 0) {
        ag_error_wrap(err, "feed %s", req.url);
        goto out;
    }
    struct feed_run run = {.o = o, .store_dir = dir, .feed = &feed, .now = (int64_t)time(NULL)};
    snprintf(run.run_id, sizeof(run.run_id), "%lld-%ld", (long long)run.now, (long)getpid());
    bool complete;
    ag_interrupt_install(); /* Ctrl-C: the children record what they were doing, then this process reports */
    int worst = fan_out(&run, nets, n, &complete);
    if (ag_interrupt_signal())
        worst = feed_worse(worst, AG_EINTERRUPTED + ag_interrupt_signal());
    if (!o->dry_run && body.status != 304) {
        /* Validators only when nothing is left for a later run: a 304 then would hide it. */
        struct ag_ledger_feed f = {.etag = complete ? body.etag : NULL,
                                   .last_modified = complete ? body.last_modified : NULL,
                                   .moved_to = body.moved_to ? body.moved_to : known.moved_to};
        if ((rc = ag_ledger_open(dir, &l, err)) == 0) {
            rc = ag_ledger_feed_put(l, o->feed_url, &f, err);
            ag_ledger_close(l);
        }
    }
    if (worst != 0)
        rc = summary(worst, err);
out:
    ag_feed_free(&feed);
    ag_feed_body_free(&body);
    ag_ledger_feed_free(&known);
    return rc;
}

static int run(struct ag_args *args, struct ag_error *err)
{
    const struct feed_opts *o = args->opts;
    const struct ag_network *nets[MAX_NETWORKS];
    size_t n = 0;
    int rc = parse_networks(o->network, nets, &n, err);
    if (rc == 0 && !o->resolve.n && !o->mode)
        rc = ag_error_set(err, AG_EUSAGE, "--mode is required: last (new items, oldest first) or random");
    if (rc == 0)
        rc = check_resolve(&o->resolve, err);
    if (rc == 0 && strncmp(o->feed_url, "http://", 7) != 0 && strncmp(o->feed_url, "https://", 8) != 0)
        rc = ag_error_set(err, AG_EUSAGE, "--feed-url '%s': give an http:// or https:// URL", o->feed_url);
    struct ag_store *store = NULL;
    if (rc == 0)
        rc = ag_store_open(&store, err);
    if (rc == 0)
        rc = o->resolve.n ? resolve_all(o, ag_store_dir(store), nets, n, err)
                          : publish(o, ag_store_dir(store), nets, n, err);
    ag_store_close(store);
    return rc;
}

const struct ag_action ag_action_feed_publish = {
    .name = "feed-publish",
    .summary = "Publish a feed's new items (RSS 2.0, RSS 1.0, Atom) to networks, each item once.",
    .options = options,
    .opts_size = sizeof(struct feed_opts),
    .run = run};
