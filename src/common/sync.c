/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

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

/* The most one message carries: SYNC_VIEW's. */
#define SYNC_MAX_FDS SYNC_VIEW_FDS

int
sync_send_fds (int fd, const SyncMsg *msg, const int *fds, int n_fds)
{
  union {
    char buf[CMSG_SPACE (SYNC_MAX_FDS * sizeof (int))];
    struct cmsghdr align;
  } control;
  struct iovec iov = { .iov_base = (void *) msg, .iov_len = sizeof *msg };
  struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
                       .msg_controllen = CMSG_SPACE ((size_t) n_fds * sizeof (int)) };
  if (n_fds < 1 || n_fds > SYNC_MAX_FDS)
    return -EINVAL;
  memset (&control, 0, sizeof control);
  struct cmsghdr *c = CMSG_FIRSTHDR (&mh);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN ((size_t) n_fds * sizeof (int));
  memcpy (CMSG_DATA (c), fds, (size_t) n_fds * sizeof (int));
  ssize_t n;
  do
    n = sendmsg (fd, &mh, MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    return -errno;
  return n == (ssize_t) sizeof *msg ? 0 : -EPROTO;
}

int
sync_send_fd (int fd, const SyncMsg *msg, int pass_fd)
{
  return sync_send_fds (fd, msg, &pass_fd, 1);
}

static void
close_fds (int *fds, int n)
{
  for (int i = 0; i < n; i++)
    if (fds[i] >= 0)
      close (fds[i]), fds[i] = -1;
}

int
sync_recv_fds (int fd, SyncMsg *ret_msg, int flags, int *ret_fds, int max_fds)
{
  SyncMsg msg;
  union {
    char buf[CMSG_SPACE (SYNC_MAX_FDS * sizeof (int))];
    struct cmsghdr align;
  } control;
  struct iovec iov = { .iov_base = &msg, .iov_len = sizeof msg };
  struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
                       .msg_control = control.buf, .msg_controllen = sizeof control.buf };
  int got[SYNC_MAX_FDS];
  int n_got = 0;
  for (int i = 0; i < SYNC_MAX_FDS; i++)
    got[i] = -1;
  ssize_t n;
  do
    n = recvmsg (fd, &mh, flags | MSG_CMSG_CLOEXEC);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    return -errno;
  for (struct cmsghdr *c = CMSG_FIRSTHDR (&mh); c != NULL; c = CMSG_NXTHDR (&mh, c))
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS && c->cmsg_len >= CMSG_LEN (0))
      {
        size_t k = (c->cmsg_len - CMSG_LEN (0)) / sizeof (int);
        for (size_t i = 0; i < k; i++)
          {
            int one;
            memcpy (&one, CMSG_DATA (c) + i * sizeof (int), sizeof (int));
            if (n_got < SYNC_MAX_FDS)
              got[n_got++] = one;
            else
              close (one);
          }
      }
  /* Whatever the caller did not ask for is closed. */
  for (int i = 0; i < SYNC_MAX_FDS; i++)
    {
      if (ret_fds != NULL && i < max_fds)
        ret_fds[i] = got[i];
      else if (got[i] >= 0)
        close (got[i]);
    }
  if (n == 0)
    return -EPIPE;
  if (n != (ssize_t) sizeof msg || (mh.msg_flags & MSG_CTRUNC))
    {
      if (ret_fds != NULL)
        close_fds (ret_fds, max_fds < SYNC_MAX_FDS ? max_fds : SYNC_MAX_FDS);
      return -EPROTO;
    }
  msg.step[sizeof msg.step - 1] = '\0';
  msg.path[sizeof msg.path - 1] = '\0';
  msg.detail[sizeof msg.detail - 1] = '\0';
  *ret_msg = msg;
  return 0;
}

int
sync_recv_fd (int fd, SyncMsg *ret_msg, int flags, int *ret_fd)
{
  return sync_recv_fds (fd, ret_msg, flags, ret_fd, ret_fd != NULL ? 1 : 0);
}

int
sync_recv (int fd, SyncMsg *ret_msg, int flags)
{
  return sync_recv_fd (fd, ret_msg, flags, NULL);
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
  static SyncMsg msg; /* too large for a small stack; only the sandbox's child sends it */
  memset (&msg, 0, sizeof msg);
  msg.type = type;
  msg.err = err;
  copy_field (msg.step, sizeof msg.step, step);
  copy_field (msg.path, sizeof msg.path, path);
  copy_field (msg.detail, sizeof msg.detail, detail);
  return sync_send (fd, &msg);
}
