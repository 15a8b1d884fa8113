/* agoras utils: the stored-token commands and the media limits table. */
#include "platforms/utils/utils.h"

#include "cli/media_limits.h"
#include "cli/tokens.h"

const struct ag_action *const ag_utils_actions[] = {
    &ag_action_tokens_list,       &ag_action_tokens_show,  &ag_action_tokens_delete,
    &ag_action_tokens_unattended, &ag_action_media_limits, NULL,
};
