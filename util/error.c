/* error.c - status texts and error messages. */
#include <stdio.h>

#include "util.h"

const char *spamcls_strerror(spamcls_status status)
{
  switch (status) {
  case SPAMCLS_OK: return "success";
  case SPAMCLS_EOF: return "end of input";
  case SPAMCLS_ERR_NOMEM: return "out of memory";
  case SPAMCLS_ERR_IO: return "input/output error";
  case SPAMCLS_ERR_FORMAT: return "malformed input";
  case SPAMCLS_ERR_LIMIT: return "input over a size limit";
  case SPAMCLS_ERR_MODEL: return "not a valid spamcls model";
  case SPAMCLS_ERR_VERSION: return "unsupported model version";
  case SPAMCLS_ERR_PARAM: return "invalid parameter";
  case SPAMCLS_ERR_TRAIN: return "training failed";
  }
  return "unknown status";
}

spamcls_status sc_error(spamcls_error *err, spamcls_status status,
                        const char *fmt, ...)
{
  if (err) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
  }
  return status;
}
