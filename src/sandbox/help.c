/*
 * The prose of agoras-sandbox --help, kept in this one place: --help prints it around the option
 * table (cli.c), and --man-sections hands it to scripts/gen-sandbox-man for agoras-sandbox(1).
 *
 * --man-sections prints each section as a line "# TITLE" (its man page heading) followed by its
 * text exactly as --help shows it.  In that text, lines at the left margin run on into paragraphs
 * (an empty line ends one); a line indented by two spaces is an item, "TERM  DESCRIPTION" when two
 * or more spaces separate the two, else a literal line (a command, an export line) that is copied
 * as it is.
 */
#include "sandbox/sandbox.h"

#include <stdio.h>

struct section {
    const char *man_title;  /* as the man page's .SH */
    const char *help_title; /* as --help's heading */
    const char *text;
    void (*write)(FILE *out); /* generated text, after text */
};

static const char description[] =
    "A local emulator of social networks' APIs, each written from its documentation and strict about\n"
    "every documented request rule, for trying agoras (and CI) without an app review or a real account:\n"
    "TikTok's Login Kit v2 OAuth and Content Posting API (at the root and under /tiktok), Telegram's\n"
    "Bot API (under /telegram), X's API v2 with OAuth 1.0a signatures (under /x), Discord's HTTP\n"
    "API v10 (under /discord) and Threads' OAuth and Graph API (under /threads), on one port.\n";

/* The export lines the sandbox prints when it starts, for the built-in world on a port to be chosen. */
static void write_exports(FILE *out)
{
    struct sbx example = {.base_url = "http://127.0.0.1:PORT", .lock = PTHREAD_MUTEX_INITIALIZER};
    example.state = json_object();
    for (size_t i = 0; i < sbx_n_networks; i++)
        sbx_networks[i]->state_init(&example, sbx_section(&example, sbx_networks[i]->name));
    sbx_print_exports(&example, out);
    json_decref(example.state);
}

/* Each network's endpoints; the first one's heading is the section's text. */
static void write_endpoints(FILE *out)
{
    for (size_t i = 0; i < sbx_n_networks; i++) {
        if (i > 0)
            fprintf(out, "%s, under %s:\n", sbx_networks[i]->display, sbx_networks[i]->prefix);
        fputs(sbx_networks[i]->endpoints_help, out);
    }
}

static const struct section sections[] = {
    {.man_title = "BUILT-IN WORLD",
     .help_title = "built-in world (without --state)",
     .text =
         "TikTok: one app, client_key 'sbx_client_key' and client_secret 'sbx_client_secret', audited, with "
         "the\n"
         "redirect URIs http://127.0.0.1:3456/callback/ and http://127.0.0.1:*/callback/ (the desktop\n"
         "wildcard port: any loopback port on /callback/). One account, 'sandbox_creator' (nickname\n"
         "'Sandbox Creator', public, privacy options PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS, SELF_ONLY,\n"
         "comment/duet/stitch allowed, max duration 600 s). http://HOST:PORT/media/ is always a verified\n"
         "prefix.\n"
         "Telegram: one bot, token '123456:sbx-telegram-token' (username sbx_bot), and two chats: the\n"
         "channel '@sbx_channel' (id -1001000000001) and the private chat 1000000001. At most 20\n"
         "messages a minute per chat (flood_per_minute in the state file; 0: no limit).\n"
         "X: the app 'sbx-x-consumer-key' / 'sbx-x-consumer-secret' (callbacks "
         "http://127.0.0.1:*/callback),\n"
         "and 'sbx-x-unenrolled-key' / 'sbx-x-unenrolled-secret', whose v2 calls get 403 "
         "client-not-enrolled;\n"
         "the user 1000000001 (sbx_user) with the read-write token '1000000001-sbxWriteToken' /\n"
         "'sbx-x-token-secret' and the read-only '1000000001-sbxReadToken' / 'sbx-x-read-secret'; a post\n"
         "1800000000000000001 by 2000000002 (sbx_friend). likes_forbidden and media_fail in the state file\n"
         "make likes answer 403 and video processing fail.\n"
         "Discord: one bot, token 'MTAwMDAwMDAwMDAwMDAwMDAx.sbx.discord-bot-token' (user sbx-bot, id\n"
         "1000000000000000001), in the guild 'Sandbox Server' (id 2000000000000000001) with the channels\n"
         "general (id 3000000000000000001), announcements (type 5), voice-room (type 2), read-only (no\n"
         "SEND_MESSAGES: 50013) and dup twice, and in two guilds named 'Twin'; 'Elsewhere' has no bot\n"
         "(50001). extra_guilds N in the state file adds N guilds before them, to page with after.\n"
         "Threads: the app 1000000000000001 / 'sbx-threads-app-secret' (redirect exactly\n"
         "https://127.0.0.1:8443/callback/), the user 17841400000000001 (sbx_threads) with the long-lived\n"
         "tokens 'THQVJsbx-threads-long-lived' (2 days old: refreshable), 'THQVJsbx-threads-fresh' (1 hour\n"
         "old: refresh refused) and 'THQVJsbx-threads-expired' (190/463); a post 18000000000000000 by\n"
         "17841400000000002 (sbx_friend) to repost. Images are FINISHED at their first status call,\n"
         "videos at their third (image_status_calls, video_status_calls in the state file).\n"},
    {.man_title = "LIMITS",
     .help_title = "limits",
     .text = "TikTok's limits apply as documented: per token per minute 20 creator_info, 6 video/init,\n"
             "6 inbox/video/init, 6 content/init, 30 status/fetch; per creator per 24 h 15 direct posts\n"
             "(daily_post_cap in the state file) and 5 pending inbox shares.\n"
             "Discord's as its docs give them: content 2000 characters, 10 embeds of 6000 characters in\n"
             "all, 10 MiB per file (upload_limit_bytes), 25 MiB per request; rate-limit buckets of 5\n"
             "creates or deletes per 5 s per channel, 30 requests per 10 s for the other routes\n"
             "(rate_limits in the state file).\n"
             "Threads': text 500 characters (emojis count their UTF-8 bytes), 5 links, carousels of 2-20\n"
             "children, 250 posts and 100 deletes per user per 24 h (post_quota, delete_quota), codes 1 h,\n"
             "short-lived tokens 1 h, long-lived 60 days, containers expire after 24 h.\n"},
    {.man_title = "USING IT WITH AGORAS",
     .help_title = "pointing agoras at the sandbox",
     .text =
         "When it starts, the sandbox prints on stderr the lines that point agoras at it: for each network\n"
         "its API base and the first credentials of its world, and a token store of its own (FILE.store\n"
         "with --state FILE, else $XDG_STATE_HOME/agoras-sandbox/store), so that trying it never touches\n"
         "~/.agoras. With the built-in world they read, PORT being the port it listens on:\n",
     .write = write_exports},
    {.man_title = "EMULATED ENDPOINTS",
     .help_title = "emulated endpoints (exact paths, as documented)",
     .text = "TikTok, at the root (or under /tiktok):\n",
     .write = write_endpoints},
    {.man_title = "SANDBOX ENDPOINTS",
     .help_title = "sandbox conveniences (not TikTok)",
     .text =
         "  GET /                     page listing apps, accounts and posts with playable media\n"
         "  GET /media/NAME           files from --media-dir\n"
         "  GET /_sandbox/state       TikTok's state as JSON (tokens, posts with bytes received and "
         "sha256);\n"
         "                            ?network=telegram, x, discord or threads for theirs, ?network=all\n"
         "                            for all\n"
         "  GET /_sandbox/requests    JSON counts per route, {\"telegram:sendMessage\": 1, ...}; ?since=N\n"
         "                            counts the requests after number N (header X-Sandbox-Requests: the\n"
         "                            last number); DELETE forgets the counts\n"
         "  POST /_sandbox/fault      form path=[NET:]KEY&codes=CODES: queue faults at runtime\n"
         "  POST /_sandbox/expire     form token=access|refresh|upload|code&value=TOKEN_OR_ID: expire it "
         "now\n"
         "  POST /_sandbox/finish     form publish_id=ID[&privacy_level=..]: the user posts an inbox "
         "draft\n"},
    {.man_title = "DEVIATIONS FROM TIKTOK",
     .help_title = "deliberate deviations from TikTok",
     .text =
         "Plain http on loopback (TikTok requires https for pulls and uploads), and 'invalid_params' is the\n"
         "bad-parameter code (what real responses carry). Telegram counts text and caption lengths in\n"
         "Unicode characters after entity parsing, fetches URLs itself (https, or http on loopback), and\n"
         "names its own descriptions where the docs quote none. X signs over http://HOST:PORT/x/...,\n"
         "counts URLs only with http:// or https:// and does not NFC-normalise, and words the bodies the\n"
         "doc does not quote (402, likes on self-serve access) itself.\n"
         "Discord refuses a create in a voice\n"
         "channel with 50035 (the doc has no other code for it), any API version but v10 and v9 with\n"
         "400, and a nonce over 25 characters; multipart bodies take only payload_json and files[n].\n"
         "Threads fetches image_url and video_url from loopback hosts only (http or https), answers an\n"
         "image it cannot fetch or read with error_message UNKNOWN, a spent quota with 9/2207042, and\n"
         "words the bodies the doc does not quote itself.\n"},
    {.man_title = "EXIT STATUS",
     .help_title = "exit status",
     .text =
         "  0   stopped by SIGTERM or SIGINT, the --state file saved\n"
         "  1   it could not listen on its port, load or save the --state file, or write the --port-file\n"
         "  2   usage error: an unknown or abbreviated option, a bad value, a bad --fault\n"},
    {.man_title = "EXAMPLES",
     .help_title = "examples",
     .text =
         "The built-in world on a free port, the consent page approving at once; paste the lines it prints:\n"
         "  agoras-sandbox --auto-approve &\n"
         "A world of your own, kept across runs, on a fixed port:\n"
         "  agoras-sandbox --port 8080 --state world.json\n"
         "The next two video/init requests answer 429 then 500, and the first upload PUT is dropped:\n"
         "  agoras-sandbox --fault /v2/post/publish/video/init/=429,500 --fault upload=drop\n"
         "Telegram's next sendMessage meets flood control, the one after loses its connection:\n"
         "  agoras-sandbox --fault telegram:sendMessage=429,drop\n"
         "X's next post is created but its answer is lost (outcome unknown):\n"
         "  agoras-sandbox --fault x:tweets=commit_drop\n"
         "Discord's next create is stored but its answer lost, so a retry must reuse its nonce:\n"
         "  agoras-sandbox --fault discord:messages=commit_drop\n"
         "Threads' next publish answers 24/4279009 though the container is FINISHED:\n"
         "  agoras-sandbox --fault threads:publish=not_ready\n"},
};

#define N_SECTIONS (sizeof(sections) / sizeof(sections[0]))

static void write_body(FILE *out, const struct section *s)
{
    fputs(s->text, out);
    if (s->write)
        s->write(out);
}

void sbx_help_print(FILE *out)
{
    fprintf(out, "usage: agoras-sandbox [options]\n\n%s\noptions:\n", description);
    sbx_cli_print_options(out);
    for (const struct section *s = sections; s < sections + N_SECTIONS; s++) {
        fprintf(out, "\n%s:\n", s->help_title);
        write_body(out, s);
    }
}

void sbx_help_print_sections(FILE *out)
{
    fprintf(out, "# DESCRIPTION\n%s", description);
    for (const struct section *s = sections; s < sections + N_SECTIONS; s++) {
        fprintf(out, "# %s\n", s->man_title);
        write_body(out, s);
    }
}
