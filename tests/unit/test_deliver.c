/* Unit tests for net/deliver.c: a post action run in-process with content rows from the delivery only
 * (never STATUS_* env), the network's own settings from env, the result captured instead of printed,
 * and the image a text-less post needs. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "net/deliver.h"
#include "net/opts_groups.h"
#include "net/result.h"

struct fake_post_opts {
    struct ag_content_opts content;
    const char *mode;
};

/* What the last run received: copies, the engine frees its strings after the run. */
static struct {
    char *text, *link, *image1, *image2, *image3, *mode;
} seen;
static int fake_rc;

static void keep(char **dst, const char *src)
{
    free(*dst);
    *dst = src ? strdup(src) : NULL;
}

static int fake_post(struct ag_args *args, struct ag_error *err)
{
    const struct fake_post_opts *o = args->opts;
    keep(&seen.text, o->content.text);
    keep(&seen.link, o->content.link);
    keep(&seen.image1, o->content.image[0]);
    keep(&seen.image2, o->content.image[1]);
    keep(&seen.image3, o->content.image[2]);
    keep(&seen.mode, o->mode);
    if (fake_rc < 0)
        return ag_error_set(err, -fake_rc, "may have been posted: check the chat before retrying");
    json_t *more = json_pack("{s:s}", "url", "https://fake.example/77");
    ag_result_print("id", "77", more);
    json_decref(more);
    return 0;
}

#define P struct fake_post_opts
static const struct ag_option post_options[] = {
    AG_OPTS_CONTENT(P, content, "an image"),
    AG_OPT_STR(P, mode, .name = "mode", .env = "FAKE_MODE", .def = "plain", .help = "a setting"),
    {0},
};
#undef P

static const struct ag_action fake_post_action = {.name = "post",
                                                  .summary = "post",
                                                  .options = post_options,
                                                  .opts_size = sizeof(struct fake_post_opts),
                                                  .run = fake_post};
static const struct ag_action *const fake_actions[] = {&fake_post_action, NULL};
static const struct ag_network fake = {.name = "fake", .display = "Fake", .actions = fake_actions};

/* A post that publishes images with a title (as TikTok's photo post). */
struct photo_opts {
    const char *title, *image1;
};
static int photo_post(struct ag_args *args, struct ag_error *err)
{
    (void)err;
    const struct photo_opts *o = args->opts;
    ag_result_print("publish_id", o->title ? o->title : "untitled", NULL);
    return 0;
}
#define Q struct photo_opts
static const struct ag_option photo_options[] = {
    AG_OPT_STR(Q, title, .name = "title", .env = "PHOTO_TITLE", .help = "title"),
    AG_OPT_STR(Q, image1, .name = "image-1", .env = "STATUS_IMAGE_URL_1", .help = "image"),
    {0},
};
#undef Q
static const struct ag_action photo_action = {.name = "post",
                                              .summary = "post",
                                              .options = photo_options,
                                              .opts_size = sizeof(struct photo_opts),
                                              .run = photo_post};
static const struct ag_action *const photo_actions[] = {&photo_action, NULL};
static const struct ag_network photo = {.name = "photo", .display = "Photo", .actions = photo_actions};

static const struct ag_action *const no_actions[] = {NULL};
static const struct ag_network mute = {.name = "mute", .display = "Mute", .actions = no_actions};

static int setup(void **state)
{
    (void)state;
    fake_rc = 0;
    setenv("STATUS_TEXT", "env text", 1);
    setenv("STATUS_LINK", "https://env.example/link", 1);
    setenv("STATUS_IMAGE_URL_1", "https://env.example/1.jpg", 1);
    setenv("STATUS_IMAGE_URL_2", "https://env.example/2.jpg", 1);
    setenv("PHOTO_TITLE", "env title", 1);
    setenv("FAKE_MODE", "fancy", 1);
    return 0;
}

/* Run ag_deliver with stdout sent to a temp file; returns its rc and how many bytes reached stdout. */
static int deliver_quiet(const struct ag_network *net, const struct ag_delivery *d, struct ag_delivered *out,
                         struct ag_error *err, long *printed)
{
    char path[] = "/tmp/agoras-test-deliver-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    dup2(fd, STDOUT_FILENO);
    int rc = ag_deliver(net, d, out, err);
    fflush(stdout);
    dup2(saved, STDOUT_FILENO);
    close(saved);
    struct stat st;
    fstat(fd, &st);
    *printed = (long)st.st_size;
    close(fd);
    unlink(path);
    return rc;
}

static void test_content_only_from_the_delivery(void **state)
{
    (void)state;
    struct ag_delivery d = {
        .text = "Item title", .link = "https://blog.example/a", .image = "https://blog.example/a.jpg"};
    struct ag_delivered out;
    struct ag_error err = {0};
    long printed = -1;
    assert_int_equal(deliver_quiet(&fake, &d, &out, &err, &printed), 0);
    assert_string_equal(seen.text, "Item title");
    assert_string_equal(seen.link, "https://blog.example/a");
    assert_string_equal(seen.image1, "https://blog.example/a.jpg");
    assert_null(seen.image2); /* STATUS_IMAGE_URL_2 is set, and not used */
    assert_null(seen.image3);
    assert_string_equal(seen.mode, "fancy"); /* the network's own setting still comes from env */
    assert_string_equal(out.id, "77");
    assert_string_equal(out.url, "https://fake.example/77");
    assert_string_equal(json_string_value(json_object_get(out.result, "id")), "77");
    assert_int_equal(printed, 0); /* captured, not printed */
    ag_delivered_free(&out);
}

static void test_missing_content_stays_empty(void **state)
{
    (void)state;
    struct ag_delivery d = {.text = "only text"};
    struct ag_delivered out;
    struct ag_error err = {0};
    long printed;
    assert_int_equal(deliver_quiet(&fake, &d, &out, &err, &printed), 0);
    assert_string_equal(seen.text, "only text");
    assert_null(seen.link);   /* not STATUS_LINK */
    assert_null(seen.image1); /* not STATUS_IMAGE_URL_1 */
    ag_delivered_free(&out);
    /* Once the capture is over, results print again. */
    long again;
    char path[] = "/tmp/agoras-test-deliver-XXXXXX";
    int fd = mkstemp(path);
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    dup2(fd, STDOUT_FILENO);
    ag_result_print("id", "1", NULL);
    dup2(saved, STDOUT_FILENO);
    close(saved);
    again = lseek(fd, 0, SEEK_END);
    close(fd);
    unlink(path);
    assert_int_equal(again, (long)strlen("{\"id\":\"1\"}\n"));
}

static void test_unknown_outcome_passes_through(void **state)
{
    (void)state;
    fake_rc = -AG_EUNKNOWN;
    struct ag_delivery d = {.text = "t"};
    struct ag_delivered out;
    struct ag_error err = {0};
    long printed;
    assert_int_equal(deliver_quiet(&fake, &d, &out, &err, &printed), -AG_EUNKNOWN);
    assert_non_null(strstr(err.msg, "may have been posted"));
    assert_null(out.id);
    assert_null(out.result);
}

static void test_textless_post_needs_an_image(void **state)
{
    (void)state;
    struct ag_delivery d = {.text = "Item title", .link = "https://blog.example/a"};
    struct ag_delivered out;
    struct ag_error err = {0};
    long printed;
    assert_int_equal(ag_deliver_check(&photo, &d, &err), -AG_EINVALID);
    assert_string_equal(err.msg, "no image for Photo");
    assert_int_equal(deliver_quiet(&photo, &d, &out, &err, &printed), -AG_EINVALID);
    d.image = "https://blog.example/a.jpg";
    assert_int_equal(deliver_quiet(&photo, &d, &out, &err, &printed), 0);
    assert_string_equal(out.id, "Item title"); /* the text went to the title row, not PHOTO_TITLE */
    assert_null(out.url);
    ag_delivered_free(&out);
}

static void test_no_post_action(void **state)
{
    (void)state;
    struct ag_delivery d = {.text = "t"};
    struct ag_delivered out;
    struct ag_error err = {0};
    assert_null(ag_deliver_action(&mute));
    assert_ptr_equal(ag_deliver_action(&fake), &fake_post_action);
    assert_int_equal(ag_deliver(&mute, &d, &out, &err), -AG_EUSAGE);
    assert_string_equal(err.msg, "Mute has no post action");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_content_only_from_the_delivery, setup),
        cmocka_unit_test_setup(test_missing_content_stays_empty, setup),
        cmocka_unit_test_setup(test_unknown_outcome_passes_through, setup),
        cmocka_unit_test_setup(test_textless_post_needs_an_image, setup),
        cmocka_unit_test_setup(test_no_post_action, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
