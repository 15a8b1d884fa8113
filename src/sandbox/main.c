/*
 * agoras-sandbox: a local, stateful emulator of social networks' APIs (TikTok, Telegram).
 * The command line is cli.c's option table (agoras-sandbox --help, agoras-sandbox(1)).
 *
 * Runs in the foreground until SIGTERM/SIGINT, then exits 0 (saving --state).
 */
#include "sandbox/sandbox.h"

#include <curl/curl.h>
#include <signal.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    static struct sbx s;
    int rc = sbx_cli_parse(&s.cfg, argc, argv);

    if (rc >= 0)
        goto out;
    /* A client hanging up mid-answer must not kill the server (sendfile raises SIGPIPE). */
    signal(SIGPIPE, SIG_IGN);
    pthread_mutex_init(&s.lock, NULL);
    pthread_cond_init(&s.idle, NULL);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (sbx_counts_init(&s) < 0)
        rc = 1;
    else if (sbx_faults_init(&s) == 0)
        rc = sbx_server_run(&s) == 0 ? 0 : 1;
    else
        rc = 2;
    sbx_faults_free(&s);
    sbx_counts_free(&s);
    json_decref(s.state);
    free(s.data_dir);
    curl_global_cleanup();
out:
    json_decref(s.cfg.fault_specs);
    json_decref(s.cfg.prefixes);
    json_decref(s.cfg.domains);
    return rc;
}
