/* agoras utils: the stored-token commands and the media limits table. */
#include "platforms/utils/utils.h"

#include "platforms/utils/feed_publish.h"
#include "platforms/utils/media_limits.h"
#include "platforms/utils/tokens.h"

static const struct ag_action *const actions[] = {
    &ag_action_feed_publish,
    &ag_action_tokens_list,
    &ag_action_tokens_show,
    &ag_action_tokens_delete,
    &ag_action_tokens_unattended,
    &ag_action_media_limits,
    NULL,
};

const struct ag_network ag_utils_network = {
    .name = "utils",
    .display = "utils",
    .summary = "Cross-platform utilities: feed publishing, stored tokens, media limits",
    .actions = actions,
};
