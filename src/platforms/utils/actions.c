#include "platforms/utils/utils.h"

static const struct ag_option no_options[] = {{0}};

static int pending(struct ag_args *args, struct ag_error *err)
{
    return ag_error_set(err, AG_EFAIL, "'agoras utils %s' is not implemented yet", args->action->name);
}

static const struct ag_action tokens_list = {"tokens list", "List stored tokens.", no_options, pending, NULL};
static const struct ag_action tokens_show = {"tokens show", "Show a stored token.", no_options, pending, NULL};
static const struct ag_action tokens_delete = {"tokens delete", "Delete a stored token.", no_options, pending, NULL};
static const struct ag_action tokens_unattended = {"tokens unattended-format", "Export unattended env variables.",
                                                   no_options, pending, NULL};
static const struct ag_action media_limits = {"media-limits", "Show the media limits agoras enforces.", no_options,
                                              pending, NULL};

const struct ag_action *const ag_utils_actions[] = {&tokens_list, &tokens_show, &tokens_delete, &tokens_unattended,
                                                    &media_limits, NULL};
