/*
 * model_default.c - the default model: the one named by $SPAMCLS_MODEL, or
 * the one installed beside the library, so that a program finds it the
 * way the spamcls command does without knowing where it was installed.
 */
#include <stdlib.h>

#include "spamcls.h"

const char *spamcls_model_default_path(void)
{
  const char *env = getenv("SPAMCLS_MODEL");
  if (env && *env)
    return env;
  return SPAMCLS_MODEL_DIR "/default.model";
}

spamcls_status spamcls_model_load_default(spamcls_model **out,
                                          spamcls_error *err)
{
  return spamcls_model_load(spamcls_model_default_path(), out, err);
}
