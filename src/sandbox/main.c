/*
 * agoras-sandbox: a local, stateful emulator of TikTok's OAuth and Content Posting API.
 * Command line (the interface other tests rely on; see usage() for the full text):
 *
 *   agoras-sandbox [--host 127.0.0.1] [--port N] [--port-file FILE] [--auto-approve] [--state FILE]
 *                  [--fault PATH=CODE[,CODE...]]... [--latency MS] [--stall-ms MS]
 *                  [--access-ttl S] [--refresh-ttl S] [--code-ttl S] [--upload-ttl S]
 *                  [--complete-after MS] [--media-dir DIR] [--verified-prefix URL]...
 *                  [--verified-domain DOMAIN]... [--help]
 *
 * Runs in the foreground until SIGTERM/SIGINT, then exits 0 (saving --state).
 */
#include "sandbox/sandbox.h"

#include <curl/curl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/num.h"

static const char usage_text[] =
    "usage: agoras-sandbox [options]\n"
    "\n"
    "A local emulator of TikTok's Login Kit v2 OAuth and Content Posting API, strict about every\n"
    "documented request rule, for trying agoras (and CI) without a TikTok app review.\n"
    "\n"
    "options:\n"
    "  --host ADDR             IPv4 address to bind (default 127.0.0.1)\n"
    "  --port N                port to listen on; 0 picks a free one (default 0)\n"
    "  --port-file FILE        write the chosen port and a newline to FILE (atomically) once listening\n"
    "  --auto-approve          the authorize page approves at once instead of showing Approve/Deny\n"
    "  --state FILE            JSON state (apps, accounts, verified prefixes, grants, posts); loaded at\n"
    "                          start, saved at exit; media kept in FILE.media/ (format: see state.c)\n"
    "  --fault PATH=CODES      queue failures for PATH, consumed one per request: HTTP codes 400-599\n"
    "                          (optionally CODE:error_code), 'drop' (close without answer) or 'stall'\n"
    "                          (wait --stall-ms, then answer); PATH 'upload' = any upload PUT;\n"
    "                          PATH 'processing' takes fail_reasons (internal, spam_risk_text, ...) that\n"
    "                          the next posts FAIL with after their media checks pass; repeatable\n"
    "  --latency MS            delay every emulated TikTok request by MS milliseconds (default 0)\n"
    "  --stall-ms MS           how long a 'stall' fault waits (default 30000)\n"
    "  --retry-after S         the Retry-After header of an injected 429 (default 1)\n"
    "  --access-ttl S          access token lifetime (default 7200, the 2026 docs)\n"
    "  --refresh-ttl S         refresh token lifetime (default 15552000 = 180 days)\n"
    "  --code-ttl S            authorization code lifetime (default 300)\n"
    "  --upload-ttl S          upload_url lifetime (default 3600)\n"
    "  --complete-after MS     processing time after the transfer before the final status (default 1500)\n"
    "  --media-dir DIR         files served at /media/ (for PULL_FROM_URL tests)\n"
    "  --verified-prefix URL   treat URLs under this prefix as verified for pulls; repeatable\n"
    "  --verified-domain DOMAIN  treat URLs on DOMAIN and its subdomains as verified; repeatable\n"
    "  --help                  show this help\n"
    "\n"
    "built-in world (without --state): app client_key 'sbx_client_key', client_secret\n"
    "'sbx_client_secret', audited, redirect URIs http://127.0.0.1:3456/callback/ and\n"
    "http://127.0.0.1:*/callback/ (the desktop wildcard port: any loopback port on /callback/);\n"
    "account 'sandbox_creator' (nickname 'Sandbox Creator', public, privacy options PUBLIC_TO_EVERYONE,\n"
    "MUTUAL_FOLLOW_FRIENDS, SELF_ONLY, comment/duet/stitch allowed, max duration 600 s).\n"
    "TikTok's limits apply as documented: per token per minute 20 creator_info, 6 video/init,\n"
    "6 inbox/video/init, 6 content/init, 30 status/fetch; per creator per 24 h 15 direct posts\n"
    "(daily_post_cap in the state file) and 5 pending inbox shares.\n"
    "http://HOST:PORT/media/ is always a verified prefix.\n"
    "\n"
    "emulated TikTok endpoints (exact paths, as documented):\n"
    "  GET/POST /v2/auth/authorize/   consent page (POST = the page's Approve/Deny form)\n"
    "  POST /v2/oauth/token/  /v2/oauth/revoke/\n"
    "  POST /v2/post/publish/{creator_info/query,video/init,inbox/video/init,content/init,\n"
    "                         status/fetch,cancel}/\n"
    "  PUT  /video/?upload_id=..&upload_token=..   (the upload_url returned by init)\n"
    "sandbox conveniences (not TikTok):\n"
    "  GET  /                  page listing apps, accounts and posts with playable media\n"
    "  GET  /media/NAME        files from --media-dir\n"
    "  GET  /_sandbox/state    the state as JSON (tokens, posts with bytes received and sha256)\n"
    "  POST /_sandbox/fault    form path=PATH&codes=CODES: queue faults at runtime\n"
    "  POST /_sandbox/expire   form token=access|refresh|upload|code&value=TOKEN_OR_ID: expire it now\n"
    "  POST /_sandbox/finish   form publish_id=ID[&privacy_level=..]: the user posts an inbox draft\n"
    "\n"
    "deliberate deviations from TikTok: plain http on loopback (TikTok requires https for pulls\n"
    "and uploads), 'invalid_params' is the bad-parameter code (what real responses carry).\n";

enum {
    OPT_HOST = 256,
    OPT_PORT_FILE,
    OPT_STATE,
    OPT_FAULT,
    OPT_LATENCY,
    OPT_STALL,
    OPT_RETRY_AFTER,
    OPT_ACCESS_TTL,
    OPT_REFRESH_TTL,
    OPT_CODE_TTL,
    OPT_UPLOAD_TTL,
    OPT_COMPLETE,
    OPT_MEDIA,
    OPT_PREFIX,
    OPT_DOMAIN,
    OPT_AUTO
};

static const struct option long_opts[] = {
    {"host", required_argument, NULL, OPT_HOST},
    {"port", required_argument, NULL, 'p'},
    {"port-file", required_argument, NULL, OPT_PORT_FILE},
    {"auto-approve", no_argument, NULL, OPT_AUTO},
    {"state", required_argument, NULL, OPT_STATE},
    {"fault", required_argument, NULL, OPT_FAULT},
    {"latency", required_argument, NULL, OPT_LATENCY},
    {"stall-ms", required_argument, NULL, OPT_STALL},
    {"retry-after", required_argument, NULL, OPT_RETRY_AFTER},
    {"access-ttl", required_argument, NULL, OPT_ACCESS_TTL},
    {"refresh-ttl", required_argument, NULL, OPT_REFRESH_TTL},
    {"code-ttl", required_argument, NULL, OPT_CODE_TTL},
    {"upload-ttl", required_argument, NULL, OPT_UPLOAD_TTL},
    {"complete-after", required_argument, NULL, OPT_COMPLETE},
    {"media-dir", required_argument, NULL, OPT_MEDIA},
    {"verified-prefix", required_argument, NULL, OPT_PREFIX},
    {"verified-domain", required_argument, NULL, OPT_DOMAIN},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* Numeric options: which field, and its bounds. */
static long *number_field(struct sbx_config *c, int opt, int64_t *max)
{
    *max = 100000000000LL;
    switch (opt) {
    case OPT_LATENCY:
        return &c->latency_ms;
    case OPT_STALL:
        return &c->stall_ms;
    case OPT_RETRY_AFTER:
        return &c->retry_after_s;
    case OPT_ACCESS_TTL:
        return &c->access_ttl;
    case OPT_REFRESH_TTL:
        return &c->refresh_ttl;
    case OPT_CODE_TTL:
        return &c->code_ttl;
    case OPT_UPLOAD_TTL:
        return &c->upload_ttl;
    case OPT_COMPLETE:
        return &c->complete_after_ms;
    default:
        return NULL;
    }
}

static int parse_option(struct sbx_config *c, int opt, const char *arg)
{
    int64_t v, max;
    long *field = number_field(c, opt, &max);
    if (field) {
        if (ag_parse_i64(arg, 0, max, &v) < 0)
            return -1;
        *field = (long)v;
        return 0;
    }
    switch (opt) {
    case 'p':
        if (ag_parse_i64(arg, 0, 65535, &v) < 0)
            return -1;
        c->port = (unsigned)v;
        return 0;
    case OPT_HOST:
        c->host = arg;
        return 0;
    case OPT_PORT_FILE:
        c->port_file = arg;
        return 0;
    case OPT_AUTO:
        c->auto_approve = true;
        return 0;
    case OPT_STATE:
        c->state_path = arg;
        return 0;
    case OPT_MEDIA:
        c->media_dir = arg;
        return 0;
    case OPT_FAULT:
        return json_array_append_new(c->fault_specs, json_string(arg));
    case OPT_PREFIX:
        return json_array_append_new(c->prefixes, json_string(arg));
    case OPT_DOMAIN:
        return json_array_append_new(c->domains, json_string(arg));
    default:
        return -1;
    }
}

static void config_defaults(struct sbx_config *c)
{
    c->host = "127.0.0.1";
    c->stall_ms = 30000;
    c->retry_after_s = 1;
    c->access_ttl = 7200;
    c->refresh_ttl = 15552000;
    c->code_ttl = 300;
    c->upload_ttl = 3600;
    c->complete_after_ms = 1500;
    c->fault_specs = json_array();
    c->prefixes = json_array();
    c->domains = json_array();
}

int main(int argc, char **argv)
{
    static struct sbx s;
    int opt, rc = 2;

    config_defaults(&s.cfg);
    while ((opt = getopt_long(argc, argv, "h", long_opts, NULL)) != -1) {
        if (opt == 'h') {
            fputs(usage_text, stdout);
            rc = 0;
            goto out;
        }
        if (opt == '?' || parse_option(&s.cfg, opt, optarg) < 0) {
            if (opt != '?')
                ag_err("invalid value '%s' for %s", optarg, argv[optind - 1]);
            fputs("try 'agoras-sandbox --help'\n", stderr);
            goto out;
        }
    }
    if (optind < argc) {
        ag_err("unexpected argument '%s'", argv[optind]);
        goto out;
    }
    /* A client hanging up mid-answer must not kill the server (sendfile raises SIGPIPE). */
    signal(SIGPIPE, SIG_IGN);
    pthread_mutex_init(&s.lock, NULL);
    pthread_cond_init(&s.idle, NULL);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (sbx_faults_init(&s) == 0)
        rc = sbx_server_run(&s) == 0 ? 0 : 1;
    else
        rc = 2;
    sbx_faults_free(&s);
    json_decref(s.state);
    free(s.data_dir);
    curl_global_cleanup();
out:
    json_decref(s.cfg.fault_specs);
    json_decref(s.cfg.prefixes);
    json_decref(s.cfg.domains);
    return rc;
}
