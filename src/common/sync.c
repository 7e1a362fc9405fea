/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "common/sync.h"

int
sync_send (int fd, const SyncMsg *msg)
{
  ssize_t n;
  do
    n = send (fd, msg, sizeof *msg, MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    return -errno;
  return n == (ssize_t) sizeof *msg ? 0 : -EPROTO;
}

int
sync_recv (int fd, SyncMsg *ret_msg, int flags)
{
  SyncMsg msg;
  ssize_t n;
  do
    n = recv (fd, &msg, sizeof msg, flags);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    return -errno;
  if (n == 0)
    return -EPIPE;
  if (n != (ssize_t) sizeof msg)
    return -EPROTO;
  msg.step[sizeof msg.step - 1] = '\0';
  msg.path[sizeof msg.path - 1] = '\0';
  msg.detail[sizeof msg.detail - 1] = '\0';
  *ret_msg = msg;
  return 0;
}

static void
copy_field (char *dst, size_t size, const char *src)
{
  if (src == NULL)
    src = "";
  size_t n = strnlen (src, size - 1);
  memcpy (dst, src, n);
  dst[n] = '\0';
}

int
sync_send_error (int fd, SyncType type, const char *step, const char *path, int err,
                 const char *detail)
{
  static SyncMsg msg; /* too large for a small stack; the child is single-threaded */
  memset (&msg, 0, sizeof msg);
  msg.type = type;
  msg.err = err;
  copy_field (msg.step, sizeof msg.step, step);
  copy_field (msg.path, sizeof msg.path, path);
  copy_field (msg.detail, sizeof msg.detail, detail);
  return sync_send (fd, &msg);
}
