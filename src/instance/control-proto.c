/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "instance/control-proto.h"

int
control_send (int fd, uint32_t type, int32_t value, const void *data, size_t len,
              const int *fds, int n_fds)
{
  ControlMsg header = { .type = type, .value = value, .len = (uint32_t) len };
  union {
    char buf[CMSG_SPACE (3 * sizeof (int))];
    struct cmsghdr align;
  } u;
  if (len > CONTROL_DATA_MAX || n_fds > 3)
    return -EINVAL;
  struct iovec iov[2] = {
    { .iov_base = &header, .iov_len = offsetof (ControlMsg, data) },
    { .iov_base = (void *) data, .iov_len = len },
  };
  struct msghdr mh = { .msg_iov = iov, .msg_iovlen = len > 0 ? 2 : 1 };
  if (n_fds > 0)
    {
      memset (&u, 0, sizeof u);
      mh.msg_control = u.buf;
      mh.msg_controllen = CMSG_SPACE (n_fds * sizeof (int));
      struct cmsghdr *c = CMSG_FIRSTHDR (&mh);
      c->cmsg_level = SOL_SOCKET;
      c->cmsg_type = SCM_RIGHTS;
      c->cmsg_len = CMSG_LEN (n_fds * sizeof (int));
      memcpy (CMSG_DATA (c), fds, n_fds * sizeof (int));
    }
  ssize_t n;
  do
    n = sendmsg (fd, &mh, MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
  return n < 0 ? -errno : 0;
}

int
control_recv (int fd, ControlMsg *msg, int ret_fds[3], int flags)
{
  union {
    char buf[CMSG_SPACE (3 * sizeof (int))];
    struct cmsghdr align;
  } u;
  struct iovec iov = { .iov_base = msg, .iov_len = sizeof *msg };
  struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
                       .msg_controllen = sizeof u.buf };
  for (int i = 0; i < 3; i++)
    ret_fds[i] = -1;
  ssize_t n;
  do
    n = recvmsg (fd, &mh, flags | MSG_CMSG_CLOEXEC);
  while (n < 0 && errno == EINTR);
  /* A peer that closed with our request unread resets the connection,
   * and the kernel reports that before the messages it sent first (a
   * refusal, control-peer.c): those are still queued, read them. */
  if (n < 0 && errno == ECONNRESET)
    {
      n = recvmsg (fd, &mh, flags | MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
      if (n < 0)
        errno = ECONNRESET;
    }
  if (n < 0)
    return -errno;
  if (n == 0)
    return -EPIPE;
  int got = 0;
  for (struct cmsghdr *c = CMSG_FIRSTHDR (&mh); c != NULL; c = CMSG_NXTHDR (&mh, c))
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
      {
        int k = (int) ((c->cmsg_len - CMSG_LEN (0)) / sizeof (int));
        for (int i = 0; i < k; i++)
          {
            int rfd;
            memcpy (&rfd, CMSG_DATA (c) + i * sizeof (int), sizeof rfd);
            if (got < 3)
              ret_fds[got++] = rfd;
            else
              close (rfd);
          }
      }
  if ((size_t) n < offsetof (ControlMsg, data) || msg->len > CONTROL_DATA_MAX
      || (size_t) n != offsetof (ControlMsg, data) + msg->len || (mh.msg_flags & MSG_TRUNC))
    {
      for (int i = 0; i < got; i++)
        close (ret_fds[i]), ret_fds[i] = -1;
      return -EBADMSG;
    }
  return 0;
}
